// Embedding Vow, two ways. Build against libvow (target vow::engine) and its
// headers.
//
// 1. vow::Engine: contracts and events held in memory, nothing on disk.
// 2. vow::Workspace: what `vow` itself runs on. A vow.toml names the ledger
//    (SQLite), the contracts and the plugins; one method per action.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

#include "vow/engine.hpp"
#include "vow/error.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"

namespace {

const char* kContract = R"lua(
  contract "acme" {
    name = "Acme Corp",
    timezone = "America/New_York",
    acv = 240000,
    uptime = { target = 99.95, services = { "api" } },
    credit = function(m)
      if m.uptime.percent < 99.0 then return { percent = 30 } end
      if not m.uptime.met then return { percent = 10 } end
      return 0
    end,
  }
)lua";

// 3,720 s of downtime in October (New York time).
const char* kEvents =
    R"({"id":"m:1","type":"outage.started","at":"2026-10-14T15:00:00Z","outage":"o1","service":"api"})"
    "\n"
    R"({"id":"m:2","type":"outage.ended","at":"2026-10-14T16:02:00Z","outage":"o1"})"
    "\n";

vow::Query october() {
  vow::Query q;
  q.period = "2026-10";
  q.as_of = *vow::parse_instant("2026-11-02T00:00:00Z");
  q.customers = {"acme"};
  return q;
}

void print(const std::string& how, const vow::Report& r) {
  const vow::AccountReport& a = r.accounts.at(0);
  std::cout << how << ": " << a.customer << ": uptime " << a.uptime->percent << "% (target " << a.uptime->target
            << "%, met: " << (a.uptime->met ? "yes" : "no") << "), credit " << a.credit->amount << " "
            << a.credit->currency << ", status " << vow::to_string(a.status) << "\n";
}

int in_memory() {
  vow::Engine engine;
  engine.add_contract_source("memory/acme.lua", kContract);
  for (const auto& d : engine.finish_contracts()) {
    std::cerr << d.str() << "\n";
    return 78;
  }
  for (const auto& d : engine.add_events_ndjson(kEvents, "memory/events.ndjson")) std::cerr << d.str() << "\n";
  // The ledger's rules hold in memory: the same events again are duplicates
  // (held once), the same id with other content is refused.
  engine.add_events_ndjson(kEvents, "memory/events.ndjson");
  std::cout << "engine: " << engine.event_count() << " events held after adding them twice\n";
  const char* changed = R"({"id":"m:2","type":"outage.ended","at":"2026-10-14T15:30:00Z","outage":"o1"})";
  for (const auto& d : engine.add_events_ndjson(changed, "memory/late.ndjson"))
    std::cout << "engine: " << d.str() << "\n";
  vow::Event no_id;
  no_id.type = vow::EventType::OutageEnded;
  no_id.ref = "o1";
  try {
    engine.add_event(no_id);
  } catch (const vow::Error& e) {
    std::cout << "engine: refused: " << e.what() << "\n";
  }
  print("engine", engine.report(october()));
  return 0;
}

// A folder of its own: vow.toml, rules/acme.lua, and the ledger vow.db.
int on_disk() {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "vow-embed-example";
  fs::remove_all(dir);
  fs::create_directories(dir / "rules");
  std::ofstream(dir / "vow.toml") << "[store]\npath = \"vow.db\"\n";
  std::ofstream(dir / "rules" / "acme.lua") << kContract;

  vow::Workspace ws(vow::load_config(dir / "vow.toml"));
  vow::IngestOutcome stored = ws.ingest("events.ndjson", kEvents, {});
  std::cout << "workspace: " << stored.source << ": " << stored.fresh << " new, " << stored.duplicate << " duplicate\n";
  print("workspace", ws.report(october()));
  fs::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Plugins run in a child process (docs/embedding.md): with this, and
  // WorkspaceOptions::plugin_host = "/proc/self/exe", in this very program.
  if (argc > 1 && std::string_view(argv[1]) == "plugin-host") return vow::plugin_host_main(argc, argv);
  try {
    if (int rc = in_memory()) return rc;
    return on_disk();
  } catch (const vow::ContractsError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.str() << "\n";
    return static_cast<int>(e.code());
  } catch (const vow::Error& e) {
    std::cerr << e.what() << "\n";
    return static_cast<int>(e.code());
  }
}
