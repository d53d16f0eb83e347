#include "serve/drill.hpp"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "events/lines.hpp"
#include "ledger/ledger.hpp"
#include "serve/courier.hpp"
#include "serve/log.hpp"
#include "serve/metrics.hpp"

namespace vow::serve {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

// A folder of its own for the copy, removed whatever happens.
struct Scratch {
  fs::path dir;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "vow-drill-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw Error(Exit::BadConfig,
                  "vow drill: cannot make a folder for the ledger's copy in " + fs::temp_directory_path().string());
    dir = pattern;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// The latest `at` of the drill's events: by default it plays out to there.
std::optional<Instant> latest_at(std::string_view ndjson) {
  std::optional<Instant> latest;
  for_each_line(ndjson, [&](size_t, std::string_view line) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("at") || !j["at"].is_string()) return;
    if (auto at = parse_instant(j["at"].get<std::string>()); at && (!latest || *at > *latest)) latest = *at;
  });
  return latest;
}

}  // namespace

bool DrillResult::ok() const {
  for (const auto& d : deliveries)
    if (!d.acknowledged) return false;
  return true;
}

DrillResult drill(const WorkspaceConfig& config, const WorkspaceOptions& options, const std::string& source,
                  std::string_view ndjson, std::optional<Instant> as_of) {
  DrillResult r;
  if (!as_of) as_of = latest_at(ndjson);
  if (!as_of) throw Error(Exit::BadData, source + ": no event with an instant (\"at\"): nothing to drill");
  r.as_of = *as_of;
  Scratch scratch;
  WorkspaceConfig copy = config;
  copy.store = scratch.dir / "ledger.db";
  if (fs::exists(config.store)) Ledger(config.store.string(), Ledger::Access::Read).copy_to(copy.store.string());
  Workspace ws(copy, options);
  ws.load_contracts();
  Query q;
  q.as_of = r.as_of;
  std::unordered_set<std::string> before;
  for (const Alert& a : ws.alerts(q).alerts) before.insert(a.id);

  auto start = Steady::now();
  IngestOutcome in = ws.ingest("vow drill " + source, ndjson, IngestSettings{});
  if (!in.stored) {
    std::string why;
    for (const auto& bad : in.rejected) why += "\n" + source + ":" + std::to_string(bad.line) + ": " + bad.reason;
    throw Error(Exit::BadData, source + ": the drill's events were refused; nothing was played" + why);
  }
  r.events = in.fresh + in.duplicate;
  ws.refresh();
  AlertsReport after = ws.alerts(q);
  std::erase_if(after.alerts, [&](const Alert& a) { return before.contains(a.id); });
  after.retracted.clear();  // a drill raises alerts; it withdraws none
  r.alerts = after.alerts;

  const auto& routes = config.serve.routes;
  DeliveryInputs plan_in{&after, &routes, &after.tiers, &after.deliveries, r.as_of, 60'000};
  auto plan = plan_deliveries(plan_in);
  for (const Alert& a : after.alerts)
    if (std::none_of(plan.begin(), plan.end(), [&](const PlannedDelivery& p) { return p.alert.id == a.id; }))
      r.unrouted.push_back(a.id);
  for (auto& p : plan) p.late = false;  // a drill's instants are made up: none is late

  std::ostringstream quiet;  // the courier's log lines: the result says it all
  Log log(quiet);
  Metrics metrics;
  std::mutex writing;
  Courier courier(ws, writing, log, metrics, true);
  courier.start(routes);
  for (const PlannedDelivery& p : plan) {
    auto done = courier.deliver({p}, r.as_of);
    if (done.empty()) continue;
    const auto& o = done.front();
    r.deliveries.push_back({p.alert, p.sink, o.acknowledged, o.reference, o.why, o.seconds,
                            std::chrono::duration<double>(Steady::now() - start).count()});
  }
  return r;
}

}  // namespace vow::serve
