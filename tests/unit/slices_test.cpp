// Slices and objectives (contract language 1.1, slis.md): the grid on DST
// days, exact bad-slice tests, windows longer than their slice, and the
// `objectives` field as `vow check` reads it.
#include "compliance/slices.hpp"

#include <gtest/gtest.h>

#include "compliance/objectives.hpp"
#include "contract_problems.hpp"
#include "engine_fixture.hpp"
#include "vow/engine.hpp"

using namespace vow;

namespace {

std::string contract(const std::string& objectives) {
  return "contract \"acme\" {\n  objectives = " + objectives + ",\n}\n";
}

}  // namespace

TEST(Slices, ADstDayHasItsLastSliceShorterOrLonger) {
  const Zone& ny = *Zone::find("America/New_York");
  // 2026-11-01 has 25 hours in New York (EDT to EST at 02:00).
  Interval day{at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z")};
  SliceGrid hours = slice_grid(ny, day, 3'600'000);
  ASSERT_EQ(hours.size(), 24u);
  EXPECT_EQ(hours.end_of(23) - hours.starts[23], 2 * 3'600'000);  // 23:00 local, two hours long
  SliceGrid whole = slice_grid(ny, day, kDay);
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole.end_of(0) - whole.starts[0], 25 * 3'600'000);
  // 2026-03-08 has 23: a day slice is 23 hours; hourly slices are 23.
  Interval spring{at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z")};
  EXPECT_EQ(slice_grid(ny, spring, 3'600'000).size(), 23u);
  SliceGrid two = slice_grid(ny, spring, 2 * 3'600'000);
  ASSERT_EQ(two.size(), 12u);
  EXPECT_EQ(two.end_of(11) - two.starts[11], 3'600'000);  // the last, one hour short
  EXPECT_EQ(slice_grid(ny, spring, kDay).end_of(0) - at("2026-03-08T05:00:00Z"), 23 * 3'600'000);
}

TEST(Slices, WindowsGoToTheSliceOfTheirStartAndLongOnesNowhere) {
  SliceGrid g = slice_grid(Zone::utc(), {at("2026-11-01T00:00:00Z"), at("2026-11-01T01:00:00Z")}, 60'000);
  ASSERT_EQ(g.size(), 60u);
  SliWindow a, b, c;
  a.start = at("2026-11-01T00:00:30Z"), a.end = at("2026-11-01T00:01:30Z"), a.good = 9, a.total = 10;
  b.start = at("2026-11-01T00:00:00Z"), b.end = at("2026-11-01T00:00:20Z"), b.good = 1, b.total = 1;
  c.start = at("2026-11-01T00:05:00Z"), c.end = at("2026-11-01T00:07:00Z"), c.good = 0, c.total = 3;
  std::vector<const SliWindow*> too_long;
  std::vector<const SliWindow*> windows{&a, &b, &c};
  auto counts = count_slices(g, windows, &too_long);
  EXPECT_EQ(counts[0].good, 10);
  EXPECT_EQ(counts[0].total, 11);
  EXPECT_EQ(counts[5].total, 0);
  ASSERT_EQ(too_long.size(), 1u);
  EXPECT_EQ(too_long[0], &c);
}

TEST(Slices, BadIsExactAtTheRateTheContractWrote) {
  std::int64_t num, den;
  ASSERT_TRUE(decimal_fraction(5, 6, num, den));
  EXPECT_EQ(num, 5);
  EXPECT_EQ(den, 1);
  // 5% of 100 is 5 failures: not above 5%, so good; 6 is bad.
  EXPECT_FALSE(bad_slice({95, 100}, 1, num, den));
  EXPECT_TRUE(bad_slice({94, 100}, 1, num, den));
  // 0.1 is not a binary fraction: 1 failure in 1000 is exactly 0.1%, not above.
  ASSERT_TRUE(decimal_fraction(0.1, 6, num, den));
  EXPECT_EQ(num, 1);
  EXPECT_EQ(den, 10);
  EXPECT_FALSE(bad_slice({999, 1000}, 1, num, den));
  EXPECT_TRUE(bad_slice({998, 1000}, 1, num, den));
  // Under min_total, and without counts, a slice is good.
  EXPECT_FALSE(bad_slice({0, 99}, 100, num, den));
  EXPECT_TRUE(bad_slice({0, 100}, 100, num, den));
  EXPECT_FALSE(bad_slice({0, 0}, 1, num, den));
  // Counts near 2^63 do not overflow the comparison.
  EXPECT_TRUE(bad_slice({INT64_MAX / 2, INT64_MAX}, 1, num, den));
  EXPECT_FALSE(decimal_fraction(0.1234567, 6, num, den));
}

TEST(ObjectivesField, EachProblemNamesTheObjectiveAndTheKey) {
  expect_problem(contract(R"({ { name = "Page", sli = "p" } })"), "field \"objectives.1.target\" is required");
  expect_problem(contract(R"({ { name = "Page", target = 95 } })"), "field \"objectives.1.sli\" is required");
  expect_problem(contract(R"({ { name = "Page", sli = "p", target = 95 }, { name = "Page", sli = "q", target = 9 } })"),
                 "field \"objectives.2.name\": \"Page\" names another objective too");
  expect_problem(
      contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslice" } })"),
      "field \"objectives.1.method\" must be \"ratio\", \"timeslices\" or \"ratio_timeslices\" (did you mean "
      "\"timeslices\"?)");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", max_error_rate = 5 } })"),
                 "field \"objectives.1.slice\" is required with this method");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", slice = "7m",
                                 max_error_rate = 5 } })"),
                 "field \"objectives.1.slice\" must be a minute or more that divides a day");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", slice = "1m" } })"),
                 "field \"objectives.1.max_error_rate\" is required with slices");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, slice = "1m" } })"),
                 "field \"objectives.1.slice\" applies to the methods");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "ratio_timeslices", slice = "1h",
                                 max_error_rate = 5 } })"),
                 "field \"objectives.1.max_error_rate\" applies to slices");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", slice = "1m",
                                 max_error_rate = 5, min_total = 0.5 } })"),
                 "field \"objectives.1.min_total\" must be a whole number");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, trget = 1 } })"),
                 "field \"objectives.1.trget\" is unknown (did you mean \"target\"?)");
  expect_problem(contract(R"({ name = "P", sli = "p", target = 95 })"), "one objective needs braces around it too");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 101 } })"),
                 "field \"objectives.1.target\" must be a percent between 0 and 100");
  EXPECT_TRUE(problems_of(contract(R"({ { name = "P", sli = "p", target = 99.5, method = "timeslices", slice = "5m",
                                         max_error_rate = 0, min_total = 100, clause = "§4" } })"))
                  .empty());
}

// vow serve sleeps until a sliced objective's running slice ends (a bad
// slice counts from its end), and not at all while a window is stored
// ahead of the instant asked.
TEST(ObjectiveAlerts, QuietUntilTheRunningSliceEndsUnlessAWindowIsAhead) {
  Engine e;
  e.add_contract_source("rules/c.lua", R"(contract "acme" {
  timezone = "UTC",
  objectives = { { name = "Lag", sli = "lag", target = 99, method = "timeslices", slice = "1h", max_error_rate = 0 } },
})");
  ASSERT_TRUE(e.finish_contracts().empty());
  e.add_events_ndjson(
      R"({"id":"w","type":"sli.counted","at":"2026-11-04T13:05:00Z","sli":"lag","start":"2026-11-04T13:00:00Z","end":"2026-11-04T13:05:00Z","good":0,"total":1}
)",
      "events.ndjson");
  Query q;
  q.as_of = at("2026-11-04T13:30:00Z");
  AlertsReport r = e.alerts(q);
  EXPECT_TRUE(r.alerts.empty());
  ASSERT_TRUE(r.quiet_until.contains("acme"));
  EXPECT_EQ(r.quiet_until.at("acme"), at("2026-11-04T14:00:00Z"));
  // One bad slice of 720 uses 1 / 7.2 of the budget: no warning. Eight would.
  q.as_of = at("2026-11-04T14:00:00Z");
  EXPECT_TRUE(e.alerts(q).alerts.empty());
  q.as_of = at("2026-11-04T13:00:00Z");  // the window is stored, stamped 13:05: ahead
  EXPECT_FALSE(e.alerts(q).quiet_until.contains("acme"));
}

namespace {

// Objectives of `rules` over November, as of 2026-12-01, with `windows`
// (one line each, "start good total", one-hour windows for acme).
Report november(const char* rules, const std::vector<std::string>& windows) {
  Engine e;
  e.add_contract_source("rules/c.lua", rules);
  EXPECT_TRUE(e.finish_contracts().empty());
  std::string ndjson;
  int n = 0;
  for (const std::string& w : windows) {
    std::string start = w.substr(0, w.find(' '));
    std::string rest = w.substr(w.find(' ') + 1);
    std::string good = rest.substr(0, rest.find(' ')), total = rest.substr(rest.find(' ') + 1);
    Instant s = at(start.c_str());
    ndjson += R"({"id":"w)" + std::to_string(++n) + R"(","type":"sli.counted","at":")" + format_instant(s + 3'600'000) +
              R"(","sli":"s","start":")" + start + R"(","end":")" + format_instant(s + 3'600'000) + R"(","good":)" +
              good + R"(,"total":)" + total + R"(,"customers":["acme"]})" + "\n";
  }
  e.add_events_ndjson(ndjson, "events.ndjson");
  Query q;
  q.period = "2026-11";
  q.as_of = at("2026-12-01T00:00:00Z");
  return e.report(q);
}

}  // namespace

// Review of issue 13's objectives, each finding with its test.
TEST(Objectives, ATargetIsComparedAsTheDecimalWrittenForEveryMethod) {
  // 7 days at 997/1000: 100 × (1 − 0.021 / 30) = 99.93 exactly, met.
  std::vector<std::string> days;
  for (int d = 1; d <= 7; ++d) days.push_back("2026-11-0" + std::to_string(d) + "T00:00:00Z 997 1000");
  Report r = november(R"(contract "acme" { timezone = "UTC", objectives = {
    { name = "P", sli = "s", target = 99.93, method = "ratio_timeslices", slice = "1d" } } })",
                      days);
  EXPECT_TRUE(r.accounts.at(0).objectives.at(0).met);
  EXPECT_NEAR(*r.accounts.at(0).objectives.at(0).budget_consumed, 1.0, 1e-12);
  // 100% allows no failure: one in 10^15 misses it (red, with its reason).
  Report all = november(R"(contract "acme" { timezone = "UTC", objectives = {
    { name = "P", sli = "s", target = 100 } } })",
                        {"2026-11-02T00:00:00Z 999999999999999 1000000000000000"});
  EXPECT_FALSE(all.accounts.at(0).objectives.at(0).met);
  EXPECT_EQ(all.accounts.at(0).status, Status::Red);
  // A budget reached exactly warns: 8 of 1000 against 99% is 0.8 of it.
  Report warn = november(R"(contract "acme" { timezone = "UTC", objectives = {
    { name = "P", sli = "s", target = 99 } } })",
                         {"2026-11-02T00:00:00Z 992 1000"});
  EXPECT_EQ(*warn.accounts.at(0).objectives.at(0).budget_consumed, 0.8);
  EXPECT_EQ(warn.accounts.at(0).status, Status::Yellow);
}

TEST(Objectives, CountsPastSixtyFourBitsAddUpExactly) {
  // Four windows of 2^62 events, half good: 2^64 in all, 50%.
  std::vector<std::string> big;
  for (int h = 0; h < 4; ++h)
    big.push_back("2026-11-02T0" + std::to_string(h) + ":00:00Z 2305843009213693952 4611686018427387904");
  Report r = november(R"(contract "acme" { timezone = "UTC", objectives = {
    { name = "P", sli = "s", target = 99 },
    { name = "T", sli = "s", target = 99, method = "timeslices", slice = "1d", max_error_rate = 60 } } })",
                      big);
  EXPECT_NEAR(*r.accounts.at(0).objectives.at(0).percent, 50.0, 1e-9);
  EXPECT_FALSE(r.accounts.at(0).objectives.at(0).met);
  // In one daily slice: 50% failed is not above 60%.
  EXPECT_EQ(*r.accounts.at(0).objectives.at(1).bad_slices, 0);
}

TEST(Objectives, ARepeatedWindowIsNoProblemBesideAnOverlap) {
  Engine e;
  e.add_contract_source("rules/c.lua", R"(contract "acme" { timezone = "UTC", objectives = {
    { name = "P", sli = "s", target = 99 } } })");
  ASSERT_TRUE(e.finish_contracts().empty());
  e.add_events_ndjson(
      R"({"id":"y","type":"sli.counted","at":"2026-11-05T01:00:00Z","sli":"s","start":"2026-11-05T00:00:00Z","end":"2026-11-05T01:00:00Z","good":0,"total":128}
{"id":"x","type":"sli.counted","at":"2026-11-05T01:00:00Z","sli":"s","start":"2026-11-05T00:00:00Z","end":"2026-11-05T01:00:00Z","good":128,"total":128}
{"id":"x2","type":"sli.counted","at":"2026-11-05T01:00:00Z","sli":"s","start":"2026-11-05T00:00:00Z","end":"2026-11-05T01:00:00Z","good":128,"total":128}
)",
      "events.ndjson");
  Query q;
  q.period = "2026-11";
  q.as_of = at("2026-12-01T00:00:00Z");
  std::vector<std::string> events;
  for (const ProblemLine& p : e.report(q).problems) events.push_back(p.event);
  EXPECT_EQ(events, (std::vector<std::string>{"x", "y"}));
}

TEST(ObjectivesField, ProblemsPointAtTheirObjectivesLine) {
  auto ps = problems_of(R"(contract "acme" {
  objectives = {
    { name = "A", sli = "a", target = 95, method = "timeslices", slice = "1m", max_error_rate = 5 },
    { name = "B", sli = "b", target = 95, method = "timeslices",
      slice = "7m", max_error_rate = 5 },
    { name = "C", sli = "c", target = 99.1234567 },
  },
})");
  ASSERT_EQ(ps.size(), 2u) << ps[0];
  EXPECT_EQ(ps[0].substr(0, 14), "rules/c.lua:5:") << ps[0];
  EXPECT_NE(ps[0].find("objectives.2.slice"), std::string::npos) << ps[0];
  EXPECT_EQ(ps[1].substr(0, 14), "rules/c.lua:6:") << ps[1];
  EXPECT_NE(ps[1].find("objectives.3.target\" must have at most 6 decimals"), std::string::npos) << ps[1];
  // A method misspelt says so, and nothing about the keys it would allow.
  EXPECT_EQ(problems_of(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslice", slice = "1m",
                                       max_error_rate = 5 } })"))
                .size(),
            1u);
}

// ADR 0049: the mean of the slices' error rates summed in doubles read a
// budget of exactly 0.8 as 0.7999999999999999, below a budget_warn of 0.8.
TEST(Slices, ARatioTimeslicesBudgetOfExactlyAThresholdReadsIt) {
  Objective o;
  o.target = 99.5;
  o.target_num = 995;
  o.target_den = 10;
  // 215 slices at 99.5% allow 1.075 slices' worth of errors; these rates
  // sum to 0.86 of a slice: 0.8 of the budget, exactly.
  const std::int64_t n = 215;
  ErrorRates rates;
  for (auto [failed, total] : {std::pair{6, 100}, {2, 6}, {4, 30}, {5, 30}, {1, 6}}) rates.add({total - failed, total});
  double naive = 0;
  for (auto [failed, total] : {std::pair{6, 100}, {2, 6}, {4, 30}, {5, 30}, {1, 6}})
    naive += static_cast<double>(failed) / total;
  ASSERT_LT(naive * 100.0 * 10 / ((1000.0 - 995) * n), 0.8);  // what the doubles said before
  EXPECT_EQ(rates.budget(n, o), 0.8);
  EXPECT_GE(*rates.budget(n, o), 0.8);
  // Away from such a decimal, the doubles stand; the exact path is not taken.
  rates.add({99, 100});
  EXPECT_NEAR(*rates.budget(n, o), 0.8 + 0.01 * 100 * 10 / (5.0 * n), 1e-12);
  // Slices without errors add nothing, also when taken out again.
  rates.add({100, 100});
  rates.add({100, 100}, -1);
  rates.add({99, 100}, -1);
  EXPECT_EQ(rates.budget(n, o), 0.8);
}
