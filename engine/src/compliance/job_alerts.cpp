#include "compliance/job_alerts.hpp"

#include <algorithm>

#include "compliance/jobs.hpp"
#include "time/period.hpp"
#include "time/zone.hpp"

namespace vow {

void job_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out) {
  // The earliest first run of any job in any version of the terms: months before it have none.
  Instant first = kNever;
  c.any_version([&](const Contract& v) {
    for (const auto& [_, job] : v.jobs)
      if (auto day = first_run_day(job, c.id, f)) first = std::min(first, job.zone->to_instant(*day - 1, 0));
    return false;
  });
  if (first == kNever || first >= as_of) return;
  for (Period month = month_containing(first, *c.zone); month.bounds(*c.zone).a < as_of; month = next_month(month)) {
    const Contract& terms = c.in_force(month);
    for (const auto& [name, job] : terms.jobs)
      for (const JobRun& r : job_runs(job, c.id, month.bounds(*c.zone), as_of, f)) {
        if (r.achieved) continue;
        Alert a;
        a.kind = "job.late";
        a.severity = "breach";
        a.customer = c.id;
        a.customer_name = c.name;
        a.job = name;
        a.run = r.run;
        a.due = r.due;
        a.at = r.due;
        a.id = a.kind + ":" + c.id + ":" + name + ":" + r.run;
        out.push_back(std::move(a));
      }
  }
}

Instant jobs_quiet_until(const Contract& c, Instant as_of, const Facts& f) {
  Instant until = kNever;
  c.any_version([&](const Contract& v) {
    for (const auto& [_, job] : v.jobs)
      if (Instant due = next_due(job, c.id, as_of, f); due != kNever) until = std::min(until, due + 1);
    return false;
  });
  return until;
}

}  // namespace vow
