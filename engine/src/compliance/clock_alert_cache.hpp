// Clock alerts kept between queries (ADR 0039). A ticket's clock alerts and
// settled steps as of A hold at every instant up to the first at which,
// with no further event, one of its clocks reaches a level, breaches or
// escalates, or its next event comes into view: a later query in that span
// takes them from here. What `vow serve` asks every round for the
// customers events touched, each with hundreds of tickets running.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compliance/alerts.hpp"
#include "compliance/event_index.hpp"

namespace vow {

class ClockAlertCache {
 public:
  // What vow::clock_alerts(c, as_of, f, scratch, out, settled) appends. The
  // first call for a contract keeps nothing (a one-shot `vow alerts` pays
  // nothing for the cache); each later one keeps every ticket. Gives the
  // instant until which they hold, as vow::clock_alerts does.
  Instant clock_alerts(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch, std::vector<Alert>& out,
                       std::vector<RateStep>* settled);

  // These tickets got events (EventIndex::touched): computed again.
  void touched(std::span<const TicketOpening> tickets);
  // Nothing kept is used again: the index was rebuilt or the contracts changed.
  void clear();

  // Tickets computed, and taken from here, since the cache was made.
  std::size_t computed = 0, reused = 0;

 private:
  struct Step {  // a RateStep with its priority by id in Facts::priorities
    Instant at;
    std::uint32_t priority;
    Metric metric;
    bool strict, achieved;
  };
  struct Ticket {
    std::uint32_t event = UINT32_MAX;  // its first opening in the store (TicketOpening::event)
    Instant from = 0, until = 0;       // the span the alerts and steps hold in: [from, until)
    std::vector<Alert> alerts;
    std::vector<Step> steps;
  };
  // One contract's tickets in the order of its facts, which an index update
  // keeps (a touched ticket keeps its place, a new one mostly comes last): a
  // ticket not found at its place is computed again, never guessed.
  struct Entry {
    std::vector<Ticket> tickets;
    std::vector<std::uint32_t> stale;  // touched since the last query: first openings, sorted when read
  };
  std::unordered_map<std::string, Entry> kept_;  // by contract id
  std::unordered_set<const Contract*> asked_;    // contracts queried once
};

}  // namespace vow
