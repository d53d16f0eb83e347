// The sandbox is a security boundary: every escape in the list
// must fail with the file named, promptly, and leave other contracts intact.
#include <gtest/gtest.h>

#include <chrono>

#include "contracts/contract_set.hpp"

using namespace vow;

namespace {

struct Escape {
  const char* name;
  const char* code;
  const char* expect;  // a fragment of the message
};

const Escape kEscapes[] = {
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

class SandboxEscape : public ::testing::TestWithParam<Escape> {};

}  // namespace

TEST_P(SandboxEscape, FailsNamingTheFileAndSparesOtherContracts) {
  const Escape& e = GetParam();
  auto started = std::chrono::steady_clock::now();
  ContractSet set(SandboxLimits{16u << 20, 256u << 20, 5'000'000});
  set.add_source("rules/evil.lua", e.code);
  set.add_source("rules/good.lua", "contract \"fine\" { monthly_fee = 10 }");
  set.resolve();
  ASSERT_FALSE(set.diagnostics().empty()) << e.name << " was not refused";
  const Diagnostic& d = set.diagnostics().front();
  EXPECT_EQ(d.file, "rules/evil.lua") << d.str();
  EXPECT_NE(d.str().find(e.expect), std::string::npos) << d.str();
  ASSERT_NE(set.find("fine"), nullptr) << "the other contract was lost";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, SandboxEscape, ::testing::ValuesIn(kEscapes),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(Sandbox, FormulaErrorsAtEvaluationNameTheirLine) {
  ContractSet set;
  set.add_source(
      "rules/a.lua",
      "contract \"a\" {\n  monthly_fee = 10,\n  credit = function(m)\n    return m.nothing.here\n  end,\n}\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty());
  const Contract* c = set.find("a");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->credit.at.str(), "rules/a.lua:3");
}

TEST(Sandbox, GlobalsOfOneFileAreNotSeenByAnother) {
  ContractSet set;
  set.add_source("rules/a.lua", "shared_fee = 10");
  set.add_source("rules/b.lua", "contract \"b\" { monthly_fee = shared_fee }");
  set.resolve();
  ASSERT_FALSE(set.diagnostics().empty());
  EXPECT_NE(set.diagnostics()[0].str().find("rules/b.lua:1: undefined global 'shared_fee'"), std::string::npos);
}
