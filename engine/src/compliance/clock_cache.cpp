#include "compliance/clock_cache.hpp"

#include <algorithm>

namespace vow {

std::vector<SettledClock> ClockCache::settled_clocks(const Contract& c, Instant as_of, const Facts& f,
                                                     ClockScratch& scratch, std::vector<ClockSample>* open) {
  // A contract's first query keeps nothing: a one-shot report would only
  // pay for it.
  bool keep = !asked_.insert(&c).second;
  Entry* was = keep ? &entries_[c.id] : nullptr;
  // Kept tickets hold at a later as_of only: at an earlier one a settled
  // clock may still have been running.
  bool reuse = was && as_of >= was->as_of && !was->tickets.empty();
  Entry now;
  now.as_of = as_of;
  if (reuse) {
    std::sort(was->stale.begin(), was->stale.end());
    now.tickets.reserve(was->tickets.size());
    now.kept.reserve(was->kept.size());
  }
  const std::vector<std::string>& names = *f.priorities;
  std::vector<SettledClock> out;
  // The kept tickets are in the order of the facts, which an index update
  // keeps (a touched ticket keeps its place, a new one comes last) and a
  // later as_of only adds to: one pass matches them. A ticket the pass does
  // not meet where expected is computed, never guessed.
  std::size_t next = 0;
  for (const TicketHistory& t : f.tickets_for(c.id)) {
    std::uint32_t event = t.opened->event;
    if (reuse && next < was->tickets.size() && was->tickets[next].event == event) {
      const Ticket& k = was->tickets[next];
      std::uint32_t begin = next > 0 ? was->tickets[next - 1].end : 0;
      ++next;
      if (as_of < k.until && !std::binary_search(was->stale.begin(), was->stale.end(), event)) {
        for (std::uint32_t i = begin; i < k.end; ++i) {
          const Kept& s = was->kept[i];
          out.push_back({s.at, t.opened->ref, names[s.priority], s.metric, s.achieved, s.fraction, s.by_stop, s.start});
        }
        now.kept.insert(now.kept.end(), was->kept.begin() + begin, was->kept.begin() + k.end);
        now.tickets.push_back({event, static_cast<std::uint32_t>(now.kept.size()), k.until});
        ++reused;
        continue;
      }
    }
    ++computed;
    scratch.results.clear();
    ticket_clocks(t, c, as_of, names, scratch, scratch.results);
    std::size_t first = out.size();
    bool settled = true;
    for (const ClockResult& clock : scratch.results) {
      // An exempt clock (1.1) is no risk to forecast; it is counted, as exempt, by the figures.
      add_clock(t, clock, out, f.exempt(c.id, clock.start) ? nullptr : open);
      settled &= clock.state != ClockResult::State::InProgress;
    }
    if (!keep || !settled) continue;
    bool known = true;
    std::size_t kept_before = now.kept.size();
    for (std::size_t i = first; i < out.size(); ++i) {
      const SettledClock& s = out[i];
      std::uint32_t p = priority_index(s.priority, names);
      known &= p != UINT32_MAX;
      now.kept.push_back({s.at, s.fraction, p, s.metric, s.achieved, s.by_stop, s.start});
    }
    if (known)
      now.tickets.push_back({event, static_cast<std::uint32_t>(now.kept.size()), f.next_event(t)});
    else
      now.kept.resize(kept_before);
  }
  if (was) *was = std::move(now);
  return out;
}

void ClockCache::touched(std::span<const TicketOpening> tickets) {
  for (const TicketOpening& t : tickets)
    if (auto it = entries_.find(std::string(t.customer)); it != entries_.end()) it->second.stale.push_back(t.event);
}

void ClockCache::clear() {
  entries_.clear();
  asked_.clear();
}

}  // namespace vow
