// Settled clocks kept between queries (ADR 22, docs/performance.md): with a
// ledger loaded, the time of a whole-portfolio report at AS_OF, asked again,
// then as time passes (a minute, an hour, a day later, no events), then
// after one event (a long-solved ticket reopened), as `vow serve` will ask.
//
//   vow_bench_clocks DIR [PERIOD] [AS_OF]     (DIR holds vow.db and rules/; tickets named t0, t1, ...)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "engine_access.hpp"
#include "vow/engine.hpp"
#include "workspace/load.hpp"

namespace {

long peak_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

}  // namespace

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
  auto run = [&](const char* what) {
    std::size_t computed = cache.computed, reused = cache.reused;
    auto t = std::chrono::steady_clock::now();
    vow::Report r = engine.report(q);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    std::printf(
        "%-34s %s: %6.3f s, %zu accounts; ticket clocks computed for %zu tickets, kept ones reused for %zu; peak %ld "
        "MB\n",
        what, vow::format_instant(q.as_of).c_str(), s, r.accounts.size(), cache.computed - computed,
        cache.reused - reused, peak_mb());
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
  return 0;
}
