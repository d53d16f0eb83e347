// What libvow's own loaders reach in an Engine beyond its public interface:
// the event store, filled without building an Event per ticket event, and
// the clocks kept between queries.
#pragma once

#include <cstdint>
#include <optional>

#include "compliance/clock_alert_cache.hpp"
#include "compliance/clock_cache.hpp"
#include "compliance/event_store.hpp"
#include "compliance/month_cache.hpp"
#include "vow/engine.hpp"

namespace vow {

// What a loader that read only some tickets (docs/adr/0020) says of the
// others, for the figures that look at the whole ledger.
struct UnreadTickets {
  Instant earliest = kNever;     // their earliest event
  std::optional<Instant> heard;  // their latest event at or before the as_of they were left out for
};

struct EngineAccess {
  // Marks the index stale; after filling, call loaded() with the highest seq.
  static EventStore& events(Engine& e);
  static void loaded(Engine& e, std::int64_t last_seq, const UnreadTickets& unread = {});
  // Forgets every event, to load them again.
  static void clear_events(Engine& e);
  // The settled clocks kept between queries (ADR 22): what tests check.
  static const ClockCache& clock_cache(const Engine& e);
  // The clock alerts kept between queries (ADR 0039).
  static const ClockAlertCache& clock_alert_cache(const Engine& e);
  // The figures of ended periods kept between queries (ADR 23).
  static const MonthCache& months(const Engine& e);
};

}  // namespace vow
