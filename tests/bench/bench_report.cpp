// Time of one month's report with the events already in memory
// (`Engine::report`), for a generated portfolio (tests/bench/gen.py).
//
//   bench_report DIR [--benchmark_repetitions=5]
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "vow/engine.hpp"

namespace {

std::filesystem::path g_dir;

vow::Engine& engine() {
  static vow::Engine* e = [] {
    auto* en = new vow::Engine();
    en->add_contract_paths({g_dir / "rules"});
    for (const auto& d : en->finish_contracts()) std::cerr << d.str() << "\n";
    std::ifstream in(g_dir / "events.ndjson", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto bad = en->add_events_ndjson(text.str(), "events.ndjson");
    en->prepare();
    std::cerr << "loaded " << en->contract_ids().size() << " contracts; " << bad.size() << " bad lines\n";
    return en;
  }();
  return *e;
}

void MonthReport(benchmark::State& state) {
  vow::Query q;
  q.period = "2026-10";
  q.as_of = *vow::parse_instant("2026-11-02T00:00:00Z");
  auto& e = engine();
  for (auto _ : state) {
    auto r = e.report(q);
    benchmark::DoNotOptimize(r);
    state.counters["accounts"] = static_cast<double>(r.accounts.size());
  }
}
BENCHMARK(MonthReport)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_report DIR [benchmark flags]\n";
    return 2;
  }
  g_dir = argv[1];
  benchmark::Initialize(&argc, argv);
  engine();
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
