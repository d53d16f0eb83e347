// How the ledger's events reach an engine: the one function every
// evaluating action goes through.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "ledger/ledger.hpp"
#include "vow/engine.hpp"
#include "workspace/window.hpp"

namespace vow {

// The events of the ledger at `store`, read only (a missing or damaged
// ledger is exit 78): all of them, or with `window` only the tickets it
// needs (docs/adr/0020) when the ledger has a snapshot to decide from.
struct Loaded {
  std::int64_t last_seq = 0;  // the highest sequence number read
  bool partial = false;       // some tickets were left out
  std::int64_t revision = 0;  // the ledger's last revision then (docs/adr/0027)
};
Loaded load_events(Engine& engine, const std::filesystem::path& store, const EventWindow* window = nullptr);

// The events stored after sequence number `after`, each checked, added to
// the engine as a writer adds them; returns the highest sequence number read
// (`after` when there is none). Nothing, adding none, when an event was
// superseded since revision `revision`: then every event must be read again.
// `ledger`: a reading connection kept open, so that a live server, which
// asks after every write, does not open the file each time.
std::optional<std::int64_t> load_events_after(Engine& engine, Ledger& ledger, std::int64_t after,
                                              std::int64_t revision);

}  // namespace vow
