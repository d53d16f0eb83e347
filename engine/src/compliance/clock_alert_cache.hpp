// Clock alerts kept between queries (ADR 0039). A ticket's clock alerts and
// settled steps as of A hold at every instant up to the first at which,
// with no further event, one of its clocks reaches a level, breaches or
// escalates, or its next event comes into view: a later query in that span
// takes them from here. What `vow serve` asks every round for the
// customers events touched, each with hundreds of tickets running.
//
// A live round needs more (ADR 0053): a customer with one new ticket among
// hundreds should cost what that ticket costs. When every other ticket's
// kept alerts hold at the query's instant, kept() gives them as one block
// and names the tickets still to compute; the facts then hold only those,
// and clock_alerts_with() computes them beside the block.
#pragma once

#include <cstdint>
#include <optional>
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

  // The kept alerts and settled steps of the contract's tickets that hold
  // at as_of, when every ticket is either such or one to compute again
  // (`compute`: first openings, touched or new since). Nothing when one
  // kept ticket does not hold there, or a ticket not kept may have opened.
  struct Kept {
    std::vector<Alert> alerts;
    std::vector<RateStep> settled;
    Instant until = kNever;              // the block holds in [as_of, until)
    std::vector<std::uint32_t> compute;  // sorted
  };
  std::optional<Kept> kept(const Contract& c, Instant as_of, const std::vector<std::string>& priorities);

  // With `f` holding only the tickets kept.compute names (of c's): the
  // block, then those computed and kept. What clock_alerts() would give
  // with every ticket in the facts.
  Instant clock_alerts_with(const Contract& c, Instant as_of, const Facts& f, Kept kept, ClockScratch& scratch,
                            std::vector<Alert>& out, std::vector<RateStep>* settled);

  // These tickets got events (EventIndex::touched): computed again.
  void touched(std::span<const TicketOpening> tickets);
  // Nothing kept is used again: the index was rebuilt or the contracts changed.
  void clear();

  // Tickets computed, and taken from here, since the cache was made; and
  // answers kept() gave.
  std::size_t computed = 0, reused = 0, blocks = 0;

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
    bool holds_at(Instant as_of) const { return from <= as_of && as_of < until; }
  };
  struct Entry {
    std::vector<Ticket> tickets;       // by first opening: the facts' at the last full query, and those since
    std::vector<std::uint32_t> stale;  // touched or new since computed: first openings, sorted when read
    Instant next_opening = kNever;     // of a ticket not in `tickets` as of the last full query
    bool is_stale(std::uint32_t event) const;
    std::vector<Ticket>::iterator place(std::uint32_t event);  // where it is or would go
    Ticket* find(std::uint32_t event);
    Ticket& slot(std::uint32_t event);  // found, or made in its place
  };

  // Computes one ticket into `k` and appends what it gives.
  Instant compute(const Contract& c, const TicketHistory& t, Instant as_of, const Facts& f, ClockScratch& scratch,
                  Ticket& k, std::vector<Alert>& out, std::vector<RateStep>* settled);
  static void give(const Ticket& k, const std::vector<std::string>& priorities, std::vector<Alert>& out,
                   std::vector<RateStep>* settled);

  std::unordered_map<std::string, Entry> kept_;  // by contract id
  std::vector<RateStep> steps_;                  // compute()'s, kept for their room
  std::unordered_set<const Contract*> asked_;    // contracts queried once
};

}  // namespace vow
