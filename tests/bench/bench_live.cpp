// The live view (docs/performance.md, "Live"): with a ledger loaded, the time
// to add one event and get the touched account's figures for the month,
// over 10,000 events, as `vow serve` will. Events come in time order: new
// tickets and replies to them, each for a customer picked at random.
//
//   vow_bench_live DIR [PERIOD] [FIRST_AT]    (DIR holds vow.db and rules/)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <vector>

#include "vow/engine.hpp"
#include "workspace/load.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: vow_bench_live DIR [PERIOD] [FIRST_AT]\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  std::string period = argc > 2 ? argv[2] : "2026-10";
  vow::Instant at = *vow::parse_instant(argc > 3 ? argv[3] : "2026-10-31T00:00:00Z");
  vow::Engine engine;
  engine.add_contract_paths({dir / "rules"});
  if (!engine.finish_contracts().empty()) return 1;
  auto t0 = std::chrono::steady_clock::now();
  vow::load_events(engine, dir / "vow.db");
  auto customers = engine.contract_ids();
  engine.account(customers.front(), period, at);  // indexes everything once
  double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::mt19937 rng(7);
  std::vector<double> us;
  std::vector<std::pair<std::string, std::string>> open;  // live tickets and their customers
  for (int i = 0; i < 10000; ++i) {
    vow::Event e;
    e.id = "live:" + std::to_string(i);
    e.at = at + i * 100;
    if (open.empty() || rng() % 2) {
      e.type = vow::EventType::TicketOpened;
      e.ref = "live-t" + std::to_string(i);
      e.customer = customers[rng() % customers.size()];
      e.priority = rng() % 2 ? "P1" : "P2";
      open.emplace_back(e.ref, e.customer);
    } else {
      auto& [ticket, customer] = open[rng() % open.size()];
      e.type = vow::EventType::TicketReplied;
      e.ref = ticket;
      e.customer = customer;  // not part of a reply: kept to ask for its account
      e.by_agent = true;
    }
    std::string customer = e.customer;
    if (e.type != vow::EventType::TicketOpened) e.customer.clear();
    auto start = std::chrono::steady_clock::now();
    engine.add_event(std::move(e));
    vow::AccountReport a = engine.account(customer, period, at + i * 100);
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    if (a.customer != customer) return 1;
  }
  std::sort(us.begin(), us.end());
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf(
      "loaded and indexed in %.1f s; add one event + the account's figures, 10,000 times: "
      "median %.0f us, p99 %.0f us, max %.0f us; peak %ld MB\n",
      load, us[us.size() / 2], us[us.size() * 99 / 100], us.back(), u.ru_maxrss / 1024);
  return 0;
}
