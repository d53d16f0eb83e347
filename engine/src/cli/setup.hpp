// What every command that evaluates starts from: the contracts, the
// ledger's events and the plugins the config names.
#pragma once

#include <memory>

#include "cli/config.hpp"
#include "plugins/child.hpp"
#include "vow/engine.hpp"

namespace vow::cli {

// Loads and resolves the contracts; prints every problem. Returns false on any.
bool load_rules(Engine& engine, const Config& cfg);

// Every event of the ledger at `store`, read only (a missing or damaged
// ledger is exit 78).
void load_events(Engine& engine, const std::filesystem::path& store);

// Each plugin runs in a child process (docs/adr/0009).
std::unique_ptr<PluginProcess> instance_of(const PluginConfig& p);

}  // namespace vow::cli
