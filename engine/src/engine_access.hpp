// What libvow's own loaders reach in an Engine beyond its public interface:
// the event store, filled without building an Event per ticket event.
#pragma once

#include <cstdint>

#include "compliance/event_store.hpp"
#include "vow/engine.hpp"

namespace vow {

struct EngineAccess {
  // Marks the index stale; after filling, call loaded() with the highest seq.
  static EventStore& events(Engine& e);
  static void loaded(Engine& e, std::int64_t last_seq);
};

}  // namespace vow
