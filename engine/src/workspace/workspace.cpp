// The Workspace's wiring: contracts, events, ledger and plugins, each
// loaded once when first needed; and the evaluating actions.
#include "vow/workspace.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <new>

#include "engine_access.hpp"
#include "workspace/impl.hpp"
#include "workspace/load.hpp"

namespace fs = std::filesystem;

namespace vow {
namespace {

std::string contracts_message(const std::vector<Diagnostic>& d) {
  std::string first = d.empty() ? std::string("no diagnostic") : d.front().str();
  return "the contracts have problems: " + first +
         (d.size() > 1 ? " (and " + std::to_string(d.size() - 1) + " more)" : std::string());
}

// How often follow() reads the ledger even when its own ingests say all.
constexpr auto kReadEvery = std::chrono::seconds(1);
// Events handed over and not yet taken past which follow() reads them back
// instead (about 650 bytes each): a workspace nobody follows any more.
constexpr std::size_t kHandoffLimit = 100'000;

}  // namespace

ContractsError::ContractsError(std::vector<Diagnostic> diagnostics)
    : Error(Exit::BadConfig, contracts_message(diagnostics)), diagnostics_(std::move(diagnostics)) {}

const std::vector<Diagnostic>& Workspace::Impl::contracts() {
  if (!contracts_loaded_) {
    contracts_loaded_ = true;
    engine.add_contract_paths(config.rule_paths, fs::current_path());
    contract_problems_ = engine.finish_contracts();
  }
  return contract_problems_;
}

void Workspace::Impl::require_contracts() {
  if (!contracts().empty()) throw ContractsError(contract_problems_);
}

void Workspace::Impl::events(const std::optional<EventWindow>& window) {
  if (events_loaded_ && (!events_window_ || (window && events_window_->covers(*window)))) return;
  // A second question the first one's window does not answer: read all, once,
  // rather than window after window.
  std::optional<EventWindow> reading = events_loaded_ ? std::nullopt : window;
  // Also what a read that failed part way left.
  EngineAccess::clear_events(engine);
  events_loaded_ = false;
  Loaded read = vow::load_events(engine, config.store, reading ? &*reading : nullptr);
  events_seq_ = read.last_seq;
  events_revision_ = read.revision;
  events_loaded_ = true;
  events_window_ = read.partial ? reading : std::nullopt;
  read_at_ = std::chrono::steady_clock::now();
}

std::size_t Workspace::Impl::refresh() {
  std::size_t before = events_loaded_ ? engine.event_count() : 0;
  if (!events_loaded_ || events_window_) {
    events();  // the tickets a window left out may be among those the new events touch
    return engine.event_count() - before;
  }
  try {
    // A schema changed by another process (a migration) is looked for once
    // a second: asking on every refresh costs a live round a read of its own.
    auto now = std::chrono::steady_clock::now();
    if (reader_ && now - reader_checked_ >= std::chrono::seconds(1)) {
      reader_checked_ = now;
      if (reader_->schema_changed()) reader_.reset();
    }
    if (!reader_) reader_ = std::make_unique<Ledger>(config.store.string(), Ledger::Access::Read);
    auto last = load_events_after(engine, *reader_, events_seq_, events_revision_);
    if (!last) {
      // An event stored before was superseded (docs/adr/0027): its old
      // content is in the engine, so every event is read again.
      events_loaded_ = false;
      events();
      return engine.event_count() - std::min(before, engine.event_count());
    }
    events_seq_ = *last;
    read_at_ = now;
  } catch (...) {
    events_loaded_ = false;  // some were added: the next read starts afresh
    reader_.reset();         // and on a connection of its own
    throw;
  }
  return engine.event_count() - before;
}

std::size_t Workspace::Impl::follow() {
  std::vector<Event> handed;
  bool whole = false;
  {
    std::lock_guard lock(handoff_m_);
    whole = handoff_on_ && !handoff_broken_;
    handoff_on_ = true;
    handoff_broken_ = false;
    handed.swap(handoff_);
  }
  // The ledger is read anyway once a second: other processes write to it,
  // and may supersede what this one holds.
  if (!whole || !events_loaded_ || events_window_ || std::chrono::steady_clock::now() - read_at_ >= kReadEvery)
    return refresh();  // which reads all that was handed (stored before it was)
  auto fresh = std::find_if(handed.begin(), handed.end(), [&](const Event& e) { return e.seq > events_seq_; });
  std::int64_t next = events_seq_ + 1;
  for (auto it = fresh; it != handed.end(); ++it, ++next)
    if (it->seq != next) return refresh();  // another process stored some in between
  std::size_t before = engine.event_count();
  try {
    for (auto it = fresh; it != handed.end(); ++it) {
      events_seq_ = it->seq;
      engine.add_event(std::move(*it));
    }
  } catch (...) {
    events_loaded_ = false;  // some were added: the next read starts afresh
    throw;
  }
  return engine.event_count() - before;
}

void Workspace::Impl::hand_over(std::vector<Event>&& fresh, bool whole) noexcept {
  std::lock_guard lock(handoff_m_);
  if (!handoff_on_) return;
  if (whole && !handoff_broken_ && handoff_.size() + fresh.size() <= kHandoffLimit) {
    try {
      if (handoff_.empty())
        handoff_ = std::move(fresh);
      else
        std::move(fresh.begin(), fresh.end(), std::back_inserter(handoff_));
      return;
    } catch (const std::bad_alloc&) {
      // Committed and not handed over: follow() reads them instead.
    }
  }
  handoff_broken_ = true;
  handoff_.clear();
}

bool Workspace::Impl::following() {
  std::lock_guard lock(handoff_m_);
  return handoff_on_;
}

Ledger& Workspace::Impl::ledger() {
  if (!writer_) writer_ = std::make_unique<Ledger>(config.store.string());
  return *writer_;
}

std::unique_ptr<PluginProcess> Workspace::Impl::plugin(const PluginConfig& p) const {
  PluginLimits limits;
  limits.timeout = std::chrono::seconds(p.timeout_seconds);
  limits.host = options.plugin_host.string();
  // Absolute, as vow_host.config_dir promises: the plugin's process may
  // resolve it long after, and a relative folder means nothing to it.
  std::error_code ec;
  auto folder = std::filesystem::absolute(config.folder.empty() ? "." : config.folder, ec).lexically_normal();
  if (ec) throw Error(Exit::BadConfig, config.file.string() + ": the folder of the config file: " + ec.message());
  if (folder.has_relative_path() && !folder.has_filename()) folder = folder.parent_path();  // no trailing '/'
  return std::make_unique<PluginProcess>(p.name, p.library, p.config_json, folder, limits);
}

const PluginConfig& Workspace::Impl::plugin_named(const std::string& name) const {
  std::string known;
  for (const auto& p : config.plugins) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw Error(Exit::Usage,
              "no plugin named " + name + " in " + config.file.string() +
                  (known.empty() ? " (it configures none: add a [[plugins]] table)" : " (configured: " + known + ")"));
}

Workspace::Workspace(WorkspaceConfig config, WorkspaceOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(options))) {}
Workspace::~Workspace() = default;
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;

const WorkspaceConfig& Workspace::config() const {
  return impl_->config;
}

void Workspace::load_contracts() {
  impl_->require_contracts();
}

void Workspace::load_events() {
  impl_->events();
}

void Workspace::open_ledger() {
  impl_->ledger();
}

std::vector<std::string> Workspace::contract_ids() {
  impl_->require_contracts();
  return impl_->engine.contract_ids();
}

std::vector<std::string> Workspace::log_lines() const {
  return impl_->engine.log_lines();
}

Report Workspace::report(const Query& q) {
  impl_->require_contracts();
  impl_->events(report_window(q, impl_->engine.has_quarterly_commitments()));
  return impl_->engine.report(q);
}

CreditsReport Workspace::credits(const Query& q) {
  impl_->require_contracts();
  impl_->events(credits_window(q));
  return impl_->engine.credits(q);
}

std::size_t Workspace::refresh() {
  return impl_->refresh();
}

std::size_t Workspace::follow() {
  impl_->require_contracts();
  return impl_->follow();
}

void Workspace::checkpoint_apart(bool on) {
  impl_->checkpoint_apart = on;
}

void Workspace::checkpoint() {
  std::lock_guard lock(impl_->checkpoint_m);
  auto& ledger = impl_->checkpoint_ledger;
  if (!ledger) {
    if (!std::filesystem::exists(impl_->config.store)) return;  // nothing committed, and nothing to create
    ledger = std::make_unique<Ledger>(impl_->config.store.string(), Ledger::Access::Checkpoint);
  }
  if (auto c = ledger->checkpoint(); c.problem)
    throw Error(Exit::BadConfig, impl_->config.store.string() +
                                     ": the -wal could not be moved into the main file: " + std::string(c.problem));
}

void Workspace::sync_apart(bool on) {
  impl_->sync_apart = on;
}

void Workspace::sync() {
  WalSync* wal = nullptr;
  {
    std::lock_guard lock(impl_->wal_sync_m);
    wal = impl_->wal_sync.get();
  }
  // None yet: no ingest committed without waiting for the disk.
  if (wal) wal->sync();
}

std::string Workspace::sync_refusal() const {
  std::lock_guard lock(impl_->wal_sync_m);
  return impl_->wal_sync ? impl_->wal_sync->refusal() : std::string();
}

Touched Workspace::take_touched() {
  impl_->require_contracts();
  impl_->events();
  return impl_->engine.take_touched();
}

void Workspace::expect_events(std::size_t more) {
  impl_->require_contracts();
  impl_->events();
  impl_->engine.expect_events(more);
}

std::size_t Workspace::events_in_memory() const {
  return impl_->engine.event_count();
}

StatusReport Workspace::status(const Query& q) {
  impl_->require_contracts();
  impl_->events();
  return impl_->engine.status(q);
}

std::vector<AccountReport> Workspace::accounts(const std::vector<std::string>& customers, const std::string& period,
                                               Instant as_of) {
  impl_->require_contracts();
  impl_->events();
  return impl_->engine.accounts(customers, period, as_of);
}

AlertsReport Workspace::alerts(const Query& q, std::optional<Instant> since) {
  impl_->require_contracts();
  impl_->events();
  return impl_->engine.alerts(q, since);
}

std::unique_ptr<PluginProcess> Workspace::start_plugin(const std::string& name) {
  return impl_->plugin(impl_->plugin_named(name));
}

Instant Workspace::deliver_alerts_from(Instant now) {
  return impl_->ledger().keep_first("deliver_alerts_from", now);
}

BacktestReport Workspace::backtest(const BacktestQuery& q) {
  impl_->require_contracts();
  impl_->events();
  return impl_->engine.backtest(q);
}

}  // namespace vow
