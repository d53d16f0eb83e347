#include "compliance/clock_alert_cache.hpp"

#include <algorithm>

namespace vow {

Instant ClockAlertCache::clock_alerts(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch,
                                      std::vector<Alert>& out, std::vector<RateStep>* settled) {
  // A contract's first query keeps nothing: a one-shot answer would only
  // pay for it.
  if (asked_.insert(&c).second) {
    computed += f.tickets_for(c.id).size();
    return vow::clock_alerts(c, as_of, f, scratch, out, settled);
  }
  Instant until = kNever;
  Entry& kept = kept_[c.id];
  std::sort(kept.stale.begin(), kept.stale.end());
  const std::vector<std::string>& names = *f.priorities;
  std::vector<RateStep> steps;
  std::size_t i = 0;
  for (const TicketHistory& t : f.tickets_for(c.id)) {
    if (i == kept.tickets.size()) kept.tickets.emplace_back();
    Ticket& k = kept.tickets[i++];
    std::uint32_t event = t.opened->event;
    if (k.event == event && k.from <= as_of && as_of < k.until &&
        (kept.stale.empty() || !std::binary_search(kept.stale.begin(), kept.stale.end(), event))) {
      ++reused;
      until = std::min(until, k.until);
      out.insert(out.end(), k.alerts.begin(), k.alerts.end());
      if (settled)
        for (const Step& s : k.steps) settled->push_back({s.at, s.strict, s.achieved, s.metric, names[s.priority]});
      continue;
    }
    ++computed;
    k.event = event;
    k.alerts.clear();
    steps.clear();
    k.from = as_of;
    Instant holds = ticket_alerts(c, t, as_of, f, scratch, k.alerts, &steps);
    until = std::min(until, holds);
    k.until = holds;
    out.insert(out.end(), k.alerts.begin(), k.alerts.end());
    k.steps.clear();
    for (const RateStep& s : steps) {
      std::uint32_t p = priority_index(s.priority, names);
      // A name not in the table cannot be given out again: not kept.
      if (p == UINT32_MAX) k.until = as_of;
      k.steps.push_back({s.at, p, s.metric, s.strict, s.achieved});
    }
    if (settled) settled->insert(settled->end(), steps.begin(), steps.end());
  }
  // Every touched ticket of the facts was computed; one kept beyond them
  // (opened after this as_of, kept from a query at a later one) is dropped.
  for (std::size_t j = i; j < kept.tickets.size() && !kept.stale.empty(); ++j)
    if (std::binary_search(kept.stale.begin(), kept.stale.end(), kept.tickets[j].event))
      kept.tickets[j].event = UINT32_MAX;
  kept.stale.clear();
  return until;
}

void ClockAlertCache::touched(std::span<const TicketOpening> tickets) {
  for (const TicketOpening& t : tickets)
    if (auto it = kept_.find(std::string(t.customer)); it != kept_.end()) it->second.stale.push_back(t.event);
}

void ClockAlertCache::clear() {
  kept_.clear();
  asked_.clear();
}

}  // namespace vow
