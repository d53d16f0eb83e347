// Where `vow report` spends its time on a generated portfolio (tests/bench/gen.py
// and an ingested ledger): reading the ledger, indexing, evaluating, rendering.
//
//   vow_bench_phases DIR [PERIOD] [AS_OF]     (DIR holds vow.db and rules/)

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "engine_access.hpp"
#include "peak.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"
#include "workspace/load.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point& t) {
  auto now = std::chrono::steady_clock::now();
  double s = std::chrono::duration<double>(now - t).count();
  t = now;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: vow_bench_phases DIR [PERIOD] [AS_OF]\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  vow::Query q;
  q.period = argc > 2 ? argv[2] : "2026-10";
  q.as_of = *vow::parse_instant(argc > 3 ? argv[3] : "2026-11-02T00:00:00Z");
  auto t = std::chrono::steady_clock::now();
  vow::Engine engine;
  engine.add_contract_paths({dir / "rules"});
  if (!engine.finish_contracts().empty()) return 1;
  double contracts = seconds_since(t);
  vow::load_events(engine, dir / "vow.db");
  std::size_t n = vow::EngineAccess::events(engine).size();
  double load = seconds_since(t);
  engine.prepare();
  double index = seconds_since(t);
  vow::Report r = engine.report(q);
  double report = seconds_since(t);
  std::string json = vow::to_json(r);
  double render = seconds_since(t);
  std::printf(
      "%zu events, %zu accounts: contracts %.3f s, ledger read %.3f s, index %.3f s, report %.3f s, "
      "JSON %.3f s; peak %ld MB\n",
      n, r.accounts.size(), contracts, load, index, report, render, peak_mb());
  return 0;
}
