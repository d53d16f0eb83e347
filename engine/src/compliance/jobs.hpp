// Scheduled jobs (contract language 1.1, slis.md): a run for each selected
// date of the job's zone, due at its local time, achieved when a
// job.completed for that date came by then. Pure: the facts' completions
// in, runs and figures out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "time/intervals.hpp"
#include "vow/report.hpp"

namespace vow {

struct JobRun {
  std::int64_t day = 0;  // the run's date in the job's zone, days since 1970-01-01
  std::string run;       // the same date, "YYYY-MM-DD"
  Instant due = 0;
  bool achieved = false;   // a completion came at or before `due`
  bool completed = false;  // a completion came by as_of, on time or late
  // The first instant at which the run is known to be late: `due`, or for
  // a job without `from`, not before its first completion is (alerts.md:
  // what is not known as of an instant does not hold then).
  Instant late_from = 0;
};

// Whether `job` has a run on local date `day`: a day its `days` select
// that is no holiday of the contract's calendar.
bool runs_on(const JobTerm& job, std::int64_t day);

// The runs of job `name` of `c` due in `within` that have settled as of
// as_of (achieved by then, or past their due instant), by due instant.
// Each date's run is read under the terms in force in the month of that
// date (ADR 0047), so an amendment never counts one run twice.
std::vector<JobRun> job_runs(const Contract& c, const std::string& name, Interval within, Instant as_of,
                             const Facts& f);

// How many runs of job `name` are due in `within`, settled or not.
int runs_due(const Contract& c, const std::string& name, Interval within, const Facts& f);

// The first due instant at or after `after` of a run of job `name` not yet
// achieved (kNever when none within a year): its job.late exists just
// after it, so until then its alerts stay.
Instant next_due(const Contract& c, const std::string& name, Instant after, const Facts& f);

// The first run date any version of `c`'s terms gives job `name` (its
// `from`, or the run of its first completion); none before either exists.
std::optional<std::int64_t> earliest_run_day(const Contract& c, const std::string& name, const Facts& f);

// Per job of `c` (the terms in force for the period), the runs settled in
// `within` against the compliance target.
JobTable job_figures(const Contract& c, Interval within, Instant as_of, const Facts& f);

// "2026-11-03" for a day number.
std::string date_text(std::int64_t day);

}  // namespace vow
