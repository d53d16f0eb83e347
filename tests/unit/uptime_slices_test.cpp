// Uptime terms read from an indicator (contract language 1.1, slis.md,
// "Downtime from error rates" and "Availability as a ratio of events"):
// the fields as `vow check` reads them, slices on DST days, and what a
// credit formula sees of a term measured by events.
#include <gtest/gtest.h>

#include <algorithm>

#include "compliance/bad_slices.hpp"
#include "contract_problems.hpp"
#include "engine_fixture.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

std::string contract(const std::string& uptime) {
  return "contract \"acme\" {\n  uptime = " + uptime + ",\n}\n";
}

}  // namespace

TEST(UptimeFromAnIndicator, EachProblemNamesTheKey) {
  expect_problem(contract(R"({ target = 99.9, sli = "git", max_error_rate = 5 })"),
                 "field \"uptime.slice\" is required with this method");
  expect_problem(contract(R"({ target = 99.9, sli = "git", slice = "1m" })"),
                 "field \"uptime.max_error_rate\" is required with slices");
  expect_problem(contract(R"({ target = 99.9, sli = "git", method = "ratios" })"),
                 "field \"uptime.method\" must be \"ratio\", \"timeslices\" or \"ratio_timeslices\" (did you mean "
                 "\"ratio\"?)");
  expect_problem(contract(R"({ target = 99.9, services = { "api" }, slice = "1m" })"),
                 "field \"uptime.slice\" applies with an indicator only");
  expect_problem(contract(R"({ target = 99.9, sli = "", method = "ratio" })"),
                 "field \"uptime.sli\" must be the name of an indicator");
  expect_problem(contract(R"({ target = 99.9 })"), "field \"uptime.services\" is required");
  expect_problem(contract(R"({ target = 99.1234567, sli = "runs", method = "ratio" })"),
                 "field \"uptime.target\" must have at most 6 decimals with an indicator");
  expect_problem(contract(R"({ target = 99.9, sli = "runs", method = "ratio", max_error_rate = 5 })"),
                 "field \"uptime.max_error_rate\" applies to slices");
  // With an indicator, services may be left out; with both, both count.
  EXPECT_TRUE(problems_of(contract(R"({ target = 99.9, sli = "runs", method = "ratio" })")).empty());
  EXPECT_TRUE(problems_of(contract(R"({ target = 99.9, services = { "git" }, sli = "git_requests", slice = "1m",
                                       max_error_rate = 5, min_total = 100 })"))
                  .empty());
}

TEST(UptimeFromAnIndicator, SlicesOfADstDayEndAtTheNextMidnight) {
  const Zone& ny = *Zone::find("America/New_York");
  // 2026-11-01 has 25 hours: its 24th hourly slice runs two hours, to 05:00Z.
  Interval last = slice_of(ny, at("2026-11-02T04:30:00Z"), 3'600'000);
  EXPECT_EQ(last.a, at("2026-11-02T03:00:00Z"));
  EXPECT_EQ(last.b, at("2026-11-02T05:00:00Z"));
  // 2026-03-08 has 23: its last hourly slice starts at 22:00 local (03:00Z).
  Interval spring = slice_of(ny, at("2026-03-09T03:10:00Z"), 3'600'000);
  EXPECT_EQ(spring.a, at("2026-03-09T03:00:00Z"));
  EXPECT_EQ(spring.b, at("2026-03-09T04:00:00Z"));
}

// A slice is judged at its end; a window that arrives after it re-judges
// it from its arrival, and may turn it good again.
TEST(UptimeFromAnIndicator, ALateWindowReJudgesItsSlice) {
  const Zone& utc = *Zone::find("UTC");
  SliMeasure m;
  m.sli = "api";
  m.method = SliMethod::Timeslices;
  m.slice = 3'600'000;
  m.rate_num = 10;
  m.rate_den = 1;
  auto window = [](const char* start, const char* end, const char* known, std::int64_t good, std::int64_t total) {
    SliWindow e;
    e.start = at(start);
    e.end = at(end);
    e.at = at(known);
    e.good = good;
    e.total = total;
    return e;
  };
  SliWindow bad = window("2026-11-06T10:00:00Z", "2026-11-06T10:30:00Z", "2026-11-06T10:30:00Z", 0, 10);
  SliWindow good = window("2026-11-06T10:30:00Z", "2026-11-06T11:00:00Z", "2026-11-06T13:00:00Z", 1000, 1000);
  std::vector<const SliWindow*> windows{&bad, &good};
  auto slices =
      bad_slices(m, utc, windows, {at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z")}, at("2026-12-01T00:00:00Z"));
  ASSERT_EQ(slices.size(), 1u);
  EXPECT_FALSE(slices[0].bad_at(at("2026-11-06T10:59:59.999Z")));  // not ended
  EXPECT_TRUE(slices[0].bad_at(at("2026-11-06T11:00:00Z")));
  EXPECT_TRUE(slices[0].bad_at(at("2026-11-06T12:59:59.999Z")));
  EXPECT_FALSE(slices[0].bad_at(at("2026-11-06T13:00:00Z")));  // 10 of 1010 failed: under 10%
  // As of before the late window, it stays bad.
  auto earlier =
      bad_slices(m, utc, windows, {at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z")}, at("2026-11-06T12:00:00Z"));
  ASSERT_EQ(earlier.size(), 1u);
  EXPECT_EQ(earlier[0].states.size(), 1u);
}

// A credit formula sees good and total of a ratio term, and no downtime.
TEST(UptimeFromAnIndicator, AFormulaSeesGoodAndTotalOfARatioTerm) {
  Engine e;
  e.add_contract_source("rules/c.lua", R"(contract "acme" {
  timezone = "UTC",
  monthly_fee = 1000,
  uptime = { target = 99, sli = "runs", method = "ratio" },
  credit = function(m)
    if m.uptime.downtime ~= nil then return { percent = 50 } end
    if m.uptime.total == 200 and m.uptime.good == 190 then return { percent = 10 } end
    return { percent = 1 }
  end,
})");
  ASSERT_TRUE(e.finish_contracts().empty());
  e.add_events_ndjson(
      R"({"id":"w","type":"sli.counted","at":"2026-11-04T13:05:00Z","sli":"runs","start":"2026-11-04T13:00:00Z","end":"2026-11-04T13:05:00Z","good":190,"total":200}
)",
      "events.ndjson");
  Report r = e.report(query("2026-11", "2026-12-01T00:00:00Z"));
  ASSERT_EQ(r.accounts.size(), 1u);
  ASSERT_TRUE(r.accounts[0].uptime);
  EXPECT_FALSE(r.accounts[0].uptime->downtime_seconds.has_value());
  EXPECT_EQ(r.accounts[0].uptime->good, 190);
  EXPECT_FALSE(r.accounts[0].uptime->met);
  ASSERT_TRUE(r.accounts[0].credit);
  EXPECT_EQ(r.accounts[0].credit->amount, "100.00");
}

namespace {

std::vector<std::string> alert_ids(vow::Engine& e, const char* as_of) {
  Query q;
  q.as_of = at(as_of);
  std::vector<std::string> out;
  for (const Alert& a : e.alerts(q).alerts) out.push_back(a.id);
  return out;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

// Two sliced terms whose slices start together and turn bad at one instant
// (a late window) share no burn-rate result: a minute down is not an hour.
TEST(UptimeFromAnIndicator, BurnRatesOfSlicesOfTwoLengthsAreTheirOwn) {
  Engine e = engine(
      R"(contract "a1h" { timezone = "UTC", uptime = { target = 99, sli = "req", slice = "1h", max_error_rate = 5 } }
contract "b1m" { timezone = "UTC", uptime = { target = 99, sli = "req", slice = "1m", max_error_rate = 5 } })",
      R"({"id":"w","type":"sli.counted","at":"2026-11-05T12:00:00Z","sli":"req","start":"2026-11-05T10:00:00Z","end":"2026-11-05T10:01:00Z","good":0,"total":10}
)");
  auto ids = alert_ids(e, "2026-11-06T00:00:00Z");
  // a1h: 3,600 s down at 12:00; rule 3 needs 216 s in 6 h and 2,592 s in 3 days.
  EXPECT_TRUE(has(ids, "uptime.burn_rate:a1h:3:2026-11-05T12:00:00Z"));
  // b1m: 60 s, under 216 s.
  EXPECT_FALSE(has(ids, "uptime.burn_rate:b1m:3:2026-11-05T12:00:00Z"));
}

// A burn factor with more decimals than 6 (10 / 3) still applies to a ratio term.
TEST(UptimeFromAnIndicator, ARatioTermBurnsAgainstAnyFactor) {
  Engine e = engine(
      R"(contract "r" { timezone = "UTC", uptime = { target = 99.9, sli = "runs", method = "ratio" },
  burn_alerts = { { long = "1h", short = "5m", factor = 10 / 3, severity = "page" } } })",
      R"({"id":"w","type":"sli.counted","at":"2026-11-05T10:01:00Z","sli":"runs","start":"2026-11-05T10:00:00Z","end":"2026-11-05T10:01:00Z","good":0,"total":100}
)");
  EXPECT_TRUE(has(alert_ids(e, "2026-11-06T00:00:00Z"), "uptime.burn_rate:r:1:2026-11-05T10:01:00Z"));
}

// A window longer than its slice counts nowhere, in burn rates as in the figures.
TEST(UptimeFromAnIndicator, AWindowLongerThanItsSliceBurnsNothing) {
  Engine e = engine(
      R"(contract "rts" { timezone = "UTC",
  uptime = { target = 99.9, sli = "req", method = "ratio_timeslices", slice = "1m" } })",
      R"({"id":"w","type":"sli.counted","at":"2026-11-05T10:02:00Z","sli":"req","start":"2026-11-05T10:00:00Z","end":"2026-11-05T10:02:00Z","good":0,"total":100}
)");
  EXPECT_TRUE(alert_ids(e, "2026-11-06T00:00:00Z").empty());
}

// Such a window is listed under the term's windows_left_out, sliced or by events, as an objective lists it.
TEST(UptimeFromAnIndicator, AWindowLongerThanItsSliceIsListed) {
  const char* events =
      R"({"id":"long","type":"sli.counted","at":"2026-11-05T10:02:00Z","sli":"req","start":"2026-11-05T10:00:00Z","end":"2026-11-05T10:02:00Z","good":0,"total":100}
{"id":"short","type":"sli.counted","at":"2026-11-05T10:03:00Z","sli":"req","start":"2026-11-05T10:02:00Z","end":"2026-11-05T10:03:00Z","good":0,"total":100}
)";
  Engine sliced = engine(R"(contract "ts" { timezone = "UTC",
  uptime = { target = 99.9, sli = "req", slice = "1m", max_error_rate = 5 } })",
                         events);
  Report r = sliced.report(query("2026-11", "2026-11-06T00:00:00Z"));
  const UptimeFigures& u = r.accounts.at(0).uptimes.at(0);
  EXPECT_EQ(u.windows_left_out, std::vector<std::string>{"long"});
  EXPECT_EQ(u.bad_slices, 1);  // the short window's minute alone
  EXPECT_NE(to_json(r).find("\"windows_left_out\""), std::string::npos);
  Engine by_events = engine(R"(contract "rts" { timezone = "UTC",
  uptime = { target = 99.9, sli = "req", method = "ratio_timeslices", slice = "1m" } })",
                            events);
  EXPECT_EQ(by_events.report(query("2026-11", "2026-11-06T00:00:00Z")).accounts.at(0).uptimes.at(0).windows_left_out,
            std::vector<std::string>{"long"});
}

// A ratio below target mid-month may rise again: vow status says at risk, not lost.
TEST(UptimeFromAnIndicator, StatusCallsARatioBelowTargetAtRiskUntilItsPeriodEnds) {
  Engine e = engine(
      R"(contract "r" { timezone = "UTC", uptime = { target = 99.9, sli = "runs", method = "ratio" } })",
      R"({"id":"w","type":"sli.counted","at":"2026-11-05T10:01:00Z","sli":"runs","start":"2026-11-05T10:00:00Z","end":"2026-11-05T10:01:00Z","good":90,"total":100}
)");
  Query q;
  q.as_of = at("2026-11-20T00:00:00Z");
  StatusReport mid = e.status(q);
  ASSERT_EQ(mid.accounts.size(), 1u);
  EXPECT_EQ(mid.accounts[0].level, "warning");
  q.as_of = at("2026-11-30T23:59:59.999Z");
  EXPECT_EQ(e.status(q).accounts.at(0).level, "warning");
}

// A window from long ago does not make alerts walk every period since.
TEST(UptimeFromAnIndicator, AlertsSkipPeriodsWithoutWindows) {
  Engine e = engine(
      R"(contract "old" { timezone = "UTC",
  uptime = { target = 99, sli = "pkg", method = "ratio_timeslices", slice = "1m" }, burn_alerts = {},
  objectives = { { name = "Pkg", sli = "pkg", target = 99, method = "ratio_timeslices", slice = "1m" } } })",
      R"({"id":"w","type":"sli.counted","at":"1900-01-01T00:01:00Z","sli":"pkg","start":"1900-01-01T00:00:00Z","end":"1900-01-01T00:01:00Z","good":0,"total":100}
)");
  // One minute of 44,640 at a 100% error rate: 0.0022% of the month, under 1%.
  EXPECT_TRUE(alert_ids(e, "2026-11-05T00:00:00Z").empty());
}

TEST(UptimeFromAnIndicator, OutageKeysAreRefusedForATermMeasuredByEvents) {
  expect_problem(contract(R"({ target = 99.9, sli = "runs", method = "ratio", services = { "api" } })"),
                 "field \"uptime.services\" does not apply to a term measured by events (method \"ratio\")");
  expect_problem(
      contract(R"({ target = 99.9, sli = "runs", method = "ratio_timeslices", slice = "1h", min_outage = "5m" })"),
      "field \"uptime.min_outage\" does not apply to a term measured by events (method \"ratio_timeslices\")");
}

// Windows added to an engine that has answered already (as `vow serve`
// adds them): a late one changes the figures of a month that had ended,
// which the engine keeps between queries, and the order of arrival does
// not matter.
TEST(UptimeFromAnIndicator, WindowsAddedAfterAQueryCount) {
  auto window = [](const char* id, const char* at, const char* start, const char* end, int good, int total) {
    return std::string(R"({"id":")") + id + R"(","type":"sli.counted","at":")" + at + R"(","sli":"runs","start":")" +
           start + R"(","end":")" + end + R"(","good":)" + std::to_string(good) + R"(,"total":)" +
           std::to_string(total) + "}\n";
  };
  Engine e = engine(R"(contract "a" { timezone = "UTC", uptime = { target = 99, sli = "runs", method = "ratio" } })",
                    window("w1", "2026-11-03T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", 990, 1000));
  auto good_total = [&](const char* as_of) {
    Report r = e.report(query("2026-11", as_of));
    const auto& u = r.accounts.at(0).uptime;
    return u ? std::to_string(u->good.value_or(-1)) + "/" + std::to_string(u->total.value_or(-1)) : std::string("none");
  };
  EXPECT_EQ(good_total("2026-12-05T00:00:00Z"), "990/1000");
  // Late for November, and earlier than the window before it.
  EXPECT_TRUE(e.add_events_ndjson(
                   window("w3", "2026-12-02T00:00:00Z", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", 0, 1000) +
                       window("w2", "2026-11-04T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z", 1000, 1000),
                   "more.ndjson")
                  .empty());
  EXPECT_EQ(good_total("2026-12-05T00:00:00Z"), "1990/3000");
  EXPECT_EQ(good_total("2026-12-01T00:00:00Z"), "1990/2000");  // w3 not known yet
}
