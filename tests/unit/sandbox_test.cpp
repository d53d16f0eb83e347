// The sandbox is a security boundary: every escape in the issue's list
// must fail with the file named, promptly, and leave other contracts intact.
#include <gtest/gtest.h>

#include <chrono>

#include "../sandbox_escapes.hpp"
#include "contracts/calls.hpp"
#include "contracts/contract_set.hpp"

using namespace vow;

namespace {

class SandboxEscape : public ::testing::TestWithParam<vowtest::Escape> {};

}  // namespace

TEST_P(SandboxEscape, FailsNamingTheFileAndSparesOtherContracts) {
  const vowtest::Escape& e = GetParam();
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

INSTANTIATE_TEST_SUITE_P(Catalogue, SandboxEscape, ::testing::ValuesIn(vowtest::kEscapes),
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

TEST(Sandbox, FindKeepsLuasResultsWhereItSkipsLuasMatcher) {
  ContractSet set;
  set.add_source("rules/find.lua", R"(
    local s = "hello, world"
    local function same(c, d, a, b) assert(a == c and b == d, tostring(a) .. "," .. tostring(b)) end
    same(3, 3, s:find("l", 1, true))
    same(5, 8, s:find("o, w"))
    same(11, 11, s:find("l", -3, true))
    same(4, 3, s:find("", 4, true))
    same(nil, nil, s:find("", 100, true))
    same(nil, nil, s:find("x", 1, true))
    same(1, 1, s:find("h", -100))
    same(nil, nil, s:find(".", 1, true))
    same(8, 12, s:find("%w+", 8))
    same(2, 2, ("a+b"):find("+", 1, true))
    contract "ok" { monthly_fee = 1 }
  )");
  set.resolve();
  EXPECT_TRUE(set.diagnostics().empty()) << set.diagnostics().front().str();
}

TEST(Sandbox, MetamethodsOnADefinitionTableNeverRunOutsideACall) {
  // Reading fields ran __index outside any protected call: Lua panicked and
  // aborted the process.
  ContractSet set;
  set.add_source("rules/meta.lua",
                 "contract \"x\" (setmetatable({ monthly_fee = 1 }, { __index = function() error('x') end }))\n");
  set.resolve();
  EXPECT_NE(set.find("x"), nullptr);
}

namespace {

// The error of a credit formula called as at evaluation time.
std::string credit_error(const std::string& source, SandboxLimits limits = {}) {
  ContractSet set(limits);
  set.add_source("rules/t.lua", source);
  set.resolve();
  const Contract* c = set.find("t");
  if (!c) return "not resolved";
  std::string error;
  CreditFigures m;
  m.customer = "t";
  m.period = "2026-10";
  m.currency = "USD";
  call_credit(set.sandbox(), c->credit, m, error);
  return error;
}

}  // namespace

// DESIGN.md: every call's message handler builds a traceback. The first line
// is the message as before; the frames follow, innermost first.
TEST(Sandbox, RuntimeErrorsInCallsCarryATraceback) {
  std::string error = credit_error(
      "local function depth(m)\n"
      "  return m.nothing.here\n"
      "end\n"
      "local function rate(m) return depth(m) + 1 end\n"
      "contract \"t\" {\n  monthly_fee = 10,\n  credit = function(m)\n    local r = rate(m) return r\n  end,\n}\n");
  EXPECT_EQ(error.substr(0, error.find('\n')), "rules/t.lua:2: attempt to index a nil value (field 'nothing')");
  EXPECT_NE(error.find("\nstack traceback:\n\trules/t.lua:2: in "), std::string::npos) << error;
  EXPECT_NE(error.find("\n\trules/t.lua:4: in "), std::string::npos) << error;
  EXPECT_EQ(error.find("tail calls"), std::string::npos) << error;
  EXPECT_NE(error.find("\n\trules/t.lua:8: in function <rules/t.lua:7>"), std::string::npos) << error;

  // error() with a table: the message is as before, the frames still come.
  error = credit_error("contract \"t\" { monthly_fee = 10, credit = function(m) error({}) end }\n");
  EXPECT_EQ(error.substr(0, error.find('\n')), "rules/t.lua:1: error object is a table value");
  EXPECT_NE(error.find("\nstack traceback:\n\trules/t.lua:1: in function <rules/t.lua:1>"), std::string::npos) << error;
}

// The budget running out, even at a call (where the call hook fires, and
// again for the handler itself), still reads as the budget, with where it was.
TEST(Sandbox, TheEndOfTheBudgetKeepsItsMessageUnderTheHandler) {
  SandboxLimits small{16u << 20, 256u << 20, 200'000};
  for (const char* body : {"while true do end", "while true do pcall(function() end) end",
                           "local function f() return f() end return f()"}) {
    std::string error = credit_error(
        std::string("contract \"t\" { monthly_fee = 10, credit = function(m)\n") + body + "\nend }\n", small);
    EXPECT_EQ(error.substr(0, error.find('\n')),
              "rules/t.lua:2: instruction budget of 200000 exceeded (an endless loop?)")
        << body;
    EXPECT_NE(error.find("\nstack traceback:\n\trules/t.lua:2: in "), std::string::npos) << error;
  }
}

// A tail call leaves no frame of its caller; the traceback says so, as Lua's does.
TEST(Sandbox, ATracebackMarksWhereTailCallsLeftNoFrame) {
  std::string error = credit_error(
      "local function inner(m) return m.nothing.here end\n"
      "contract \"t\" { monthly_fee = 10, credit = function(m)\n  return inner(m)\nend }\n");
  EXPECT_NE(error.find("\n\trules/t.lua:1: in function <rules/t.lua:1>\n\t(...tail calls...)"), std::string::npos)
      << error;
}
