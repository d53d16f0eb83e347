// How the ledger's events reach an engine: the one function every
// evaluating action goes through.
#pragma once

#include <filesystem>

#include "vow/engine.hpp"

namespace vow {

// Every event of the ledger at `store`, read only (a missing or damaged
// ledger is exit 78).
void load_events(Engine& engine, const std::filesystem::path& store);

}  // namespace vow
