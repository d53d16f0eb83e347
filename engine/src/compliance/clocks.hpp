// Ticket clocks (spec/semantics.md, "Ticket clocks"): first response and
// resolution cycles, measured in open time of the priority's calendar.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "time/calendar.hpp"
#include "time/intervals.hpp"

namespace vow {

struct ClockResult {
  enum class State { InProgress, Achieved, Breached, Untracked } state = State::InProgress;
  Metric metric = Metric::Response;
  Instant start = 0;
  Instant settled = 0;        // achieved: the stop; breached: the breach
  std::string_view priority;  // a view into the priority table; breached under / in effect at the stop / current
  // In progress (and for a breach, its deadline): under the current priority.
  bool has_target = false;
  Millis elapsed = 0;
  Millis target = 0;
  Instant deadline = kNever;
  bool stopped = false;   // the clock's stop has happened by as_of
  Instant stop = kNever;  // its instant, when stopped
  int cycle = 1;          // the clocks of one metric of one ticket, from 1 in order of their start
};

// Where a clock first reached a fraction of its target while in progress
// (docs/alerts.md): a warning's instant, the priority in effect then and the
// deadline `vow status` gives at that instant.
struct LevelReached {
  std::size_t clock;  // index of the clock among those ticket_clocks appended
  std::size_t level;  // index into ClockScratch::levels
  Instant at;
  std::string_view priority;
  Instant deadline;
};

// Buffers reused from ticket to ticket, so a portfolio's clocks do not
// allocate per ticket.
struct ClockScratch {
  struct Mark {
    Instant at;
    std::int64_t seq;
  };
  struct PriorityChange {
    Mark when;
    std::uint32_t priority;
  };
  std::vector<PriorityChange> prios;
  std::vector<std::pair<Mark, std::optional<Mark>>> cycles;
  std::vector<std::pair<Mark, std::optional<Mark>>> next_replies, updates;  // 1.1
  Intervals paused, open, counted;
  CalendarCache calendars;
  std::vector<ClockResult> results;  // the clocks of the ticket in hand (for_each_ticket_clock)
  // When set, ticket_clocks also appends to `reached` the first instant, no
  // later than as_of, each clock reached each of these fractions of its target.
  const std::vector<double>* levels = nullptr;
  std::vector<LevelReached> reached;
  // Set by ticket_clocks: the first instant after as_of at which, with no
  // further event, its clocks may reach a level or breach (no earlier than
  // the true one; a pause going on at as_of makes it early). kNever: none.
  Instant changes = kNever;
  // ceil(w x T) for a level w and a target T, exactly: a decimal product
  // too dear to make for every clock of every ticket; a handful of pairs.
  Millis level_budget(double w, Millis target);
  std::vector<std::tuple<double, Millis, Millis>> level_budgets;
};

// Appends every clock of one ticket as of `as_of` to `out`; `priorities`
// names the priority ids of the ticket's history, and the results' `priority`
// views point into it.
void ticket_clocks(const TicketHistory& ticket, const Contract& contract, Instant as_of,
                   const std::vector<std::string>& priorities, ClockScratch& scratch, std::vector<ClockResult>& out);

// The index in `names` of a priority a clock's view names (the view points
// into one of them); UINT32_MAX if none.
std::uint32_t priority_index(std::string_view p, const std::vector<std::string>& names);

// Calls fn(ticket, clock) for every clock of every ticket of the contract as
// of `as_of`, ticket by ticket: the one loop over ticket clocks that the
// report, the forecast and the status read.
template <class Fn>
void for_each_ticket_clock(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch, Fn&& fn) {
  for (const TicketHistory& t : f.tickets_for(c.id)) {
    scratch.results.clear();
    scratch.reached.clear();
    ticket_clocks(t, c, as_of, *f.priorities, scratch, scratch.results);
    for (const ClockResult& clock : scratch.results) fn(t, clock);
  }
}

}  // namespace vow
