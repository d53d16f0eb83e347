// `export`: the ledger back as NDJSON, every event as it was given.
#include "ledger/ledger.hpp"
#include "vow/workspace.hpp"
#include "workspace/impl.hpp"

namespace vow {

ExportSummary Workspace::export_events(std::int64_t since, const std::function<void(std::string_view line)>& each) {
  if (since < 1)
    throw Error(Exit::Usage, {field("since"), " " + std::to_string(since) + ": sequence numbers start at 1"});
  Ledger ledger(impl_->config.store.string(), Ledger::Access::Read);
  ExportSummary s;
  ledger.lines_since(since, [&](std::string_view line, std::int64_t seq) {
    each(line);
    if (s.events++ == 0) s.first = seq;
    s.last = seq;
  });
  return s;
}

std::size_t Workspace::superseded_events(const std::function<void(const Supersession&)>& each) {
  Ledger ledger(impl_->config.store.string(), Ledger::Access::Read);
  std::size_t n = 0;
  ledger.history([&](const Correction& c) {
    ++n;
    each({std::string(c.id), c.seq, c.rev, std::string(c.at), std::string(c.source), std::string(c.was),
          std::string(c.now)});
  });
  return n;
}

}  // namespace vow
