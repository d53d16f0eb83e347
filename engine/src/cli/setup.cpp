#include "cli/setup.hpp"

#include <chrono>
#include <iostream>

#include "ledger/ledger.hpp"

namespace fs = std::filesystem;

namespace vow::cli {

bool load_rules(Engine& engine, const Config& cfg) {
  engine.add_contract_paths(cfg.rule_paths, fs::current_path());
  const auto& diags = engine.finish_contracts();
  for (const auto& d : diags) std::cerr << d.str() << "\n";
  return diags.empty();
}

void load_events(Engine& engine, const fs::path& store) {
  Ledger(store.string(), Ledger::Access::Read).for_each([&](Event&& e) { engine.add_event(std::move(e)); });
}

// Each plugin runs in a child process (docs/adr/0009).
std::unique_ptr<PluginProcess> instance_of(const PluginConfig& p) {
  PluginLimits limits;
  limits.timeout = std::chrono::seconds(p.timeout_seconds);
  limits.host = "/proc/self/exe";  // this very vow, for its plugin-host subcommand
  return std::make_unique<PluginProcess>(p.name, p.library, p.config_json, limits);
}

}  // namespace vow::cli
