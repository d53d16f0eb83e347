#include "compliance/status_terms.hpp"

#include <algorithm>

#include "compliance/jobs.hpp"
#include "compliance/objectives.hpp"

namespace vow {

std::string status_level(bool met, bool can_rise, const std::optional<double>& budget, double budget_warn) {
  if (!met) return can_rise ? "warning" : "breached";
  return budget && *budget >= budget_warn ? "warning" : "";
}

void objective_status(const Contract& c, const Contract& terms, const Period& period, Instant as_of, const Facts& f,
                      std::vector<StatusObjective>& out) {
  Interval b = period.bounds(*c.zone);
  for (const Objective& o : terms.objectives) {
    ObjectiveFigures fig = objective_figures(o, *c.zone, c.id, b, as_of, f);
    // Slices only fall, so a miss is final; a ratio below target mid-period
    // can rise again: at risk, not lost (alerts.md).
    bool can_rise = o.measure.method == SliMethod::Ratio && as_of < b.b;
    std::string level = status_level(fig.met, can_rise, fig.budget_consumed, terms.budget_warn);
    if (level.empty()) continue;
    out.push_back({c.id, c.name, period.label(), o.name, fig.method, level, fig.percent, fig.budget_consumed});
  }
}

void job_status(const Contract& c, const Contract& terms, const Period& period, Instant as_of, const Facts& f,
                std::vector<StatusJob>& out) {
  Interval b = period.bounds(*c.zone);
  for (const auto& [name, job] : terms.jobs) {
    StatusJob s;
    s.customer = c.id;
    s.name = c.name;
    s.period = period.label();
    s.job = name;
    s.target = job.target_text();
    int settled_ahead = 0;  // runs completed before they were due, due after as_of
    // Overdue runs are looked for from the previous period on: one due
    // just before midnight on the 31st is still news on the 1st.
    Interval look{previous(period).bounds(*c.zone).a, b.b};
    for (const JobRun& r : job_runs(c, name, look, as_of, f)) {
      if (!r.achieved && !r.completed && r.late_from <= as_of) s.overdue.push_back({r.run, r.due});
      if (r.due < b.a) continue;
      (r.achieved ? s.achieved : s.breached)++;
      if (r.due >= as_of) ++settled_ahead;
    }
    int n = s.achieved + s.breached;
    if (n > 0) s.rate = static_cast<double>(s.achieved) / n;
    bool below = s.rate && *s.rate < terms.compliance_target;
    bool lost = false;
    if (below) {
      // Lost when even every run still to come on time leaves the period below target.
      int left = std::max(0, runs_due(c, name, {std::min(as_of, b.b), b.b}, f) - settled_ahead);
      lost = static_cast<double>(s.achieved + left) / (n + left) < terms.compliance_target;
    }
    s.level = lost ? "breached" : below || !s.overdue.empty() ? "warning" : "";
    if (!s.level.empty()) out.push_back(std::move(s));
  }
}

}  // namespace vow
