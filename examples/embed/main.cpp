// Embedding Vow: contracts and events held in memory, one account's figures
// printed. Build against libvow (target vow::engine) and its headers.
#include <iostream>

#include "vow/engine.hpp"
#include "vow/error.hpp"
#include "vow/render.hpp"

int main() {
  vow::Engine engine;
  engine.add_contract_source("memory/acme.lua", R"lua(
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
  )lua");
  for (const auto& d : engine.finish_contracts()) {
    std::cerr << d.str() << "\n";
    return 78;
  }

  // 3,720 s of downtime in October (New York time).
  auto bad = engine.add_events_ndjson(
      R"({"id":"m:1","type":"outage.started","at":"2026-10-14T15:00:00Z","outage":"o1","service":"api"})"
      "\n"
      R"({"id":"m:2","type":"outage.ended","at":"2026-10-14T16:02:00Z","outage":"o1"})"
      "\n",
      "memory/events.ndjson");
  for (const auto& line : bad) std::cerr << line << "\n";

  vow::Query q;
  q.period = "2026-10";
  q.as_of = *vow::parse_instant("2026-11-02T00:00:00Z");
  q.customers = {"acme"};
  try {
    vow::Report r = engine.report(q);
    const vow::AccountReport& a = r.accounts.at(0);
    std::cout << a.customer << ": uptime " << a.uptime->percent << "% (target " << a.uptime->target
              << "%, met: " << (a.uptime->met ? "yes" : "no") << "), credit " << a.credit->amount << " "
              << a.credit->currency << ", status " << vow::to_string(a.status) << "\n";
  } catch (const vow::Error& e) {
    std::cerr << e.what() << "\n";
    return static_cast<int>(e.code());
  }
  return 0;
}
