// The events a question needs (docs/adr/0020): a month's report on a year's
// ledger reads the tickets that can count in its months, not the year's.
#pragma once

#include <optional>

#include "ledger/ledger.hpp"
#include "vow/engine.hpp"

namespace vow {

// Tickets that settled before `from` or began after `to` may be left out of
// a question asked at `as_of`.
struct EventWindow {
  Instant from = 0, to = 0, as_of = 0;
  // What was read for this window answers `other` too.
  bool covers(const EventWindow& other) const { return as_of == other.as_of && from <= other.from && to >= other.to; }
};

// A report's period, the earlier periods its trend compares and, when the
// month running at as_of is the period or the next, what the forecast reads.
// With `quarterly` (some contract commits per quarter), each month reaches
// back to its quarter's start and the forecast to three quarters before.
// None for a period that does not parse (the engine says why).
std::optional<EventWindow> report_window(const Query& q, bool quarterly = false);
// A period's credits: that period only.
std::optional<EventWindow> credits_window(const Query& q);

// A ticket can be left out when nothing of it can count in the window: it
// is regular (one opening, nothing before it, a customer with a contract, so
// no problem is said of it) and it either stopped every clock (its last event
// is a solved or closed status) before `from`, or began after `to`.
bool ticket_needed(const TicketSpan& s, const EventWindow& w, bool has_contract);

}  // namespace vow
