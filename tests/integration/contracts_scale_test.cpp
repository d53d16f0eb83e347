// A portfolio's worth of contracts through the real command: every one of
// them resolved, none of them taking `vow check` down.
#include "helpers.hpp"

using namespace vowtest;

// `warn_at` in 300 contracts (and in the tier they share) used to leave a
// value on the Lua stack per definition, past its room: `vow check` crashed.
TEST(ContractsScale, ThreeHundredContractsWithWarningThresholdsCheck) {
  std::string rules = "tier \"gold\" { warn_at = { 0.5, 0.9 } }\n";
  for (int i = 0; i < 300; ++i)
    rules += "contract \"c" + std::to_string(i) + "\" { tier = \"gold\", monthly_fee = 100, warn_at = { 0.75 } }\n";
  auto dir = project("contracts-scale", rules);
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 0) << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find("ok: 300 contracts"), std::string::npos) << r.out.substr(0, 2000);
}
