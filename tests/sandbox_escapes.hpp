// The sandbox escapes every test level tries: the contract code, and a
// fragment of the message that must come back.
#pragma once

namespace vowtest {

struct Escape {
  const char* name;
  const char* code;
  const char* expect;  // a fragment of the message
};

inline const Escape kEscapes[] = {
    {"os_execute", "os.execute('touch /tmp/vow-pwned')", "undefined global 'os'"},
    {"io_open", "local f = io.open('/etc/passwd')", "undefined global 'io'"},
    {"require", "require('socket')", "undefined global 'require'"},
    {"package_loadlib", "package.loadlib('libc.so.6', 'system')", "undefined global 'package'"},
    {"dofile", "dofile('/etc/passwd')", "undefined global 'dofile'"},
    {"load", "load('return 1')", "undefined global 'load'"},
    {"loadstring", "loadstring('return 1')", "undefined global 'loadstring'"},
    {"string_dump", "local b = string.dump(function() end)", "dump"},
    {"string_dump_method", "local b = ('').dump(function() end)", "dump"},
    {"debug", "debug.sethook()", "undefined global 'debug'"},
    {"collectgarbage", "collectgarbage('stop')", "undefined global 'collectgarbage'"},
    {"rawset", "rawset(_ENV, 'x', 1)", "undefined global 'rawset'"},
    {"endless_loop", "while true do end", "instruction budget"},
    {"endless_loop_in_pcall", "while true do pcall(function() while true do end end) end", "instruction budget"},
    {"pcall_swallows_budget", "local ok = pcall(function() while true do end end) x = 1", "instruction budget"},
    {"table_bomb", "local t = {} for i = 1, 1e9 do t[i] = i end", "memory"},
    {"string_rep_bomb", "local s = string.rep('x', 2^30)", "memory"},
    {"string_metatable", "getmetatable('').__index = function() return 1 end", "attempt to index"},
    {"string_metatable_set", "setmetatable('', {})", "table expected"},
    {"undefined_global", "local x = not_defined_anywhere + 1", "undefined global 'not_defined_anywhere'"},
    {"assign_helper", "hours = function() return 0 end", "cannot assign to 'hours'"},
    {"assign_library", "math.floor = nil", "cannot assign"},
    {"math_random", "local r = math.random()", "attempt to call"},
    {"gc_finalizer", "setmetatable({}, { __gc = function() while true do end end })", "__gc"},
    {"bytecode_file", "\x1bLua\x54\x00", "bytecode"},
};

}  // namespace vowtest
