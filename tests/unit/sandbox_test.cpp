// The sandbox is a security boundary: every escape in the list
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
