// What libvow's own loaders reach in an Engine beyond its public interface:
// the event store, filled without building an Event per ticket event, and
// the clocks kept between queries.
#pragma once

#include <cstdint>

#include "compliance/clock_cache.hpp"
#include "compliance/event_store.hpp"
#include "vow/engine.hpp"

namespace vow {

struct EngineAccess {
  // Marks the index stale; after filling, call loaded() with the highest seq.
  static EventStore& events(Engine& e);
  static void loaded(Engine& e, std::int64_t last_seq);
  // The settled clocks kept between queries (ADR 22): what tests check.
  static const ClockCache& clock_cache(const Engine& e);
};

}  // namespace vow
