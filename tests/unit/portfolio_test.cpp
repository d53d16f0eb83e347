#include "compliance/portfolio.hpp"

#include <gtest/gtest.h>

using namespace vow;

namespace {

AccountReport account(const char* id, const char* tier, double uptime, double target, const char* status) {
  AccountReport a;
  a.customer = id;
  a.name = std::string("Name of ") + id;
  a.tier = tier;
  UptimeFigures u;
  u.target = target;
  u.percent = uptime;
  u.met = uptime >= target;
  u.eligible_seconds = 1000;
  u.downtime_seconds = (100 - uptime) * 10;
  u.budget_consumed = u.downtime_seconds / ((1 - target / 100) * 1000);
  a.uptime = u;
  a.status = status;
  return a;
}

}  // namespace

TEST(Portfolio, TierSummaryNamesTheWorstMissAndHowFar) {
  auto a = account("a", "gold", 99.5, 99.9, "red");
  auto b = account("b", "gold", 99.95, 99.9, "green");
  a.response["P1"] = {3600, 9, 1, 0.9};
  b.response["P1"] = {3600, 10, 0, 1.0};
  auto tiers = summarize_tiers({a, b});
  ASSERT_EQ(tiers.size(), 1u);
  EXPECT_EQ(tiers[0].status, "red");
  EXPECT_EQ(tiers[0].reason,
            "1 of 2 accounts red; worst: Name of a, uptime 99.500% against 99.900% (0.400 points short).");
  EXPECT_EQ(tiers[0].response["P1"].achieved, 19);
  EXPECT_NEAR(*tiers[0].response["P1"].rate, 0.95, 1e-12);
  EXPECT_NEAR(*tiers[0].uptime_percent, (99.5 + 99.95) / 2, 1e-9);  // equal eligible time
}

TEST(Portfolio, FlagsRankRedBeforeYellowAndByShortfall) {
  auto slight = account("slight", "gold", 99.8, 99.9, "red");
  auto deep = account("deep", "gold", 98.0, 99.9, "red");
  auto warn = account("warn", "gold", 99.92, 99.9, "yellow");
  auto fine = account("fine", "gold", 100.0, 99.9, "green");
  auto flags = flag_accounts({slight, warn, fine, deep}, 10);
  ASSERT_EQ(flags.size(), 3u);
  EXPECT_EQ(flags[0].customer, "deep");
  EXPECT_EQ(flags[1].customer, "slight");
  EXPECT_EQ(flags[2].customer, "warn");
  EXPECT_EQ(flags[2].reasons.at(0), "80% of the uptime error budget used");
}
