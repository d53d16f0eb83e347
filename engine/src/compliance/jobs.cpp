#include "compliance/jobs.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "time/civil_text.hpp"
#include "time/period.hpp"
#include "time/zone.hpp"

namespace vow {
namespace {

// Each completion of job `name` known for `customer`: those naming it, and those for everyone.
template <typename Fn>
void each_completion(std::string_view name, std::string_view customer, const Facts& f, Fn&& fn) {
  auto take = [&](const std::vector<const Event*>& events) {
    for (const Event* e : events)
      if (e->ref == name) fn(*e);
  };
  take(f.jobs_for_all);
  if (auto it = f.jobs_of.find(customer); it != f.jobs_of.end()) take(it->second);
}

// The earliest completion of each run date.
std::unordered_map<std::string_view, Instant> earliest_completions(std::string_view name, std::string_view customer,
                                                                   const Facts& f) {
  std::unordered_map<std::string_view, Instant> out;
  each_completion(name, customer, f, [&](const Event& e) {
    auto [it, fresh] = out.try_emplace(e.run, e.at);
    if (!fresh) it->second = std::min(it->second, e.at);
  });
  return out;
}

// The first completion by `at` (slis.md: a job without `from` runs from
// its date), and when it came.
struct FirstCompletion {
  std::int64_t day = 0;
  Instant at = kNever;
};
std::optional<FirstCompletion> first_completion(std::string_view name, std::string_view customer, const Facts& f) {
  std::optional<FirstCompletion> first;
  each_completion(name, customer, f, [&](const Event& e) {
    auto day = parse_civil_date(e.run);
    if (day && (!first || e.at < first->at || (e.at == first->at && *day < first->day))) first = {*day, e.at};
  });
  return first;
}

// The job's terms for the run of `day`: those in force in the month of that date.
const JobTerm* job_for(const Contract& c, const std::string& name, std::int64_t day) {
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  const Contract& terms = c.in_force(Period{y, static_cast<int>(m), 1});
  auto it = terms.jobs.find(name);
  return it == terms.jobs.end() ? nullptr : &it->second;
}

// Walks the run dates whose due instant may lie in [from, to): a due time
// is within a day of its date's midnight, and zones are within 14 hours of
// UTC. `fn(job, day, due)` for each run of the job; false stops the walk.
template <typename Fn>
void each_run(const Contract& c, const std::string& name, std::optional<FirstCompletion> first, Instant from,
              Instant to, Fn&& fn) {
  auto utc_day = [](Instant t) { return (t >= 0 ? t : t - kDay + 1) / kDay; };
  for (std::int64_t day = utc_day(from) - 2; day <= utc_day(to) + 1; ++day) {
    const JobTerm* job = job_for(c, name, day);
    if (!job || !runs_on(*job, day)) continue;
    std::optional<std::int64_t> start = job->from ? job->from : first ? std::optional(first->day) : std::nullopt;
    if (!start || day < *start) continue;
    Instant due = job->zone->to_instant(day, job->due);
    if (due < from || due >= to) continue;
    if (!fn(*job, day, due)) return;
  }
}

}  // namespace

std::string date_text(std::int64_t day) {
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

bool runs_on(const JobTerm& job, std::int64_t day) {
  return job.days[static_cast<std::size_t>(weekday_of(day))] && !job.holidays.contains(day);
}

std::vector<JobRun> job_runs(const Contract& c, const std::string& name, Interval within, Instant as_of,
                             const Facts& f) {
  std::vector<JobRun> out;
  if (within.b <= within.a) return out;
  auto completed = earliest_completions(name, c.id, f);
  auto first = first_completion(name, c.id, f);
  each_run(c, name, first, within.a, within.b, [&](const JobTerm& job, std::int64_t day, Instant due) {
    JobRun r{day, date_text(day), due, false, false, due};
    auto it = completed.find(r.run);
    r.completed = it != completed.end();  // the facts hold no event after as_of
    r.achieved = r.completed && it->second <= due;
    // Late is strict (alerts.md): a completion at the due instant itself is on time.
    if (!r.achieved && due >= as_of) return true;
    if (!job.from && first) r.late_from = std::max(due, first->at);
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

int runs_due(const Contract& c, const std::string& name, Interval within, const Facts& f) {
  int n = 0;
  if (within.b > within.a)
    each_run(c, name, first_completion(name, c.id, f), within.a, within.b, [&](const JobTerm&, std::int64_t, Instant) {
      ++n;
      return true;
    });
  return n;
}

Instant next_due(const Contract& c, const std::string& name, Instant after, const Facts& f) {
  auto completed = earliest_completions(name, c.id, f);
  Instant next = kNever;
  each_run(c, name, first_completion(name, c.id, f), after, after + 370 * kDay,
           [&](const JobTerm&, std::int64_t day, Instant due) {
             auto it = completed.find(date_text(day));
             if (it != completed.end() && it->second <= due) return true;
             next = due;
             return false;
           });
  return next;
}

std::optional<std::int64_t> earliest_run_day(const Contract& c, const std::string& name, const Facts& f) {
  std::optional<std::int64_t> earliest;
  auto first = first_completion(name, c.id, f);
  c.any_version([&](const Contract& v) {
    if (auto it = v.jobs.find(name); it != v.jobs.end()) {
      std::optional<std::int64_t> start = it->second.from ? it->second.from
                                          : first         ? std::optional(first->day)
                                                          : std::nullopt;
      if (start && (!earliest || *start < *earliest)) earliest = start;
    }
    return false;
  });
  return earliest;
}

JobTable job_figures(const Contract& c, Interval within, Instant as_of, const Facts& f) {
  JobTable out;
  for (const auto& [name, job] : c.jobs) {
    JobFigures& fig = out[name];
    fig.target = job.target_text();
    fig.clause = job.clause;
    for (const JobRun& r : job_runs(c, name, within, as_of, f)) {
      (r.achieved ? fig.achieved : fig.breached)++;
      if (!r.achieved) fig.late.push_back({r.run, r.due});
    }
    if (int n = fig.achieved + fig.breached; n > 0) fig.rate = static_cast<double>(fig.achieved) / n;
  }
  return out;
}

}  // namespace vow
