// `vow status` on objectives and scheduled jobs (contract language 1.1,
// docs/adr/0051): which are listed, at which level, with which figures.
#include <gtest/gtest.h>

#include <string>

#include "engine_fixture.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

StatusReport status_at(Engine& e, const char* as_of) {
  Query q;
  q.as_of = at(as_of);
  return e.status(q);
}

// Daily at 06:00 UTC from 2026-11-01, 30 runs in November, 90% to meet:
// 11-01 and 11-03 on time, 11-02 a second late, nothing after.
const char* kJobRules = R"(contract "acme" {
  name = "Acme",
  timezone = "UTC",
  compliance_target = 0.9,
  jobs = { refresh = { due = "06:00", from = "2026-11-01" } },
})";
const char* kJobEvents =
    R"({"id":"a","type":"job.completed","at":"2026-11-01T05:00:00Z","job":"refresh","run":"2026-11-01"}
{"id":"b","type":"job.completed","at":"2026-11-02T06:00:01Z","job":"refresh","run":"2026-11-02"}
{"id":"c","type":"job.completed","at":"2026-11-03T06:00:00Z","job":"refresh","run":"2026-11-03"}
)";

std::string window(const std::string& id, const std::string& sli, const std::string& start, const std::string& end,
                   int good, int total) {
  return R"({"id":")" + id + R"(","type":"sli.counted","at":")" + end + R"(","sli":")" + sli + R"(","start":")" +
         start + R"(","end":")" + end + R"(","good":)" + std::to_string(good) + R"(,"total":)" + std::to_string(total) +
         "}\n";
}

// A ratio at 99 and hourly slices at 99 (720 in November: 7.2 bad allowed).
const char* kObjectiveRules = R"(contract "acme" {
  name = "Acme",
  timezone = "UTC",
  objectives = {
    { name = "Page load", sli = "page", target = 99 },
    { name = "Sync lag", sli = "lag", target = 99, method = "timeslices", slice = "1h", max_error_rate = 0 },
  },
})";

std::string bad_hours(int n) {
  std::string out;
  for (int h = 0; h < n; ++h) {
    char start[32], end[32];
    std::snprintf(start, sizeof start, "2026-11-01T%02d:00:00Z", h);
    std::snprintf(end, sizeof end, "2026-11-01T%02d:00:00Z", h + 1);
    out += window("lag-" + std::to_string(h), "lag", start, end, 0, 1);
  }
  return out;
}

}  // namespace

TEST(StatusJobs, AJobWithEveryRunOnTimeIsNotListed) {
  Engine e = engine(kJobRules, kJobEvents);
  EXPECT_TRUE(status_at(e, "2026-11-01T12:00:00Z").jobs.empty());
}

TEST(StatusJobs, BelowTargetButAbleToReachItIsAWarningAndALateCompletionIsNotOverdue) {
  Engine e = engine(kJobRules, kJobEvents);
  // 2 of 3 on time; 27 runs to come: at best 29 of 30, above 90%.
  StatusReport r = status_at(e, "2026-11-03T12:00:00Z");
  ASSERT_EQ(r.jobs.size(), 1u);
  const StatusJob& j = r.jobs[0];
  EXPECT_EQ(j.customer, "acme");
  EXPECT_EQ(j.name, "Acme");
  EXPECT_EQ(j.period, "2026-11");
  EXPECT_EQ(j.job, "refresh");
  EXPECT_EQ(j.target, "06:00 daily");
  EXPECT_EQ(j.achieved, 2);
  EXPECT_EQ(j.breached, 1);
  ASSERT_TRUE(j.rate);
  EXPECT_DOUBLE_EQ(*j.rate, 2.0 / 3.0);
  EXPECT_TRUE(j.overdue.empty());  // 11-02 came, a second late
  EXPECT_EQ(j.level, "warning");
}

TEST(StatusJobs, ARunPastDueWithoutCompletionIsOverdue) {
  Engine e = engine(kJobRules, kJobEvents);
  // Due at 06:00 on 11-04: not late at that instant, overdue just after.
  StatusReport due = status_at(e, "2026-11-04T06:00:00Z");
  ASSERT_EQ(due.jobs.size(), 1u);
  EXPECT_TRUE(due.jobs[0].overdue.empty());
  StatusReport r = status_at(e, "2026-11-04T06:00:00.001Z");
  ASSERT_EQ(r.jobs.size(), 1u);
  ASSERT_EQ(r.jobs[0].overdue.size(), 1u);
  EXPECT_EQ(r.jobs[0].overdue[0].run, "2026-11-04");
  EXPECT_EQ(r.jobs[0].overdue[0].due, at("2026-11-04T06:00:00Z"));
  EXPECT_EQ(r.jobs[0].level, "warning");  // 2 of 4; at best 28 of 30
}

TEST(StatusJobs, BreachedOnceEveryRunLeftOnTimeCannotReachTheTarget) {
  Engine e = engine(kJobRules, kJobEvents);
  // 2 of 28 on time, 2 to come: at best 4 of 30.
  StatusReport r = status_at(e, "2026-11-28T12:00:00Z");
  ASSERT_EQ(r.jobs.size(), 1u);
  EXPECT_EQ(r.jobs[0].achieved, 2);
  EXPECT_EQ(r.jobs[0].breached, 26);
  EXPECT_EQ(r.jobs[0].overdue.size(), 25u);  // 11-04 to 11-28
  EXPECT_EQ(r.jobs[0].level, "breached");
  // 26 of 29 could still be 27 of 30 = 90%: exactly the target, not lost.
  std::string events = kJobEvents;
  for (int d = 4; d <= 26; ++d) {
    char run[16];
    std::snprintf(run, sizeof run, "2026-11-%02d", d);
    events += R"({"id":"r)" + std::to_string(d) + R"(","type":"job.completed","at":")" + run +
              R"(T05:00:00Z","job":"refresh","run":")" + run + "\"}\n";
  }
  Engine better = engine(kJobRules, events);
  StatusReport close = status_at(better, "2026-11-29T12:00:00Z");
  ASSERT_EQ(close.jobs.size(), 1u);
  EXPECT_EQ(close.jobs[0].achieved, 25);
  EXPECT_EQ(close.jobs[0].breached, 4);        // 11-02, 11-27, 11-28, 11-29
  EXPECT_EQ(close.jobs[0].level, "breached");  // at best 26 of 30: 86.7%
  StatusReport earlier = status_at(better, "2026-11-27T12:00:00Z");
  ASSERT_EQ(earlier.jobs.size(), 1u);
  EXPECT_EQ(earlier.jobs[0].breached, 2);  // 11-02, 11-27: 25 of 27, at best 28 of 30 (93.3%)
  EXPECT_EQ(earlier.jobs[0].level, "warning");
}

TEST(StatusJobs, ARunOverdueAtTheEndOfThePreviousPeriodIsStillListed) {
  // Due at 22:00 every day of October: each done at 21:00 but the 31st's.
  std::string events;
  for (int d = 1; d <= 30; ++d) {
    char run[16];
    std::snprintf(run, sizeof run, "2026-10-%02d", d);
    events += R"({"id":"c)" + std::to_string(d) + R"(","type":"job.completed","at":")" + run +
              R"(T21:00:00Z","job":"refresh","run":")" + run + "\"}\n";
  }
  Engine e = engine(R"(contract "acme" { timezone = "UTC", compliance_target = 0.9,
  jobs = { refresh = { due = "22:00", from = "2026-10-01" } } })",
                    events);
  StatusReport r = status_at(e, "2026-11-01T00:30:00Z");
  ASSERT_EQ(r.jobs.size(), 1u);
  EXPECT_EQ(r.jobs[0].period, "2026-11");
  EXPECT_EQ(r.jobs[0].achieved + r.jobs[0].breached, 0);  // November's first run is due at 22:00
  ASSERT_EQ(r.jobs[0].overdue.size(), 1u);
  EXPECT_EQ(r.jobs[0].overdue[0].run, "2026-10-31");
  EXPECT_EQ(r.jobs[0].level, "warning");
}

TEST(StatusObjectives, ARatioBelowTargetIsAtRiskAndSlicesPastTheBudgetWarningAreAWarning) {
  std::string events = window("p1", "page", "2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z", 980, 1000) + bad_hours(6);
  Engine e = engine(kObjectiveRules, events);
  StatusReport r = status_at(e, "2026-11-03T00:00:00Z");
  ASSERT_EQ(r.objectives.size(), 2u);
  const StatusObjective& page = r.objectives[0];
  EXPECT_EQ(page.objective, "Page load");
  EXPECT_EQ(page.method, "ratio");
  EXPECT_EQ(page.period, "2026-11");
  EXPECT_EQ(page.level, "warning");  // 98% < 99%, but a ratio can rise again
  ASSERT_TRUE(page.percent);
  EXPECT_DOUBLE_EQ(*page.percent, 98.0);
  ASSERT_TRUE(page.budget_consumed);
  EXPECT_NEAR(*page.budget_consumed, 2.0, 1e-12);  // 20 failed of 1% of 1000
  const StatusObjective& lag = r.objectives[1];
  EXPECT_EQ(lag.objective, "Sync lag");
  EXPECT_EQ(lag.level, "warning");  // 714 of 720 hours: met, 6 of 7.2 allowed used
  ASSERT_TRUE(lag.budget_consumed);
  EXPECT_NEAR(*lag.budget_consumed, 6.0 / 7.2, 1e-12);
  // The JSON names both lists.
  std::string json = to_json(r);
  EXPECT_NE(json.find("\"Sync lag\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"jobs\""), std::string::npos) << json;
}

TEST(StatusObjectives, SlicesPastTheTargetAreBreachedAndAMetObjectiveIsNotListed) {
  Engine e = engine(kObjectiveRules,
                    window("p1", "page", "2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z", 995, 1000) + bad_hours(8));
  StatusReport r = status_at(e, "2026-11-03T00:00:00Z");
  ASSERT_EQ(r.objectives.size(), 1u);  // the ratio at 99.5% uses half its budget
  EXPECT_EQ(r.objectives[0].objective, "Sync lag");
  EXPECT_EQ(r.objectives[0].level, "breached");  // 712 of 720 < 99%: slices only fall
  ASSERT_TRUE(r.objectives[0].percent);
  EXPECT_NEAR(*r.objectives[0].percent, 100.0 * 712 / 720, 1e-9);
}
