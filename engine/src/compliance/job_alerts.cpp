#include "compliance/job_alerts.hpp"

#include <algorithm>
#include <set>

#include "compliance/jobs.hpp"
#include "time/zone.hpp"

namespace vow {
namespace {

// Every job name of any version of the terms.
std::set<std::string> job_names(const Contract& c) {
  std::set<std::string> names;
  c.any_version([&](const Contract& v) {
    for (const auto& [name, _] : v.jobs) names.insert(name);
    return false;
  });
  return names;
}

}  // namespace

void job_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out) {
  for (const std::string& name : job_names(c)) {
    auto first = earliest_run_day(c, name, f);
    if (!first) continue;
    // From the day before the first run's date (a due instant may lie a day before its date in UTC).
    Interval since{(*first - 2) * kDay, as_of};
    for (const JobRun& r : job_runs(c, name, since, as_of, f)) {
      if (r.achieved) continue;  // job_runs gives a late run only once it is late as of as_of
      Alert a;
      a.kind = "job.late";
      a.severity = "breach";
      a.customer = c.id;
      a.customer_name = c.name;
      a.job = name;
      a.run = r.run;
      a.due = r.due;
      a.at = r.late_from;
      a.id = a.kind + ":" + c.id + ":" + name + ":" + r.run;
      out.push_back(std::move(a));
    }
  }
}

Instant jobs_quiet_until(const Contract& c, Instant as_of, const Facts& f) {
  Instant until = kNever;
  for (const std::string& name : job_names(c))
    if (Instant due = next_due(c, name, as_of, f); due != kNever) until = std::min(until, due + 1);
  return until;
}

}  // namespace vow
