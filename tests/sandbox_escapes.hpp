// The sandbox escapes every test level tries: the contract code, and a
// fragment of the message that must come back.
#pragma once

namespace vowtest {

#define LONG_A8                                                                                                        \
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
  "aaaaaaaaaaaaaa"
#define LONG_A1K LONG_A8 LONG_A8 LONG_A8 LONG_A8 LONG_A8 LONG_A8 LONG_A8 LONG_A8
#define LONG_A8K LONG_A1K LONG_A1K LONG_A1K LONG_A1K LONG_A1K LONG_A1K LONG_A1K LONG_A1K
#define LONG_A LONG_A8K LONG_A8K LONG_A8K LONG_A8K LONG_A8K  // 40 KB for messages that quote it

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
    // Lua runs an xpcall handler inside the error, with hooks off.
    {"xpcall_handler_loops", "xpcall(function() error('x') end, function() while true do end end)",
     "instruction budget"},
    {"xpcall_handler_loops_after_budget", "xpcall(function() while true do end end, function() while true do end end)",
     "instruction budget"},
    {"xpcall_swallows_budget", "while true do xpcall(function() while true do end end, tostring) end",
     "instruction budget"},
    // Lua's matcher runs in C, out of the hook's reach, and backtracks.
    {"find_backtracks", "string.find(string.rep('a', 1e6), '.-.-.-.-.-.-.-.-b')", "backtrack"},
    {"match_method_backtracks", "local s = string.rep('a', 1e5) s:match('(.-)(.-)(.-)x')", "backtrack"},
    {"gmatch_backtracks", "for w in string.gmatch(string.rep('a', 1e5), 'a*a*a*b') do end", "backtrack"},
    {"gsub_backtracks", "string.gsub(string.rep('ab', 1e5), '(.*)(.*)(.*)c', '')", "backtrack"},
    {"malformed_pattern", "string.find('abc', '[a')", "malformed pattern"},
    // The bound's own scans run in C too: they must not be the hang.
    {"many_repetitions", "string.find(string.rep('a', 1e6), string.rep('a*', 2e4))", "backtrack"},
    {"huge_set_repeated", "string.find(string.rep('a', 1e6), '[' .. string.rep('b', 1e6) .. ']*c')", "backtrack"},
    // Lua's plain find is n times m; this one must end at once.
    {"plain_find_quadratic",
     "local s = string.rep('a', 2e6) assert(s:find(string.rep('a', 1e6) .. 'b', 1, true) == nil) error('ended')",
     "ended"},
    // Loops in C that run no Lua instruction: bounded before the call, or
    // stopped by the hook that every call (of a C function too) runs.
    {"rep_of_nothing", "local s = string.rep('', math.maxinteger) error('ended ' .. #s)", "ended 0"},
    {"table_move_range", "table.move({}, 1, 1 << 62, 2)", "table.move: at most"},
    {"table_insert_lying_len", "table.insert(setmetatable({}, { __len = function() return 1 << 40 end }), 1, 'x')",
     "claims more than"},
    // Stopped by the instruction budget or, on a slow or busy machine, by
    // the time limit first (each is 2-3 s here): either ends it.
    {"concat_through_c_index",
     "local t = setmetatable({}, { __index = table.concat }) local s = table.concat(t, '', 1, 1 << 62)",
     "exceeded (an endless loop?)"},
    {"gsub_through_c_index",
     "local r = setmetatable({}, { __index = table.concat }) for i = 1, 1e5 do r[i] = '' end "
     "local x = string.rep('a', 1e6):gsub('x*', r)",
     "exceeded"},
    {"sort_through_c_metamethods",
     "table.sort(setmetatable({}, { __index = rawlen, __newindex = rawequal, __len = function() return (1 << 31) - 2 "
     "end }))",
     "exceeded"},
    {"field_too_long", "contract \"u\" { name = string.rep('n', 2000) }", "at most 1000"},
    // Messages and durations that once crashed std::regex.
    {"huge_error_message", "error(string.rep('e', 1e5))", "eeeeeeee"},
    {"syntax_error_next_to_big_string", "x = 1 '" LONG_A "'", "unexpected symbol near"},
    {"error_with_a_line_past_int", "error('x:99999999999: boom', 0)", "boom"},
    {"invalid_utf8_name", "contract \"\xff\xfe\" { monthly_fee = 1 }", "not valid UTF-8"},
    {"invalid_utf8_field", "contract \"u\" { name = \"Acme \xc3\x28\" }", "not valid UTF-8"},
};

}  // namespace vowtest
