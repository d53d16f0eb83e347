#include "compliance/portfolio.hpp"

#include <gtest/gtest.h>

#include "compliance/shortfall.hpp"
#include "output/reasons_text.hpp"
#include "vow/render.hpp"

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
  u.budget_consumed = u.downtime_seconds.value() / ((1 - target / 100) * 1000);
  a.uptime = u;
  std::string_view word = status;
  a.status = word == "red" ? Status::Red : word == "yellow" ? Status::Yellow : Status::Green;
  return a;
}

}  // namespace

TEST(Portfolio, TierSummaryNamesTheWorstMissAndHowFar) {
  auto a = account("a", "gold", 99.5, 99.9, "red");
  auto b = account("b", "gold", 99.95, 99.9, "green");
  a.response["P1"] = {3600, 9, 1, 0.9, {}, {}};
  b.response["P1"] = {3600, 10, 0, 1.0, {}, {}};
  auto tiers = summarize_tiers({a, b});
  ASSERT_EQ(tiers.size(), 1u);
  EXPECT_EQ(to_string(tiers[0].status), "red");
  EXPECT_EQ(tier_reason(tiers[0]),
            "1 of 2 accounts red; worst: Name of a, uptime 99.500% against 99.900% (0.400 points short, 5.0× the error "
            "budget).");
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
  EXPECT_EQ(miss_text(flags[2].reasons.at(0)), "80% of the uptime error budget used");
}

// Issue 8, point 4, from the example portfolio: c050 (1.300 points short,
// three tickets late) was listed above c042 (2.241 points short, two late),
// because the old score added up counts of misses. Both missed P0 with 0/1,
// which used 20 times the 5% of late tickets that 95% allows; c042's uptime
// used 23.4 times its 0.1% budget, c050's 14 times: c042 fell further short.
TEST(Portfolio, FlagsRankByTheWorstShareOfABudgetNotByCountingMisses) {
  auto c050 = account("c050", "enterprise", 98.6, 99.9, "red");
  c050.response["P0"] = {900, 0, 1, 0.0, {}, {}};
  c050.resolution["P0"] = {14400, 0, 1, 0.0, {}, {}};
  c050.resolution["P1"] = {28800, 0, 1, 0.0, {}, {}};
  c050.communications = PriorityTable{{"update", {1800, 0, 8, 0.0, {}, {}}}};
  auto c042 = account("c042", "enterprise", 97.659, 99.9, "red");
  c042.response["P0"] = {900, 0, 1, 0.0, {}, {}};
  c042.resolution["P0"] = {14400, 0, 1, 0.0, {}, {}};
  c042.communications = PriorityTable{{"update", {1800, 0, 13, 0.0, {}, {}}}};
  auto flags = flag_accounts({c050, c042}, 10);
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].customer, "c042");
  EXPECT_EQ(flags[1].customer, "c050");
  EXPECT_NEAR(flags[0].severity, 23.41, 1e-9);
  EXPECT_EQ(miss_text(flags[0].reasons.at(0)),
            "uptime 97.659% against 99.900% (2.241 points short, 23.4× the error budget)");
  EXPECT_EQ(miss_text(flags[0].reasons.at(1)), "P0 response 0.0% (0/1) against 95% (20.0× the error budget)");
  // The tier's card names the same account as its worst.
  auto tiers = summarize_tiers({c050, c042});
  ASSERT_EQ(tiers.size(), 1u);
  EXPECT_NE(tier_reason(tiers[0]).find("worst: Name of c042,"), std::string::npos) << tier_reason(tiers[0]);
}

// A missed uptime ranks before missed ticket targets: one late P1 of one
// uses 20 times its budget, a day down of a month "only" 3.2 times 99%'s,
// yet the day down is the worse month for the customer.
TEST(Portfolio, AMissedUptimeRanksBeforeMissedTickets) {
  auto day_down = account("day", "gold", 96.774, 99.0, "red");
  auto late = account("late", "gold", 100.0, 99.0, "red");
  late.response["P1"] = {3600, 0, 1, 0.0, {}, {}};
  auto flags = flag_accounts({late, day_down}, 10);
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].customer, "day");
  EXPECT_EQ(flags[1].customer, "late");
}

// Found by review: uptime budget used within the target decided the order
// before the tickets did, so 9/10 on time ranked above 0/3; and against a
// 100% target every miss used an unbounded budget, so a minute down tied
// with half a month.
TEST(Portfolio, AMetUptimeDoesNotOutrankMissedTicketsAndA100PercentTargetRanksByPoints) {
  auto small = account("x", "gold", 99.98, 99.0, "red");
  small.response["P1"] = {3600, 9, 1, 0.9, {}, {}};
  auto none = account("y", "gold", 100.0, 99.0, "red");
  none.response["P1"] = {3600, 0, 3, 0.0, {}, {}};
  auto flags = flag_accounts({small, none}, 10);
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].customer, "y");

  auto minute = account("minute", "gold", 99.998, 100.0, "red");
  auto half = account("half", "gold", 54.839, 100.0, "red");
  flags = flag_accounts({minute, half}, 10);
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].customer, "half");
}

// Equal worst misses: the sum of the misses decides, then late notices.
TEST(Portfolio, EqualWorstMissesRankByTheirSumThenNotices) {
  auto one = account("a", "gold", 98.0, 99.9, "red");
  auto two = account("b", "gold", 98.0, 99.9, "red");
  two.response["P1"] = {3600, 9, 1, 0.9, {}, {}};  // 0.1 late of 0.05 allowed: 2x
  auto three = account("c", "gold", 98.0, 99.9, "red");
  three.communications = PriorityTable{{"initial", {900, 0, 1, 0.0, {}, {}}}};
  auto flags = flag_accounts({one, two, three}, 10);
  ASSERT_EQ(flags.size(), 3u);
  EXPECT_EQ(flags[0].customer, "b");
  EXPECT_EQ(flags[1].customer, "c");
  EXPECT_EQ(flags[2].customer, "a");
}

// The HTML's chart and table order: the flags' own order, then the green
// accounts (least budget used last); the two never disagree.
TEST(Portfolio, WorstFirstRanksEveryAccountAsTheFlagsDo) {
  std::vector<AccountReport> all = {
      account("slight", "gold", 99.8, 99.9, "red"),    account("fine-b", "gold", 100.0, 99.9, "green"),
      account("warn", "gold", 99.92, 99.9, "yellow"),  account("tickets", "gold", 100.0, 99.9, "red"),
      account("fine-a", "gold", 99.95, 99.9, "green"), account("deep", "gold", 98.0, 99.9, "red")};
  all[3].response["P1"] = {3600, 0, 1, 0.0, {}, {}};  // red on a ticket alone, uptime met
  std::vector<std::string> order;
  for (const AccountReport* a : by_severity(all)) order.push_back(a->customer);
  std::vector<std::string> expected;
  for (const auto& f : flag_accounts(all, 10)) expected.push_back(f.customer);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(expected.back(), "warn");
  expected.insert(expected.end(), {"fine-a", "fine-b"});
  EXPECT_EQ(order, expected);
}
