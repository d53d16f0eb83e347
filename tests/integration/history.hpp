// Half a year of tickets and outages for the contracts "acme" and "globex",
// and the same history with every 7th line corrected: the input of the
// tests that follow a ledger as it is written and superseded.
#pragma once

#include <random>
#include <sstream>
#include <string>

#include "helpers.hpp"
#include "vow/render.hpp"

namespace vowtest {

// Two contracts of one service "api" with response clocks and a credit.
inline const char* const kHistoryRules = R"(
contract "acme" {
  name = "Acme", timezone = "UTC", monthly_fee = 12500,
  uptime = { target = 99.9, services = { "api" } },
  response = { P1 = hours(1), P2 = hours(8) },
  credit = function(m) if not m.uptime.met then return { percent = 10 } end return 0 end,
}
contract "globex" {
  name = "Globex", timezone = "UTC", monthly_fee = 12500,
  uptime = { target = 99.9, services = { "api" } },
  response = { P1 = hours(1), P2 = hours(8) },
  credit = function(m) if not m.uptime.met then return { percent = 10 } end return 0 end,
}
)";

// 400 tickets (opened, replied by an agent, solved) and 12 outages of
// "api" over the half year from June 2026, in no order of time.
inline std::string months_of_events() {
  std::mt19937 rng(20261201);
  std::string out;
  int id = 0;
  auto line = [&](const std::string& type, long long t, const std::string& rest) {
    out += R"({"id":"e)" + std::to_string(++id) + R"(","type":")" + type + R"(","at":")" + vow::format_instant(t) +
           "\"" + rest + "}\n";
  };
  const long long start = unix_ms("2026-06-01T00:00:00Z"), hour = 3'600'000;
  for (int n = 0; n < 400; ++n) {
    long long t = start + static_cast<long long>(rng() % (180 * 24)) * hour;
    std::string tk = R"(,"ticket":"T-)" + std::to_string(n) + "\"";
    line("ticket.opened", t,
         tk + R"(,"customer":")" + (rng() % 2 ? "acme" : "globex") + R"(","priority":")" + (rng() % 2 ? "P1" : "P2") +
             "\"");
    line("ticket.replied", t + static_cast<long long>(1 + rng() % 12) * hour / 2, tk + R"(,"author":"agent")");
    line("ticket.status_changed", t + static_cast<long long>(10 + rng() % 100) * hour, tk + R"(,"status":"solved")");
  }
  for (int n = 0; n < 12; ++n) {
    long long t = start + static_cast<long long>(rng() % (180 * 24)) * hour;
    std::string o = R"(,"outage":"o-)" + std::to_string(n) + "\"";
    line("outage.started", t, o + R"(,"service":"api")");
    line("outage.ended", t + static_cast<long long>(1 + rng() % 5) * hour / 2, o);
  }
  return out;
}

// Every 7th line changed: priorities swapped, replies moved to customers',
// solved tickets reopened, outages scoped to one customer.
inline std::string corrected(const std::string& events) {
  std::istringstream in(events);
  std::string out, line;
  for (int n = 0; std::getline(in, line); ++n) {
    if (n % 7 == 0) {
      auto swap = [&](const std::string& a, const std::string& b) {
        auto at = line.find(a);
        if (at == std::string::npos) return false;
        line.replace(at, a.size(), b);
        return true;
      };
      swap("\"P1\"", "\"P2\"") || swap("\"P2\"", "\"P1\"") || swap("\"agent\"", "\"customer\"") ||
          swap("\"solved\"", "\"pending\"") ||
          swap("\"service\":\"api\"", "\"service\":\"api\",\"customers\":[\"acme\"]");
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace vowtest
