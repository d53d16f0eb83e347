// The at-risk forecast and the backtest's scoring (ADR 0013): pure functions.
#include "compliance/forecast.hpp"

#include <gtest/gtest.h>

#include "compliance/backtest.hpp"
#include "output/reasons_text.hpp"

using namespace vow;

namespace {

// A month of a 99.9% target (30 days: a 43.2 min budget) with `used` of the
// budget gone after `elapsed` of the month.
AccountReport month(double used, double elapsed) {
  AccountReport a;
  a.customer = "acme";
  UptimeFigures u;
  u.target = 99.9;
  u.eligible_seconds = 30 * 86400;
  u.elapsed_seconds = elapsed * u.eligible_seconds.value();
  u.downtime_seconds = used * 0.001 * u.eligible_seconds.value();
  u.budget_consumed = used;
  u.percent = 100 - used * 0.1;
  u.met = used <= 1;
  a.uptime = u;
  return a;
}

const TeamPace kNoTeam{{}};

}  // namespace

// Half the budget gone after 10% of the month: a quiet account stays below
// its budget, one that keeps missing does not.
TEST(Forecast, UptimeWeighsTheBurnSoFarAgainstTheAccountsOwnMonths) {
  AccountReport now = month(0.5, 0.1);
  AccountReport q1 = month(0.1, 1), q2 = month(0.1, 1), q3 = month(0.1, 1);
  // rate = (0.3 + 0.5 + 0.1) / (3 + 0.1 + 1) = 0.2195; projected 0.5 + 0.9 * 0.2195 = 0.698.
  EXPECT_TRUE(forecast_account({&now, {&q1, &q2, &q3}, {}, 0.1}, kNoTeam, "2026-11").empty());

  AccountReport m1 = month(1.5, 1), m2 = month(1.2, 1), m3 = month(0.9, 1);
  // rate = (3.6 + 0.5 + 0.1) / 4.1 = 1.0244; projected 0.5 + 0.9 * 1.0244 = 1.422.
  auto risks = forecast_account({&now, {&m1, &m2, &m3}, {}, 0.1}, kNoTeam, "2026-11");
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].metric, "uptime");
  EXPECT_EQ(risks[0].period, "2026-11");
  EXPECT_NEAR(risks[0].projected, 100 - (0.5 + 0.9 * 4.2 / 4.1) * 0.1, 1e-9);
  EXPECT_EQ(basis_text(risks[0].basis),
            "50% of the error budget used after 10% of the month; used 150%, 120%, 90% in the last 3 months; "
            "similar accounts use 10% a month; 142% projected by month end");
}

// The old noise: one big outage early in the first month, read as thirty.
TEST(Forecast, AnEarlyOutageWithoutHistoryIsNotExtrapolated) {
  AccountReport now = month(0.3, 0.02);
  // rate = (0.3 + 0.2) / 1.02 = 0.49; projected 0.3 + 0.98 * 0.49 = 0.78 (a straight line: 15).
  EXPECT_TRUE(forecast_account({&now, {}, {}, 0.2}, kNoTeam, "2026-11").empty());
  // Only the last three months count: an old disaster is forgotten.
  // Two missed months of three: (2 + 2 + 0.1 + 0.3 + 0.2) / 4.02 = 1.144; projected 1.42.
  AccountReport bad = month(2, 1), ok = month(0.1, 1);
  EXPECT_FALSE(forecast_account({&now, {&bad, &bad, &ok}, {}, 0.2}, kNoTeam, "x").empty());
  EXPECT_TRUE(forecast_account({&now, {&bad, &bad, &ok, &ok, &ok}, {}, 0.2}, kNoTeam, "x").empty());
}

TEST(Forecast, AMissedMonthIsNotAForecast) {
  AccountReport now = month(1.2, 0.5);
  AccountReport m = month(1.5, 1);
  EXPECT_TRUE(forecast_account({&now, {&m}, {}, 1.5}, kNoTeam, "x").empty());
}

TEST(Forecast, TeamPaceIsTheShareOfClocksThatRanAsFarAndBreached) {
  // Settled P1 response clocks: stopped at 20%, 50%, 90% of the target, two breached.
  TeamPace team({{"P1", Metric::Response, 0.2, false},
                 {"P1", Metric::Response, 0.5, false},
                 {"P1", Metric::Response, 0.9, false},
                 {"P1", Metric::Response, 1.4, true},
                 {"P1", Metric::Response, 0, true},
                 {"P1", Metric::Resolution, 0.95, false}});
  // Past 80%: the 90% one and the two breaches: (2 + 0.8) / (3 + 1).
  EXPECT_EQ(team.past(Metric::Response, "P1", 0.8), std::make_pair(3, 2));
  EXPECT_DOUBLE_EQ(team.breach_chance(Metric::Response, "P1", 0.8), 2.8 / 4);
  // Nothing known: the elapsed share itself.
  EXPECT_DOUBLE_EQ(team.breach_chance(Metric::Response, "P2", 0.3), 0.3);
  EXPECT_DOUBLE_EQ(team.breach_chance(Metric::Resolution, "P1", 0.96), 0.96);
}

TEST(Forecast, ARateIsFlaggedWhenOpenClocksLikelyPullItBelowTarget) {
  AccountReport now = month(0, 0.5);
  now.compliance_target = 0.95;
  now.response["P1"] = {3600, 3, 0, 1.0, {}, {}};
  // Three clocks past 80%, two breached: an open one at 80% breaches with 0.7.
  TeamPace team(
      {{"P1", Metric::Response, 0.9, false}, {"P1", Metric::Response, 2, true}, {"P1", Metric::Response, 2, true}});
  ForecastInput in{&now, {}, {{"P1", Metric::Response, 0.8, false}}, 0};
  auto risks = forecast_account(in, team, "2026-11");
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].metric, "response P1");
  // 4 clocks; one breach puts it at 75%: chance 0.7; expected on time 3.3 of 4.
  EXPECT_NEAR(risks[0].projected, 3.3 / 4, 1e-12);
  EXPECT_EQ(basis_text(risks[0].basis),
            "3 on time and 0 late so far, 1 open (furthest at 80% of its target; the team's clocks that ran that "
            "far: 2 of 3 late); 70% chance to end below 95%");
  // An open clock early on, at the team's pace, is not a risk: (2 + 0.1) / (5 + 1) = 0.35.
  TeamPace calm({{"P1", Metric::Response, 0.3, false},
                 {"P1", Metric::Response, 0.4, false},
                 {"P1", Metric::Response, 0.5, false},
                 {"P1", Metric::Response, 2, true},
                 {"P1", Metric::Response, 2, true}});
  in.open = {{"P1", Metric::Response, 0.1, false}};
  EXPECT_TRUE(forecast_account(in, calm, "2026-11").empty());
}

TEST(Backtest, ARateIsMissedFromTheLastTimeItFellBelowTarget) {
  // 1 late at 10 (0%), 19 on time by 20 (95%: recovered), 1 late at 30: 19/21 stays below.
  std::vector<ClockOutcome> clocks{{10, false}, {30, false}};
  for (int i = 0; i < 19; ++i) clocks.push_back({20, true});
  EXPECT_EQ(rate_missed_at(clocks, 0.95), 30);
  clocks.push_back({40, true});  // 20 of 22 = 90.9%: still below since 30
  EXPECT_EQ(rate_missed_at(clocks, 0.95), 30);
  EXPECT_EQ(rate_missed_at({{5, true}, {6, true}}, 0.95), std::nullopt);
  EXPECT_EQ(rate_missed_at({{7, true}, {5, false}}, 0.95), 5);  // 1 of 2 after 7: below since 5
}

TEST(Backtest, ScoreCountsAheadLateAndFalseFlags) {
  const Instant day = 86'400'000;
  std::vector<BacktestCase> cases{
      {"a", "uptime", 10 * day, 6 * day, {}},   // 4 days ahead
      {"b", "uptime", 10 * day, 8 * day, {}},   // 2 days ahead
      {"c", "uptime", 10 * day, 11 * day, {}},  // after: missed
      {"d", "uptime", 10 * day, {}, {}},        // never flagged: missed
      {"e", "uptime", {}, 3 * day, {}},         // false flag
  };
  auto m = score("2026-10", 7, cases);
  EXPECT_EQ(m.accounts, 7);
  EXPECT_EQ(m.breaches, 4);
  EXPECT_EQ(m.flagged_ahead, 2);
  EXPECT_EQ(m.missed, 2);
  EXPECT_EQ(m.flags, 4);
  EXPECT_EQ(m.false_flags, 1);
  EXPECT_DOUBLE_EQ(*m.median_days_early, 3.0);
  EXPECT_FALSE(score("x", 1, {}).median_days_early);
}
