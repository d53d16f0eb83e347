#include "compliance/objective_alerts.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <limits>

#include "compliance/objective_sweep.hpp"
#include "compliance/objectives.hpp"
#include "compliance/slices.hpp"
#include "time/period.hpp"
#include "time/zone.hpp"

namespace vow {
namespace {

Alert alert(const Contract& c, const Objective& o, const Period& p, const char* kind, const char* severity, Instant at,
            double budget) {
  Alert a;
  a.kind = kind;
  a.severity = severity;
  a.customer = c.id;
  a.customer_name = c.name;
  a.period = p.label();
  a.name = o.name;
  a.at = at;
  if (std::isfinite(budget)) a.budget_consumed = budget;
  a.id = a.kind + ":" + c.id + ":" + a.period + ":" + o.name;
  return a;
}

}  // namespace

void objective_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out) {
  if (!c.any_version([](const Contract& v) { return !v.objectives.empty(); })) return;
  // The first window any version's objectives read: months before it have nothing.
  Instant first = kNever;
  c.any_version([&](const Contract& v) {
    for (const Objective& o : v.objectives)
      for (const SliWindow* w : windows_of(f, o.measure.sli, c.id)) first = std::min(first, w->start);
    return false;
  });
  if (first == kNever || first >= as_of) return;
  for (Period month = month_containing(first, *c.zone); month.bounds(*c.zone).a < as_of; month = next_month(month)) {
    const Contract& terms = c.in_force(month);
    Interval b = month.bounds(*c.zone);
    for (const Objective& o : terms.objectives) {
      std::span<const SliWindow* const> windows = windows_of(f, o.measure.sli, c.id);
      // A month no window starts in raises nothing: skip it without cutting its slices.
      auto in_month = std::lower_bound(windows.begin(), windows.end(), b.a,
                                       [](const SliWindow* w, Instant t) { return w->start < t; });
      if (in_month == windows.end() || (*in_month)->start >= b.b) continue;
      bool warned = false, breached = false;
      bool ratio = o.measure.method == SliMethod::Ratio;
      ObjectiveSweep(o, *c.zone, b, as_of, windows).run([&](Instant t, double budget, bool met) {
        if (!warned && budget >= terms.budget_warn) {
          out.push_back(alert(c, o, month, "objective.budget_warning", "warning", t, budget));
          warned = true;
        }
        // A ratio can rise again: it is lost only at the period's end (alerts.md).
        if (!breached && !met && (!ratio || t >= b.b)) {
          out.push_back(alert(c, o, month, "objective.breached", "breach", t, budget));
          breached = true;
        }
        return !(warned && breached);
      });
    }
  }
}

Instant objectives_quiet_until(const Contract& c, Instant as_of) {
  Instant until = kNever;
  auto look = [&](const SliMeasure& m, Interval period) {
    if (m.method == SliMethod::Ratio) {
      until = std::min(until, period.b);  // judged at the period's end
      return;
    }
    // The slice holding as_of ends after it: a bad slice counts from its end.
    until = std::min(until, slice_end_after(*c.zone, as_of, m.slice));
  };
  c.any_version([&](const Contract& v) {
    for (const Objective& o : v.objectives) look(o.measure, month_containing(as_of, *c.zone).bounds(*c.zone));
    // Uptime terms read from an indicator (1.1) alike, over their own period.
    for (const UptimeTerm& u : v.uptimes)
      if (u.measure) look(*u.measure, c.period_at(as_of).bounds(*c.zone));
    return false;
  });
  return until;
}

}  // namespace vow
