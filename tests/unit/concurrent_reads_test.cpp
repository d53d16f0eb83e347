// One Engine queried from several threads (reports, one account, status,
// credits, draft facts, a backtest) while another thread adds events
// (docs/adr/0021): every answer is the one a single-threaded engine gives
// with some prefix of the events, and that prefix holds at least every event
// whose add_event returned before the query began.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "vow/engine.hpp"
#include "vow/error.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

// A business-hours calendar (its open intervals are cached as clocks ask
// for them), Lua functions that log, a credit formula for each contract.
const char* kContracts = R"lua(
calendar "office" {
  timezone = "Europe/Paris",
  hours = { weekdays = "09:00-17:00" },
  holidays = { "2026-10-12", "2026-11-11" },
}
contract "acme" {
  name = "Acme", timezone = "Europe/Paris", calendar = "office", acv = 120000,
  uptime = { target = 99.9, services = { "api" },
             exclude = function(o) log("exclude " .. o.outage) return o.cause == "customer" end },
  response = { P1 = hours(1), P2 = hours(8) },
  resolution = { P1 = hours(8), P2 = days(3) },
  credit = function(m)
    log("credit " .. m.customer)
    if m.uptime.percent < 99.9 then return { percent = 10, note = "below target" } end
    return 0
  end,
}
contract "globex" {
  name = "Globex", acv = 60000,
  uptime = { target = 99.5, services = { "api", "web" }, partial_weight = 0.5 },
  response = { P1 = minutes(30), P2 = hours(4) },
  communications = { initial = minutes(15), update_every = minutes(30) },
  credit = schedule { { below = 99.5, percent = 10 }, { below = 99.0, percent = 25 } },
}
contract "initech" {
  name = "Initech", timezone = "America/New_York", calendar = "office", acv = 24000,
  response = { P1 = hours(2), P2 = hours(24) },
  resolution = { P1 = days(1) },
  pause_on = { "pending" },
}
)lua";

const std::vector<std::string> kCustomers = {"acme", "globex", "initech"};
const Instant kStart = *parse_instant("2026-10-01T06:00:00Z");
const Instant kAsOf = *parse_instant("2026-11-03T00:00:00Z");
const Instant kStatusAt = *parse_instant("2026-10-20T12:00:00Z");

// Tickets and outages through October, mostly in time order for each
// ticket (the live case); now and then an event earlier than its ticket's
// first, which makes the engine rebuild its index.
std::vector<Event> stream(int n) {
  std::mt19937 rng(11);
  std::vector<Event> out;
  std::vector<std::string> open;
  Instant t = kStart;
  int outages = 0;
  bool outage_on = false;
  while (static_cast<int>(out.size()) < n) {
    t += 60'000 * (5 + static_cast<Instant>(rng() % 240));
    Event e;
    e.id = "ev" + std::to_string(out.size());
    e.at = t;
    unsigned pick = rng() % 20;
    if (pick == 0) {
      e.type = outage_on ? EventType::OutageEnded : EventType::OutageStarted;
      if (!outage_on) ++outages;
      e.ref = "o" + std::to_string(outages);
      if (!outage_on) {
        e.service = rng() % 3 ? "api" : "web";
        e.partial = rng() % 2;
        if (rng() % 3 == 0) e.cause = "customer";
      }
      outage_on = !outage_on;
    } else if (open.empty() || pick < 8) {
      e.type = EventType::TicketOpened;
      e.ref = "T" + std::to_string(out.size());
      e.customer = kCustomers[rng() % kCustomers.size()];
      e.priority = rng() % 2 ? "P1" : "P2";
      open.push_back(e.ref);
    } else {
      e.ref = open[rng() % open.size()];
      if (pick < 13) {
        e.type = EventType::TicketReplied;
        e.by_agent = rng() % 4 != 0;
      } else if (pick < 15) {
        e.type = EventType::TicketPriorityChanged;
        e.priority = rng() % 2 ? "P1" : "P2";
      } else {
        e.type = EventType::TicketStatusChanged;
        e.status = pick < 17 ? TicketStatus::Pending : pick < 18 ? TicketStatus::Open : TicketStatus::Solved;
      }
      if (pick == 19) e.at = kStart - 3'600'000;  // before the ticket began
    }
    out.push_back(std::move(e));
  }
  return out;
}

void load_contracts(Engine& engine) {
  engine.add_contract_source("rules/concurrent.lua", kContracts);
  ASSERT_TRUE(engine.finish_contracts().empty());
}

// Each kind of query, its answer as text.
constexpr int kKinds = 5;
const char* kKindNames[kKinds] = {"report", "account", "status", "credits", "draft"};

std::string ask(Engine& engine, int kind) {
  Query q;
  q.period = "2026-10";
  q.as_of = kAsOf;
  switch (kind) {
    case 0:
      return to_json(engine.report(q));
    case 1: {
      Report r;
      r.period = q.period;
      r.as_of = q.as_of;
      r.accounts.push_back(engine.account("acme", q.period, q.as_of, &r.errors));
      return to_json(r);
    }
    case 2:
      q.as_of = kStatusAt;
      return to_json(engine.status(q));
    case 3:
      return to_json(engine.credits(q));
    default:
      try {
        DraftRequest d;
        d.kind = "internal-status";
        d.outage = "o2";
        d.as_of = kAsOf;
        return to_json(engine.draft_facts(d));
      } catch (const Error& e) {
        return std::string("error: ") + e.what();
      }
  }
}

BacktestQuery october_replay() {
  BacktestQuery q;
  q.from = q.to = "2026-10";
  return q;
}

struct Answer {
  int kind;
  std::size_t done_before, begun_after;  // events added before it began; begun by its end
  std::string text;
};

}  // namespace

TEST(ConcurrentReads, QueriesWhileEventsAreAddedSeeAPrefixOfThemWhole) {
  const int n = 240;
  auto events = stream(n);

  // What a single-threaded engine answers after each prefix of the events.
  std::vector<std::vector<std::string>> expected(kKinds);
  {
    Engine one;
    load_contracts(one);
    for (int k = 0; k <= n; ++k) {
      if (k > 0) one.add_event(Event(events[k - 1]));
      for (int kind = 0; kind < kKinds; ++kind) expected[kind].push_back(ask(one, kind));
    }
  }
  // The answers tell the prefixes apart: a query that missed an event, or
  // saw one half-added, gives an answer no prefix gives.
  for (int kind = 0; kind < 4; ++kind)
    EXPECT_GT(std::set<std::string>(expected[kind].begin(), expected[kind].end()).size(), n / 8u) << kKindNames[kind];

  Engine live;
  load_contracts(live);
  std::atomic<std::size_t> begun{0}, done{0}, answered{0};
  std::atomic<bool> writing{true};
  // Each event waits for an answer after the one before: queries and
  // additions interleave however slow the build (a sanitizer's) is.
  std::thread writer([&] {
    for (const Event& e : events) {
      std::size_t seen = answered.load();
      begun.fetch_add(1);
      live.add_event(Event(e));
      done.fetch_add(1);
      while (answered.load() <= seen) std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    writing = false;
  });
  const int readers = 4;
  std::vector<std::vector<Answer>> answers(readers);
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r)
    threads.emplace_back([&, r] {
      for (int i = 0; writing || i < kKinds; ++i) {
        int kind = (r + i) % kKinds;
        std::size_t before = done.load();
        std::string text = ask(live, kind);
        answers[r].push_back({kind, before, begun.load(), std::move(text)});
        answered.fetch_add(1);
      }
    });
  // A replay of October (a query that runs long), over and over.
  std::vector<Answer> replays;
  threads.emplace_back([&] {
    do {
      std::size_t before = done.load();
      std::string text = to_json(live.backtest(october_replay()));
      replays.push_back({kKinds, before, begun.load(), std::move(text)});
    } while (writing);
  });
  // Contract log lines, read while contract code runs and writes them.
  std::size_t log_reads = 0;
  std::thread logs([&] {
    while (writing) {
      for (const auto& line : live.log_lines())
        EXPECT_TRUE(line.find("credit ") != std::string::npos || line.find("exclude ") != std::string::npos ||
                    line.find("more log lines") != std::string::npos)
            << line;
      ++log_reads;
    }
  });
  writer.join();
  for (auto& t : threads) t.join();
  logs.join();

  std::size_t checked = 0, in_between = 0;
  for (const auto& list : answers)
    for (const Answer& a : list) {
      ++checked;
      const auto& want = expected[a.kind];
      bool found = false;
      for (std::size_t k = a.done_before; k <= a.begun_after && !found; ++k) found = want[k] == a.text;
      EXPECT_TRUE(found) << kKindNames[a.kind] << " begun after " << a.done_before << " events and ended before "
                         << a.begun_after + 1 << " gave an answer none of those prefixes gives:\n"
                         << a.text.substr(0, 2000);
      if (a.begun_after > 0 && a.done_before < static_cast<std::size_t>(n)) ++in_between;
    }
  // The replays, against a single-threaded engine at each count they allow.
  std::set<std::size_t> counts;
  for (const Answer& a : replays)
    for (std::size_t k = a.done_before; k <= a.begun_after; ++k) counts.insert(k);
  std::map<std::size_t, std::string> replayed;
  {
    Engine one;
    load_contracts(one);
    std::size_t added = 0;
    for (std::size_t k : counts) {
      for (; added < k; ++added) one.add_event(Event(events[added]));
      replayed[k] = to_json(one.backtest(october_replay()));
    }
  }
  for (const Answer& a : replays) {
    bool found = false;
    for (std::size_t k = a.done_before; k <= a.begun_after && !found; ++k) found = replayed[k] == a.text;
    EXPECT_TRUE(found) << "backtest begun after " << a.done_before << " events and ended before " << a.begun_after + 1
                       << " gave an answer none of those prefixes gives:\n"
                       << a.text.substr(0, 2000);
  }
  // The queries did run while events were being added.
  EXPECT_GT(in_between, n / 2u) << checked << " answers";
  EXPECT_GT(log_reads, 0u);
  // Once the writer is done, every event is seen.
  for (int kind = 0; kind < kKinds; ++kind) EXPECT_EQ(ask(live, kind), expected[kind][n]) << kKindNames[kind];
}
