// Ticket clocks kept between queries (ADR 22). A ticket whose clocks have
// all settled (achieved, breached, or stopped without a target) by as_of A
// has the same clocks at any later as_of, until the next of its events
// comes into view or an event is added to it; a query at a later as_of takes
// them from here and computes only the others.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compliance/account.hpp"

namespace vow {

class ClockCache {
 public:
  // What vow::settled_clocks(c, as_of, f, scratch, open) gives, in the same
  // order. The first call for a contract keeps nothing (a one-shot report
  // pays nothing for the cache); each later one keeps its settled tickets.
  std::vector<SettledClock> settled_clocks(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch,
                                           std::vector<ClockSample>* open = nullptr);

  // These tickets got events (EventIndex::touched): computed again.
  void touched(std::span<const TicketOpening> tickets);
  // Nothing kept is used again: the index was rebuilt or the contracts changed.
  void clear();

  // Tickets whose clocks were computed, and taken from here, since the
  // cache was made: what tests and benchmarks check.
  std::size_t computed = 0, reused = 0;

 private:
  // A settled clock, in a third of a SettledClock's room; its ticket id
  // and priority name are looked up again when given out.
  struct Kept {
    Instant at;
    double fraction;
    std::uint32_t priority;  // in Facts::priorities
    Metric metric;
    bool achieved;
    bool by_stop;
    Instant start;  // where an exception's window is looked for (1.1)
  };
  struct Ticket {
    std::uint32_t event;  // its first opening in the store (TicketOpening::event): stable across index updates
    std::uint32_t end;    // its clocks are kept[previous end, end)
    Instant until;        // its next event, which may change its clocks once in view (Facts::next_event)
  };
  // One contract's settled tickets as of `as_of`, in the order of its facts.
  struct Entry {
    Instant as_of = 0;
    std::vector<Ticket> tickets;
    std::vector<Kept> kept;
    std::vector<std::uint32_t> stale;  // touched since: first openings, sorted when read
  };
  std::unordered_map<std::string, Entry> entries_;  // by contract id, from its second query on
  std::unordered_set<const Contract*> asked_;       // contracts queried once
};

}  // namespace vow
