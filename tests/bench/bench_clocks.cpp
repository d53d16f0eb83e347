// Settled clocks and ended periods kept between queries (ADR 22, 23,
// docs/performance.md): with a
// ledger loaded, the time of a whole-portfolio report at AS_OF, asked again,
// then as time passes (a minute, an hour, a day later, no events), then
// after one event (a long-solved ticket reopened), as `vow serve` will ask.
// Then the ticket clocks alone, every contract's, computed whole
// (settled_clocks) and through a ClockCache at the same instants.
//
//   vow_bench_clocks DIR [PERIOD] [AS_OF]     (DIR holds vow.db and rules/; tickets named t0, t1, ...)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "compliance/clock_cache.hpp"
#include "compliance/event_index.hpp"
#include "compliance/facts.hpp"
#include "contracts/contract_set.hpp"
#include "engine_access.hpp"
#include "peak.hpp"
#include "vow/engine.hpp"
#include "workspace/load.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: vow_bench_clocks DIR [PERIOD] [AS_OF]\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  vow::Query q;
  q.period = argc > 2 ? argv[2] : "2026-10";
  q.as_of = *vow::parse_instant(argc > 3 ? argv[3] : "2026-10-20T12:00:00Z");
  vow::Engine engine;
  engine.add_contract_paths({dir / "rules"});
  if (!engine.finish_contracts().empty()) return 1;
  vow::load_events(engine, dir / "vow.db");
  engine.prepare();
  std::printf("loaded and indexed; peak %ld MB\n", peak_mb());
  const vow::ClockCache& cache = vow::EngineAccess::clock_cache(engine);
  const vow::MonthCache& months = vow::EngineAccess::months(engine);
  auto run = [&](const char* what) {
    std::size_t computed = cache.computed, reused = cache.reused, months_reused = months.reused;
    auto t = std::chrono::steady_clock::now();
    vow::Report r = engine.report(q);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    std::printf(
        "%-34s %s: %6.3f s, %zu accounts; ticket clocks computed for %zu tickets, kept ones reused for %zu; "
        "ended periods' figures reused %zu times; peak %ld MB\n",
        what, vow::format_instant(q.as_of).c_str(), s, r.accounts.size(), cache.computed - computed,
        cache.reused - reused, months.reused - months_reused, peak_mb());
  };
  constexpr vow::Millis kMinute = 60'000, kHour = 60 * kMinute;
  run("report (first query)");
  run("the same again (fills the cache)");
  q.as_of += kMinute;
  run("a minute later");
  q.as_of += kHour;
  run("an hour later");
  q.as_of += 24 * kHour;
  run("a day later");
  vow::Event e;
  e.id = "bench:reopen";
  e.type = vow::EventType::TicketStatusChanged;
  e.ref = "t0";
  e.status = vow::TicketStatus::Open;
  e.at = q.as_of;
  engine.add_event(std::move(e));
  run("after one event (t0 reopened)");

  // The clocks alone, on the same events: the index and the contracts
  // built here, outside the engine.
  vow::ContractSet contracts;
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(dir / "rules")) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    contracts.add_source(f.string(), text.str());
  }
  contracts.resolve();
  vow::EventIndex index = vow::build_index(vow::EngineAccess::events(engine));
  auto lookup = [&](std::string_view id) { return contracts.find(id); };
  vow::ClockScratch scratch;
  vow::ClockCache kept;
  auto clocks = [&](const char* what, vow::Instant as_of, bool whole) {
    vow::Facts f = vow::gather_facts(index, as_of, lookup);
    auto t = std::chrono::steady_clock::now();
    std::size_t n = 0;
    for (const auto& c : contracts.contracts()) {
      std::vector<vow::ClockSample> open;
      n += (whole ? vow::settled_clocks(c, as_of, f, scratch, &open) : kept.settled_clocks(c, as_of, f, scratch, &open))
               .size();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    std::printf("clocks only, %-28s %s: %6.3f s (%zu settled clocks)\n", what, vow::format_instant(as_of).c_str(), s,
                n);
  };
  vow::Instant a = *vow::parse_instant(argc > 3 ? argv[3] : "2026-10-20T12:00:00Z");
  clocks("all computed (warms up)", a, true);
  clocks("all computed", a, true);
  clocks("cache, first query", a, false);
  clocks("cache, again (fills)", a, false);
  clocks("cache, a minute later", a + kMinute, false);
  clocks("cache, an hour later", a + kMinute + kHour, false);
  clocks("cache, a day later", a + kMinute + 25 * kHour, false);
  clocks("all computed, a day later", a + kMinute + 25 * kHour, true);
  return 0;
}
