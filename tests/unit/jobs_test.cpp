// Scheduled jobs (contract language 1.1, slis.md): the `jobs` field as
// `vow check` reads it, and runs, figures, alerts and quiet instants as the
// engine works them out.
#include <gtest/gtest.h>

#include "contract_problems.hpp"
#include "engine_fixture.hpp"
#include "vow/engine.hpp"

using namespace vow;

namespace {

std::string contract(const std::string& jobs) {
  return "contract \"acme\" {\n  jobs = " + jobs + ",\n}\n";
}

// Daily at 06:00 UTC from 2026-11-01; the runs of 11-01 and 11-03 completed in time, 11-02 late, 11-04 never.
const char* kRules = R"(contract "acme" {
  timezone = "UTC",
  compliance_target = 0.9,
  jobs = { refresh = { due = "06:00", from = "2026-11-01" } },
})";
const char* kEvents =
    R"({"id":"a","type":"job.completed","at":"2026-11-01T05:00:00Z","job":"refresh","run":"2026-11-01","customers":["acme"]}
{"id":"b","type":"job.completed","at":"2026-11-02T06:00:01Z","job":"refresh","run":"2026-11-02"}
{"id":"c","type":"job.completed","at":"2026-11-03T06:00:00Z","job":"refresh","run":"2026-11-03","customers":["acme"]}
{"id":"x","type":"job.completed","at":"2026-11-03T05:00:00Z","job":"refresh","run":"2026-11-04","customers":["globex"]}
)";

}  // namespace

TEST(JobsField, EachProblemNamesTheJobAndTheKey) {
  expect_problem(contract(R"({ refresh = { days = "daily" } })"),
                 "rules/c.lua:2: contract \"acme\": field \"jobs.refresh.due\" is required");
  expect_problem(contract(R"({ refresh = { due = "6am" } })"),
                 "field \"jobs.refresh.due\" must be a local time \"HH:MM\"");
  expect_problem(contract(R"({ refresh = { due = "06:00", days = "weekday" } })"),
                 "field \"jobs.refresh.days\": \"weekday\" is not \"daily\", \"weekdays\", \"weekend\" or a list of "
                 "days (did you mean \"weekdays\"?)");
  expect_problem(contract(R"({ refresh = { due = "06:00", days = { "mon", "thurs" } } })"),
                 "field \"jobs.refresh.days.2\": \"thurs\" is not a day name (mon ... sun) (did you mean \"thu\"?)");
  expect_problem(contract(R"({ refresh = { due = "06:00", tiemzone = "UTC" } })"),
                 "field \"jobs.refresh.tiemzone\" is unknown (did you mean \"timezone\"?)");
  expect_problem(contract(R"({ refresh = { due = "06:00", timezone = "Mars/Olympus" } })"),
                 "field \"jobs.refresh.timezone\": unknown time zone \"Mars/Olympus\"");
  expect_problem(contract(R"({ refresh = { due = "06:00", days = "sun" } })"),
                 "field \"jobs.refresh.days\": \"sun\" is one day: write it as a list, { \"sun\" }");
  expect_problem(contract(R"({ refresh = { due = "06:00", from = "2026-02-30" } })"),
                 "field \"jobs.refresh.from\" must be a date \"YYYY-MM-DD\" that exists");
  expect_problem(contract(R"({ refresh = { due = "06:00", clause = 3 } })"),
                 "field \"jobs.refresh.clause\" must be text");
  expect_problem(contract(R"("06:00")"), "field \"jobs\" must map job names to");
  expect_problem(contract(R"({ refresh = "06:00" })"), "field \"jobs.refresh\" must be a table");
  expect_problem("contract \"acme\" {\n  jbos = {},\n}\n", "(did you mean \"jobs\"?)");
  EXPECT_TRUE(problems_of(contract(R"({ refresh = { due = "06:00", days = { "mon", "thu" }, timezone = "Asia/Jakarta",
                                                   from = "2026-10-01", clause = "§3" } })"))
                  .empty());
}

TEST(Jobs, RunsCountOnceAchievedOrPastDueAndCompletionsForOthersDoNot) {
  Engine e = engine(kRules, kEvents);
  // As of 11-04 12:00: 11-01 and 11-03 achieved (at <= due), 11-02 late by a
  // second, 11-04 never completed for acme (globex's completion is not
  // acme's); 11-05 is not due yet.
  Report r = e.report(query("2026-11", "2026-11-04T12:00:00Z"));
  const JobFigures& j = r.accounts.at(0).jobs.at("refresh");
  EXPECT_EQ(j.target, "06:00 daily");
  EXPECT_EQ(j.achieved, 2);
  EXPECT_EQ(j.breached, 2);
  ASSERT_TRUE(j.rate);
  EXPECT_DOUBLE_EQ(*j.rate, 0.5);
  ASSERT_EQ(j.late.size(), 2u);
  EXPECT_EQ(j.late[0].run, "2026-11-02");
  EXPECT_EQ(j.late[1].run, "2026-11-04");
  EXPECT_EQ(r.accounts.at(0).status, Status::Red);
  // October has no run: `from` is in November.
  Report october = e.report(query("2026-10", "2026-11-04T12:00:00Z"));
  EXPECT_EQ(october.accounts.at(0).jobs.at("refresh").achieved + october.accounts.at(0).jobs.at("refresh").breached, 0);
  EXPECT_FALSE(october.accounts.at(0).jobs.at("refresh").rate);
}

TEST(Jobs, LateIsStrictAndTheAlertWaitsForItsDueInstant) {
  Engine e = engine(kRules, kEvents);
  Query q;
  q.as_of = at("2026-11-04T06:00:00Z");  // the due instant of 11-04's run
  AlertsReport r = e.alerts(q);
  std::vector<std::string> ids;
  for (const Alert& a : r.alerts) ids.push_back(a.id);
  EXPECT_EQ(ids, std::vector<std::string>{"job.late:acme:refresh:2026-11-02"});
  // Nothing changes before just after 06:00 on 11-04, when 11-04's run is late.
  ASSERT_TRUE(r.quiet_until.contains("acme"));
  EXPECT_EQ(r.quiet_until.at("acme"), at("2026-11-04T06:00:00.001Z"));
  q.as_of = at("2026-11-04T06:00:00.001Z");
  AlertsReport later = e.alerts(q);
  ASSERT_EQ(later.alerts.size(), 2u);
  EXPECT_EQ(later.alerts[1].id, "job.late:acme:refresh:2026-11-04");
  EXPECT_EQ(later.alerts[1].at, at("2026-11-04T06:00:00Z"));
  EXPECT_EQ(later.alerts[1].due, at("2026-11-04T06:00:00Z"));
  EXPECT_EQ(later.alerts[1].run, "2026-11-04");
}

TEST(Jobs, WithoutFromTheFirstCompletionStartsTheRuns) {
  Engine e = engine(R"(contract "acme" { timezone = "UTC", jobs = { refresh = { due = "06:00" } } })",
                    R"({"id":"c","type":"job.completed","at":"2026-11-03T05:00:00Z","job":"refresh","run":"2026-11-03"}
)");
  // Before the first completion is known there is no run at all.
  EXPECT_FALSE(e.report(query("2026-11", "2026-11-03T04:00:00Z")).accounts.at(0).jobs.at("refresh").rate);
  Report r = e.report(query("2026-11", "2026-11-05T12:00:00Z"));
  const JobFigures& j = r.accounts.at(0).jobs.at("refresh");
  EXPECT_EQ(j.achieved, 1);  // 11-03
  EXPECT_EQ(j.breached, 2);  // 11-04, 11-05
}

TEST(Jobs, CreditFormulasSeeTheJobs) {
  Engine e = engine(R"(contract "acme" {
  timezone = "UTC",
  monthly_fee = 1000,
  jobs = { refresh = { due = "06:00", from = "2026-11-01" } },
  credit = function(m) return { percent = 10 * m.jobs.refresh.breached } end,
})",
                    kEvents);
  Report r = e.report(query("2026-11", "2026-11-04T12:00:00Z"));
  ASSERT_TRUE(r.accounts.at(0).credit);
  EXPECT_EQ(r.accounts.at(0).credit->amount, "200.00");
}

// Review of issue 13's jobs: an amendment that moves the due time must not
// count the run near the boundary twice (or not at all): each date's run
// is read under the terms in force in the month of that date.
TEST(Jobs, AnAmendmentThatMovesTheDueTimeCountsEachRunOnce) {
  Engine e = engine(R"(contract "acme" {
  timezone = "UTC",
  jobs = { refresh = { due = "06:00", timezone = "Asia/Jakarta", from = "2026-11-30" } },
  amendments = { { from = "2026-12", jobs = { refresh = { due = "08:00", timezone = "Asia/Jakarta", from = "2026-11-30" } } } },
})",
                    "");
  // Run 11-30 is due 11-29T23:00Z (November's terms); run 12-01 under
  // December's terms at 12-01T01:00Z, in December (under November's it
  // would have been due 11-30T23:00Z, in November).
  auto runs = [&](const char* period) {
    Report r = e.report(query(period, "2026-12-01T12:00:00Z"));
    std::vector<std::string> out;
    for (const LateRun& l : r.accounts.at(0).jobs.at("refresh").late) out.push_back(l.run);
    return out;
  };
  EXPECT_EQ(runs("2026-11"), std::vector<std::string>{"2026-11-30"});
  EXPECT_EQ(runs("2026-12"), std::vector<std::string>{"2026-12-01"});
  Query q;
  q.as_of = at("2026-12-01T12:00:00Z");
  std::vector<std::string> ids;
  for (const Alert& a : e.alerts(q).alerts) ids.push_back(a.id + "@" + format_instant(a.at));
  EXPECT_EQ(ids, (std::vector<std::string>{"job.late:acme:refresh:2026-11-30@2026-11-29T23:00:00Z",
                                           "job.late:acme:refresh:2026-12-01@2026-12-01T01:00:00Z"}));
}

// Without `from`, runs start at the date of the first completion (by its
// instant): a backfilled completion of an earlier date does not move them
// back. A run late before anything said the job runs is late from when
// that became known (alerts.md: the condition holds only as of then).
TEST(Jobs, TheFirstCompletionStartsTheRunsAndTheAlertsWaitForIt) {
  Engine e = engine(R"(contract "acme" { timezone = "UTC", jobs = { refresh = { due = "06:00" } } })",
                    R"({"id":"a","type":"job.completed","at":"2026-11-07T05:00:00Z","job":"refresh","run":"2026-11-05"}
{"id":"b","type":"job.completed","at":"2026-11-20T05:00:00Z","job":"refresh","run":"2026-10-01"}
)");
  EXPECT_EQ(e.report(query("2026-10", "2026-11-21T00:00:00Z")).accounts.at(0).jobs.at("refresh").breached, 0);
  Query q;
  q.as_of = at("2026-11-07T05:30:00Z");
  std::vector<std::string> ids;
  for (const Alert& a : e.alerts(q).alerts) ids.push_back(a.id + "@" + format_instant(a.at));
  // 11-05 completed late (11-07 05:00) and 11-06 never; nothing said the job
  // ran before 11-07 05:00, when both became late as far as Vow can know.
  EXPECT_EQ(ids, (std::vector<std::string>{"job.late:acme:refresh:2026-11-05@2026-11-07T05:00:00Z",
                                           "job.late:acme:refresh:2026-11-06@2026-11-07T05:00:00Z"}));
  q.as_of = at("2026-11-07T04:00:00Z");
  EXPECT_TRUE(e.alerts(q).alerts.empty());
}

// A completion stamped ahead of as_of may start a job's runs: the
// customer's alerts are then not known to hold (ADR 0039), so vow serve
// looks again rather than sleeping.
TEST(Jobs, ACompletionAheadLeavesTheQuietInstantUnknown) {
  Engine e = engine(R"(contract "acme" { timezone = "UTC", jobs = { refresh = { due = "06:00" } } })",
                    R"({"id":"a","type":"job.completed","at":"2026-11-04T07:00:00Z","job":"refresh","run":"2026-11-03"}
)");
  Query q;
  q.as_of = at("2026-11-04T06:30:00Z");
  EXPECT_FALSE(e.alerts(q).quiet_until.contains("acme"));
  q.as_of = at("2026-11-04T07:00:00Z");
  AlertsReport after = e.alerts(q);
  ASSERT_EQ(after.alerts.size(), 2u);  // 11-03 (completed an hour late) and 11-04
  EXPECT_EQ(after.quiet_until.at("acme"), at("2026-11-05T06:00:00.001Z"));
}

TEST(JobsField, ASecondJobsProblemPointsAtItsOwnLine) {
  auto ps = problems_of(
      "contract \"acme\" {\n  jobs = {\n    refresh = { due = \"06:00\" },\n    export = { due = "
      "\"8am\" },\n  },\n}\n");
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].substr(0, 14), "rules/c.lua:4:") << ps[0];
}
