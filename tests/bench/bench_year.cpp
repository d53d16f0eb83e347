// A year in one process, as a server or an embedding program holds it: one
// Workspace loads the ledger once, then every monthly report and the four
// quarterly ones (docs/performance.md, "A year").
//
//   vow_bench_year DIR [FIRST_MONTH] [MONTHS]     (DIR holds vow.toml; default 2026-10, 12)

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "peak.hpp"
#include "vow/workspace.hpp"

namespace {

std::string month(int year, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year + (m - 1) / 12, (m - 1) % 12 + 1);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: vow_bench_year DIR [FIRST_MONTH] [MONTHS]\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  std::string first = argc > 2 ? argv[2] : "2026-10";
  int months = argc > 3 ? std::stoi(argv[3]) : 12;
  int year = std::stoi(first.substr(0, 4)), m0 = std::stoi(first.substr(5, 2));
  vow::Workspace ws(vow::load_config(dir / "vow.toml"));
  vow::Query q;
  q.as_of = *vow::parse_instant(month(year, m0 + months) + "-02T00:00:00Z");
  std::vector<std::string> periods;
  for (int i = 0; i < months; ++i) periods.push_back(month(year, m0 + i));
  for (int i = 0; i < months; i += 3) {
    int m = m0 + i, y = year + (m - 1) / 12, mm = (m - 1) % 12 + 1;
    if ((mm - 1) % 3 == 0) periods.push_back(std::to_string(y) + "-Q" + std::to_string((mm - 1) / 3 + 1));
  }
  auto start = std::chrono::steady_clock::now(), t = start;
  ws.load_events();  // every event, once: a report alone would read only its own months
  for (const auto& p : periods) {
    q.period = p;
    vow::Report r = ws.report(q);
    auto now = std::chrono::steady_clock::now();
    std::printf("%s: %zu accounts in %.2f s\n", p.c_str(), r.accounts.size(),
                std::chrono::duration<double>(now - t).count());
    t = now;
  }
  std::printf("%zu reports in %.1f s (the first includes loading the ledger); peak %ld MB\n", periods.size(),
              std::chrono::duration<double>(t - start).count(), peak_mb());
  return 0;
}
