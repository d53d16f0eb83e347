// What a Workspace holds, shared by the files that implement its actions.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"
#include "ledger/wal_sync.hpp"
#include "plugins/child.hpp"
#include "vow/workspace.hpp"
#include "workspace/window.hpp"

namespace vow {

struct Workspace::Impl {
  Impl(WorkspaceConfig c, WorkspaceOptions o) : config(std::move(c)), options(std::move(o)), engine(options.limits) {}

  WorkspaceConfig config;
  WorkspaceOptions options;
  Engine engine;

  // Loads and resolves the contracts once; their problems, if any.
  const std::vector<Diagnostic>& contracts();
  // The same, as ContractsError when there are problems.
  void require_contracts();
  // The ledger's events in the engine: all of them, or those `window` needs
  // (loaded again when what was read does not cover it).
  void events(const std::optional<EventWindow>& window = std::nullopt);
  // Adds the events stored since they were read; how many.
  std::size_t refresh();
  // The same from the events this workspace stored since (docs/adr/0052).
  std::size_t follow();
  // What an ingest committed, for follow(); `whole`: nothing was superseded.
  void hand_over(std::vector<Event>&& fresh, bool whole) noexcept;
  // Whether follow() takes what ingests store (it was called once).
  bool following();
  // The ledger for writing, opened (and created) once.
  Ledger& ledger();
  // Whether ingests leave their checkpoint to Workspace::checkpoint(), and
  // its connection (opened once).
  std::atomic<bool> checkpoint_apart{false};
  std::mutex checkpoint_m;
  std::unique_ptr<Ledger> checkpoint_ledger;
  // Whether ingests commit without waiting for the disk, and what puts
  // the -wal SQLite names on disk for Workspace::sync() (made by the first
  // such ingest: the ledger may not exist before).
  std::atomic<bool> sync_apart{false};
  std::mutex wal_sync_m;
  std::unique_ptr<WalSync> wal_sync;

  // Each plugin runs in a child process (docs/adr/0009).
  std::unique_ptr<PluginProcess> plugin(const PluginConfig& p) const;
  // The configured plugin called `name` (exit 2 naming the ones there are).
  const PluginConfig& plugin_named(const std::string& name) const;
  // Every configured billing sink, started (exit 78 when there is none).
  std::vector<std::unique_ptr<PluginProcess>> billing_sinks() const;

 private:
  bool contracts_loaded_ = false;
  std::vector<Diagnostic> contract_problems_;
  bool events_loaded_ = false;
  std::optional<EventWindow> events_window_;  // none: every event was read
  std::int64_t events_seq_ = 0;               // the last one read
  std::int64_t events_revision_ = 0;          // the ledger's last revision when they were read
  std::unique_ptr<Ledger> writer_;
  std::unique_ptr<Ledger> reader_;  // refresh()'s, opened once
  std::chrono::steady_clock::time_point reader_checked_;
  std::chrono::steady_clock::time_point read_at_;  // refresh()'s last read of the ledger

  // Ingests run on the server's writing threads, follow() on its rounds.
  std::mutex handoff_m_;
  bool handoff_on_ = false;
  bool handoff_broken_ = false;  // what was stored is not all in handoff_
  std::vector<Event> handoff_;   // stored, in sequence order, not yet taken
};

}  // namespace vow
