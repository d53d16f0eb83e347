#include "compliance/clock_alert_cache.hpp"

#include <algorithm>
#include <iterator>

namespace vow {
namespace {

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

bool ClockAlertCache::Entry::is_stale(std::uint32_t event) const {
  return !stale.empty() && std::binary_search(stale.begin(), stale.end(), event);
}

std::vector<ClockAlertCache::Ticket>::iterator ClockAlertCache::Entry::place(std::uint32_t event) {
  return std::lower_bound(tickets.begin(), tickets.end(), event,
                          [](const Ticket& t, std::uint32_t e) { return t.event < e; });
}

ClockAlertCache::Ticket* ClockAlertCache::Entry::find(std::uint32_t event) {
  auto it = place(event);
  return it != tickets.end() && it->event == event ? &*it : nullptr;
}

ClockAlertCache::Ticket& ClockAlertCache::Entry::slot(std::uint32_t event) {
  auto it = place(event);
  if (it == tickets.end() || it->event != event) it = tickets.insert(it, Ticket{});
  return *it;
}

Instant ClockAlertCache::compute(const Contract& c, const TicketHistory& t, Instant as_of, const Facts& f,
                                 ClockScratch& scratch, Ticket& k, std::vector<Alert>& out,
                                 std::vector<RateStep>* settled) {
  ++computed;
  k.event = t.opened->event;
  k.alerts.clear();
  k.steps.clear();
  steps_.clear();
  k.from = as_of;
  Instant holds = ticket_alerts(c, t, as_of, f, scratch, k.alerts, &steps_);
  k.until = holds;
  out.insert(out.end(), k.alerts.begin(), k.alerts.end());
  for (const RateStep& s : steps_) {
    std::uint32_t p = priority_index(s.priority, *f.priorities);
    // A name not in the table cannot be given out again: not kept.
    if (p == UINT32_MAX) k.until = as_of;
    k.steps.push_back({s.at, p, s.metric, s.strict, s.achieved});
  }
  if (settled) settled->insert(settled->end(), steps_.begin(), steps_.end());
  return holds;
}

void ClockAlertCache::give(const Ticket& k, const std::vector<std::string>& priorities, std::vector<Alert>& out,
                           std::vector<RateStep>* settled) {
  out.insert(out.end(), k.alerts.begin(), k.alerts.end());
  if (settled)
    for (const Step& s : k.steps) settled->push_back({s.at, s.strict, s.achieved, s.metric, priorities[s.priority]});
}

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
  sort_unique(kept.stale);
  // What is kept becomes the facts' tickets as of this as_of, no more.
  std::vector<Ticket> now;
  now.reserve(f.tickets_for(c.id).size());
  for (const TicketHistory& t : f.tickets_for(c.id)) {
    std::uint32_t event = t.opened->event;
    Ticket* k = kept.is_stale(event) ? nullptr : kept.find(event);
    if (k && k->holds_at(as_of)) {
      ++reused;
      until = std::min(until, k->until);
      give(*k, *f.priorities, out, settled);
      now.push_back(std::move(*k));
      continue;
    }
    now.emplace_back();
    until = std::min(until, compute(c, t, as_of, f, scratch, now.back(), out, settled));
  }
  std::sort(now.begin(), now.end(), [](const Ticket& a, const Ticket& b) { return a.event < b.event; });
  kept.tickets = std::move(now);
  kept.stale.clear();
  auto next = f.next_opening.find(c.id);
  kept.next_opening = next == f.next_opening.end() ? kNever : next->second;
  return until;
}

std::optional<ClockAlertCache::Kept> ClockAlertCache::kept(const Contract& c, Instant as_of,
                                                           const std::vector<std::string>& priorities) {
  // An entry exists from a contract's second full query on (clear() drops both).
  auto it = kept_.find(c.id);
  if (it == kept_.end()) return std::nullopt;
  Entry& e = it->second;
  // A ticket the last full query saw as not yet opened may be open by now.
  if (as_of >= e.next_opening) return std::nullopt;
  sort_unique(e.stale);
  // Looked at first, copied only once all hold.
  for (const Ticket& t : e.tickets)
    if (!t.holds_at(as_of) && !e.is_stale(t.event)) return std::nullopt;
  Kept k;
  k.until = e.next_opening;
  std::size_t used = 0;
  for (const Ticket& t : e.tickets) {
    if (e.is_stale(t.event)) continue;
    k.until = std::min(k.until, t.until);
    give(t, priorities, k.alerts, &k.settled);
    ++used;
  }
  reused += used;
  ++blocks;
  k.compute = e.stale;
  return k;
}

Instant ClockAlertCache::clock_alerts_with(const Contract& c, Instant as_of, const Facts& f, Kept kept,
                                           ClockScratch& scratch, std::vector<Alert>& out,
                                           std::vector<RateStep>* settled) {
  out.insert(out.end(), std::make_move_iterator(kept.alerts.begin()), std::make_move_iterator(kept.alerts.end()));
  if (settled) settled->insert(settled->end(), kept.settled.begin(), kept.settled.end());
  Instant until = kept.until;
  Entry& e = kept_[c.id];
  std::vector<std::uint32_t> done;
  for (const TicketHistory& t : f.tickets_for(c.id)) {
    until = std::min(until, compute(c, t, as_of, f, scratch, e.slot(t.opened->event), out, settled));
    done.push_back(t.opened->event);
  }
  // Those computed hold now; one not in the facts (opening after as_of) is
  // computed again next time.
  sort_unique(done);
  sort_unique(e.stale);
  std::vector<std::uint32_t> left;
  std::set_difference(e.stale.begin(), e.stale.end(), done.begin(), done.end(), std::back_inserter(left));
  e.stale = std::move(left);
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
