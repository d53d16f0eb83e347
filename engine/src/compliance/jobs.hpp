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
  bool achieved = false;  // a completion came at or before `due`
};

// Whether `job` has a run on local date `day`: a day its `days` select
// that is no holiday of the contract's calendar.
bool runs_on(const JobTerm& job, std::int64_t day);

// The job's first run date for `customer`: its `from`, else the earliest
// `run` of its completions known by as_of; none before either exists.
std::optional<std::int64_t> first_run_day(const JobTerm& job, std::string_view customer, const Facts& f);

// The runs of `job` for `customer` due in `within` that have settled as of
// as_of (achieved by then, or past their due instant), by due instant.
std::vector<JobRun> job_runs(const JobTerm& job, std::string_view customer, Interval within, Instant as_of,
                             const Facts& f);

// The first due instant at or after `after` of a run of `job` not yet
// achieved (kNever when none within a year): its job.late exists just
// after it, so until then its alerts stay.
Instant next_due(const JobTerm& job, std::string_view customer, Instant after, const Facts& f);

// Per job of `c`, the runs settled in `within` against the compliance target.
std::map<std::string, JobFigures, std::less<>> job_figures(const Contract& c, Interval within, Instant as_of,
                                                           const Facts& f);

// "2026-11-03" for a day number.
std::string date_text(std::int64_t day);

}  // namespace vow
