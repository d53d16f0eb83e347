// The sandbox is a security boundary: every escape in the issue's list
// must fail with the file named, promptly, and leave other contracts intact.
#include <gtest/gtest.h>

#include <chrono>

#include "../sandbox_escapes.hpp"
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
