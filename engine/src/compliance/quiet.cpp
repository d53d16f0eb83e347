#include "compliance/quiet.hpp"

#include <algorithm>

#include "compliance/cadence.hpp"
#include "compliance/job_alerts.hpp"
#include "compliance/objective_alerts.hpp"

namespace vow {

ChangesAhead changes_ahead(const EventIndex& x, Instant as_of) {
  ChangesAhead out;
  auto later = [&](const std::vector<const Event*>& events) {
    return std::any_of(events.begin(), events.end(), [&](const Event* e) { return e->at > as_of; });
  };
  for (const OutageGroup& g : x.outages)
    if (later(g.starts) || later(g.ends)) out.events.insert(out.events.end(), g.starts.begin(), g.starts.end());
  for (const MaintenanceGroup& g : x.maintenance)
    if (later(g.scheduled) || later(g.cancelled))
      out.events.insert(out.events.end(), g.scheduled.begin(), g.scheduled.end());
  for (const ExceptionGroup& g : x.exceptions)  // 1.1: a grant or revocation ahead changes the customer's alerts
    if (later(g.granted) || later(g.revoked)) out.events.insert(out.events.end(), g.granted.begin(), g.granted.end());
  // 1.1: a job completion ahead may start a job's runs (a job without
  // `from` runs from its first completion) and with them job.late alerts.
  // Their list is in (at, ingest) order: those ahead are a suffix. So is
  // each scope's list of sli.counted windows (1.1), which change
  // objectives when they come: a scope has some ahead if its last is.
  const auto& jobs = x.job_completions;
  out.events.insert(
      out.events.end(),
      std::upper_bound(jobs.begin(), jobs.end(), as_of, [](Instant t, const Event* e) { return t < e->at; }),
      jobs.end());
  for (const WindowScope& s : x.windows.scopes)
    if (!s.windows.empty() && s.windows.back()->at > as_of) out.windows.push_back(&s);
  return out;
}

std::optional<Instant> quiet_until(const Contract& c, Instant as_of, Instant clocks, const Facts& f,
                                   const ChangesAhead& ahead) {
  // An outage's uptime alerts grow only while it goes on: once ended, its
  // downtime is fixed and every window's burn falls. But burn-rate rules
  // look at whole minutes, and the first one after the end is the first
  // to see all of it. Its notices fall due no later than the last of these
  // after its end.
  CalendarCache days;  // for business_days waits (1.1)
  for (const Outage& o : f.outages) {
    if (!affects(c, *o.started)) continue;
    if (!o.end) return std::nullopt;
    const Contract& terms = c.in_force_at(o.started->at);
    if (terms.communications)
      for (const auto& wait :
           {terms.communications->initial, terms.communications->update_every, terms.communications->postmortem}) {
        if (!wait) continue;
        Instant due = wait->after(*o.end, days);
        if (due == kNever || as_of <= due + 1) return std::nullopt;
      }
    if (c.any_version([](const Contract& v) { return v.uptime() && !v.burn_alerts.empty(); }) &&
        as_of <= *o.end + 60 * kSecond)
      return std::nullopt;
  }
  for (const Event* started : ahead.events)
    if (started->type == EventType::ExceptionGranted ? started->customer == c.id
        : started->type == EventType::JobCompleted
            ? c.any_version([](const Contract& v) { return !v.jobs.empty(); }) && started->covers(c.id)
            : affects(c, *started))
      return std::nullopt;
  if (!ahead.windows.empty() && c.any_version([](const Contract& v) {
        return !v.objectives.empty() || std::any_of(v.uptimes.begin(), v.uptimes.end(),
                                                    [](const UptimeTerm& u) { return u.measure.has_value(); });
      }))
    for (const WindowScope* s : ahead.windows)  // a scope's windows all name the same customers
      if (s->windows.back()->covers(c.id)) return std::nullopt;
  // 1.1: where amended terms with burn rules take effect, a burn they see
  // going on begins, with no event at all (ADR 0049): looked at just after.
  if (c.versions && c.zone && c.any_version([](const Contract& v) { return v.uptime() && !v.burn_alerts.empty(); }))
    for (const auto& v : c.versions->versions) {
      if (!v.from) continue;
      if (Instant from = v.from->bounds(*c.zone).a; from >= as_of) {
        clocks = std::min(clocks, from + 1);
        break;
      }
    }
  // A ticket stored with an opening ahead of as_of starts its clocks then.
  // A job's run past due with no completion (1.1) raises job.late then.
  clocks = std::min(clocks, jobs_quiet_until(c, as_of, f));
  clocks = std::min(clocks, objectives_quiet_until(c, as_of));  // 1.1: a slice's end, a ratio's period end
  if (auto next = f.next_opening.find(c.id); next != f.next_opening.end()) return std::min(clocks, next->second);
  return clocks;
}

}  // namespace vow
