#include "compliance/jobs.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "time/civil_text.hpp"
#include "time/zone.hpp"

namespace vow {
namespace {

// Each completion of `job` known for `customer`: those naming it, and those for everyone.
template <typename Fn>
void each_completion(const JobTerm& job, std::string_view customer, const Facts& f, Fn&& fn) {
  auto take = [&](const std::vector<const Event*>& events) {
    for (const Event* e : events)
      if (e->ref == job.name) fn(*e);
  };
  take(f.jobs_for_all);
  if (auto it = f.jobs_of.find(customer); it != f.jobs_of.end()) take(it->second);
}

// The earliest completion of each run date.
std::unordered_map<std::string_view, Instant> earliest_completions(const JobTerm& job, std::string_view customer,
                                                                   const Facts& f) {
  std::unordered_map<std::string_view, Instant> out;
  each_completion(job, customer, f, [&](const Event& e) {
    auto [it, fresh] = out.try_emplace(e.run, e.at);
    if (!fresh) it->second = std::min(it->second, e.at);
  });
  return out;
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

std::optional<std::int64_t> first_run_day(const JobTerm& job, std::string_view customer, const Facts& f) {
  if (job.from) return job.from;
  std::optional<std::int64_t> first;
  each_completion(job, customer, f, [&](const Event& e) {
    if (auto day = parse_civil_date(e.run); day && (!first || *day < *first)) first = day;
  });
  return first;
}

std::vector<JobRun> job_runs(const JobTerm& job, std::string_view customer, Interval within, Instant as_of,
                             const Facts& f) {
  std::vector<JobRun> out;
  auto first = first_run_day(job, customer, f);
  if (!first || within.b <= within.a) return out;
  auto completed = earliest_completions(job, customer, f);
  // A due time is within a day of its date's midnight: the dates around the bounds cover every due instant.
  std::int64_t from = std::max(*first, job.zone->to_local(within.a).day - 1);
  std::int64_t to = job.zone->to_local(within.b).day + 1;
  for (std::int64_t day = from; day <= to; ++day) {
    if (!runs_on(job, day)) continue;
    Instant due = job.zone->to_instant(day, job.due);
    if (due < within.a || due >= within.b) continue;
    JobRun r{day, date_text(day), due, false};
    auto it = completed.find(r.run);
    r.achieved = it != completed.end() && it->second <= due;  // the facts hold no event after as_of
    // Late is strict (alerts.md): a completion at the due instant itself is on time.
    if (!r.achieved && due >= as_of) continue;
    out.push_back(std::move(r));
  }
  return out;
}

Instant next_due(const JobTerm& job, std::string_view customer, Instant after, const Facts& f) {
  auto first = first_run_day(job, customer, f);
  // A job with no `from` and no completion yet has no run: its first
  // completion (an event) starts them.
  if (!first) return kNever;
  auto completed = earliest_completions(job, customer, f);
  std::int64_t start = std::max(*first, job.zone->to_local(after).day - 1);
  for (std::int64_t day = start; day <= start + 370; ++day) {
    if (!runs_on(job, day)) continue;
    Instant due = job.zone->to_instant(day, job.due);
    if (due < after) continue;
    auto it = completed.find(date_text(day));
    if (it == completed.end() || it->second > due) return due;
  }
  return kNever;
}

std::map<std::string, JobFigures, std::less<>> job_figures(const Contract& c, Interval within, Instant as_of,
                                                           const Facts& f) {
  std::map<std::string, JobFigures, std::less<>> out;
  for (const auto& [name, job] : c.jobs) {
    JobFigures& fig = out[name];
    fig.target = job.target_text();
    fig.clause = job.clause;
    for (const JobRun& r : job_runs(job, c.id, within, as_of, f)) {
      (r.achieved ? fig.achieved : fig.breached)++;
      if (!r.achieved) fig.late.push_back({r.run, r.due});
    }
    if (int n = fig.achieved + fig.breached; n > 0) fig.rate = static_cast<double>(fig.achieved) / n;
  }
  return out;
}

}  // namespace vow
