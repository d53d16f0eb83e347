// How the ledger's events reach an engine: the one function every
// evaluating action goes through.
#pragma once

#include <filesystem>

#include "vow/engine.hpp"
#include "workspace/window.hpp"

namespace vow {

// The events of the ledger at `store`, read only (a missing or damaged
// ledger is exit 78): all of them, or with `window` only the tickets it
// needs (docs/adr/0020) when the ledger has a snapshot to decide from.
void load_events(Engine& engine, const std::filesystem::path& store, const EventWindow* window = nullptr);

}  // namespace vow
