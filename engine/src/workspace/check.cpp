// `check`: every problem of the config's contracts, plugins and ledger,
// collected rather than thrown, so that one run names them all.
#include <filesystem>

#include "ledger/ledger.hpp"
#include "vow/workspace.hpp"
#include "workspace/impl.hpp"

namespace vow {
namespace {

// SQLite's integrity check, every event's checksum, the event count.
LedgerHealth health_of(const std::filesystem::path& store) {
  LedgerHealth h;
  std::error_code ec;
  if (!std::filesystem::exists(store, ec) && !ec) return h;
  h.exists = true;
  try {
    Ledger ledger(store.string(), Ledger::Access::Read);
    LedgerCheck found = ledger.verify();
    h.version = found.version;
    h.events = found.events;
    h.superseded = found.superseded;
    h.problems = std::move(found.problems);
  } catch (const Error& e) {
    h.problems.push_back(e.what());
    h.error = e;  // its parts, for a front end to word (a file that is no ledger)
  }
  return h;
}

}  // namespace

CheckResult Workspace::check() {
  CheckResult r;
  r.contract_problems = impl_->contracts();
  for (const auto& p : impl_->config.plugins) {
    try {
      impl_->plugin(p);
    } catch (const Error& e) {
      r.plugin_problems.push_back(e);
      r.plugin_diagnostics.push_back({impl_->config.file.string(), p.line, e.what()});
    }
  }
  r.log_lines = impl_->engine.log_lines();
  r.ledger = health_of(impl_->config.store);
  r.contracts = impl_->engine.contract_ids().size();
  r.plugins = impl_->config.plugins.size();
  return r;
}

}  // namespace vow
