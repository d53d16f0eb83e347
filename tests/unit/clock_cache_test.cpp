// Ticket clocks kept between queries (ADR 22): an engine asked again, as
// time passes and events arrive, answers exactly what a fresh engine given
// the same events answers; and the clocks it kept are really reused.
#include "compliance/clock_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "engine_access.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

constexpr Millis kMinute = 60'000, kHour = 60 * kMinute;

const char* kRules = R"(
calendar "biz" { timezone = "America/New_York", hours = { weekdays = "09:00-18:00" } }
tier "gold" { response = { P1 = hours(1), P2 = hours(4) }, resolution = { P1 = hours(8), P2 = hours(48) },
  pause_on = { "pending" } }
tier "silver" { calendar = "biz", response = { P1 = hours(2), P2 = hours(8) }, resolution = { P2 = hours(30) } }
contract "c0" { tier = "gold", acv = 12000, timezone = "UTC" }
contract "c1" { tier = "silver", acv = 12000, timezone = "America/New_York" }
contract "c2" { tier = "gold", acv = 24000, timezone = "UTC" }
contract "c3" { tier = "silver", acv = 24000, timezone = "UTC" }
)";

Instant at(const char* text) {
  return *parse_instant(text);
}

// Tickets of every kind of life: answered or not, paused, escalated,
// solved, reopened, solved again; some still running at the end.
struct Tickets {
  std::mt19937 rng{11};
  std::int64_t seq = 0;
  std::vector<Event> events;

  Event make(EventType type, const std::string& ticket, Instant when) {
    Event e;
    e.type = type;
    e.at = when;
    e.id = "e" + std::to_string(++seq);
    e.ref = ticket;
    return e;
  }
  Event status(const std::string& ticket, Instant when, TicketStatus s) {
    Event e = make(EventType::TicketStatusChanged, ticket, when);
    e.status = s;
    return e;
  }
  Event priority(const std::string& ticket, Instant when, const char* p) {
    Event e = make(EventType::TicketPriorityChanged, ticket, when);
    e.priority = p;
    return e;
  }
  Instant later(Instant t) { return t + kMinute * (5 + static_cast<Instant>(rng() % 900)); }

  void life(int n, Instant from) {
    std::string ticket = "T" + std::to_string(n);
    Event open = make(EventType::TicketOpened, ticket, from);
    open.customer = "c" + std::to_string(n % 4);
    open.priority = rng() % 3 ? "P2" : "P1";
    events.push_back(open);
    Instant t = from;
    if (rng() % 5) {
      Event reply = make(EventType::TicketReplied, ticket, t = later(t));
      reply.by_agent = true;
      events.push_back(reply);
    }
    if (rng() % 3 == 0) events.push_back(status(ticket, t = later(t), TicketStatus::Pending));
    if (rng() % 4 == 0) events.push_back(priority(ticket, t = later(t), rng() % 2 ? "P1" : "P2"));
    if (rng() % 3 == 0) events.push_back(status(ticket, t = later(t), TicketStatus::Open));
    if (rng() % 6 == 0) return;  // left running
    events.push_back(status(ticket, t = later(t), TicketStatus::Solved));
    if (rng() % 4 == 0) {  // reopened, then solved again
      events.push_back(status(ticket, t = later(t), TicketStatus::Open));
      events.push_back(status(ticket, later(t), TicketStatus::Solved));
    }
  }

  // Tickets opened every 40 minutes or so through September and October.
  Tickets() {
    Instant t = at("2026-09-01T00:00:00Z");
    for (int n = 0; t < at("2026-10-31T00:00:00Z"); ++n, t += kMinute * (10 + static_cast<Instant>(rng() % 60)))
      life(n, t);
  }
};

Query report_at(Instant as_of) {
  Query q;
  q.period = "2026-10";
  q.as_of = as_of;
  return q;
}

void load(Engine& e, const std::vector<Event>& events) {
  e.add_contract_source("rules.lua", kRules);
  ASSERT_TRUE(e.finish_contracts().empty());
  for (const Event& ev : events) e.add_event(ev);
}

// What a new engine given `events` reports at as_of: the reference.
std::string fresh(const std::vector<Event>& events, Instant as_of) {
  Engine e;
  load(e, events);
  return to_json(e.report(report_at(as_of)));
}

std::string fresh_backtest(const std::vector<Event>& events) {
  Engine e;
  load(e, events);
  return to_json(e.backtest({"2026-10", "2026-10", {}, {}, {}}));
}

std::string report(Engine& e, Instant as_of) {
  return to_json(e.report(report_at(as_of)));
}

const ClockCache& cache(Engine& e) {
  return EngineAccess::clock_cache(e);
}

}  // namespace

TEST(ClockCache, AsOfMovingForwardGivesWhatAFreshEngineGives) {
  Tickets data;
  Engine live;
  load(live, data.events);
  // From a minute to days: tickets solved, reopened and breached in between,
  // with their events already in the ledger, must show.
  Instant as_of = at("2026-10-15T12:00:00Z");
  for (Millis step : {Millis{0}, kMinute, kHour, 3 * kHour, 26 * kHour, 7 * 24 * kHour, 20 * kMinute, 5 * 24 * kHour}) {
    as_of += step;
    EXPECT_EQ(report(live, as_of), fresh(data.events, as_of)) << "as of " << format_instant(as_of);
  }
}

TEST(ClockCache, EventsAddedToSettledTicketsAreCountedAgain) {
  Tickets data;
  Engine live;
  load(live, data.events);
  Instant as_of = at("2026-10-29T00:00:00Z");
  report(live, as_of);
  report(live, as_of);  // the cache is filled from the second query on
  std::vector<Event> all = data.events;
  auto add = [&](Event e) {
    all.push_back(e);
    live.add_event(std::move(e));
  };
  // Solved ones, long settled: reopened now; escalated late, with the change
  // dated before they were solved (after their first event, so the index
  // takes them in without a rebuild).
  int reopened = 0, escalated = 0, solved = 0;
  for (const Event& e : data.events) {
    if (e.type != EventType::TicketStatusChanged || e.status != TicketStatus::Solved || e.at > as_of - 48 * kHour)
      continue;
    if (++solved % 2 == 0 && reopened < 30)
      add(data.status(e.ref, as_of - kHour, TicketStatus::Open)), ++reopened;
    else if (solved % 2 == 1 && escalated < 30)
      add(data.priority(e.ref, e.at - kMinute, "P1")), ++escalated;
  }
  ASSERT_EQ(reopened, 30);
  ASSERT_EQ(escalated, 30);
  EXPECT_EQ(report(live, as_of), fresh(all, as_of));
  EXPECT_EQ(report(live, as_of + kHour), fresh(all, as_of + kHour));
}

TEST(ClockCache, EventsOutOfOrderRebuildAndStillAgree) {
  Tickets data;
  Engine live;
  load(live, data.events);
  Instant as_of = at("2026-10-29T00:00:00Z");
  report(live, as_of);
  report(live, as_of);
  std::vector<Event> all = data.events;
  // A ticket long solved reopened, in the same batch as events that make the
  // index rebuild: the rebuild, not the update, must tell the cache.
  auto solved = std::find_if(data.events.begin(), data.events.end(),
                             [](const Event& e) { return e.status == TicketStatus::Solved; });
  ASSERT_NE(solved, data.events.end());
  all.push_back(data.status(solved->ref, as_of - kHour, TicketStatus::Open));
  live.add_event(all.back());
  // A reply earlier than its ticket's opening: the index is rebuilt.
  auto opening = std::find_if(data.events.begin() + 300, data.events.end(),
                              [](const Event& e) { return e.type == EventType::TicketOpened; });
  ASSERT_NE(opening, data.events.end());
  const Event& first = *opening;
  Event early = data.make(EventType::TicketReplied, first.ref, first.at - kHour);
  early.by_agent = true;
  all.push_back(early);
  live.add_event(early);
  // And a ticket opened before its customer's last one.
  Event old = data.make(EventType::TicketOpened, "T-old", at("2026-10-02T00:00:00Z"));
  old.customer = "c1";
  old.priority = "P1";
  all.push_back(old);
  live.add_event(old);
  std::size_t reused = cache(live).reused;
  EXPECT_EQ(report(live, as_of), fresh(all, as_of));
  EXPECT_EQ(cache(live).reused, reused);  // rebuilt: nothing kept is used
  EXPECT_EQ(report(live, as_of + kMinute), fresh(all, as_of + kMinute));
  EXPECT_EQ(report(live, as_of + kHour), fresh(all, as_of + kHour));
}

TEST(ClockCache, AsOfMovingBackwardGivesWhatAFreshEngineGives) {
  Tickets data;
  Engine live;
  load(live, data.events);
  for (const char* when : {"2026-10-30T00:00:00Z", "2026-10-30T00:00:00Z", "2026-10-20T00:00:00Z",
                           "2026-10-10T06:00:00Z", "2026-10-20T00:00:00Z", "2026-10-31T00:00:00Z"})
    EXPECT_EQ(report(live, at(when)), fresh(data.events, at(when))) << when;
}

TEST(ClockCache, ABacktestAfterReportsGivesWhatAFreshEngineGives) {
  Tickets data;
  Engine live;
  load(live, data.events);
  report(live, at("2026-10-20T00:00:00Z"));
  report(live, at("2026-10-21T00:00:00Z"));
  EXPECT_EQ(to_json(live.backtest({"2026-10", "2026-10", {}, {}, {}})), fresh_backtest(data.events));
}

TEST(ClockCache, SettledClocksAreNotComputedAgain) {
  Tickets data;
  Engine live;
  load(live, data.events);
  Instant as_of = at("2026-10-29T00:00:00Z");
  report(live, as_of);
  std::size_t tickets = cache(live).computed;  // the first query computes every ticket's clocks
  ASSERT_GT(tickets, 1000u);
  EXPECT_EQ(cache(live).reused, 0u);
  report(live, as_of);  // fills the cache
  // A minute later, then after one event: only the tickets still running
  // (about one in six here) and the one touched are computed again.
  std::vector<Event> all = data.events;
  for (int round = 0; round < 2; ++round) {
    if (round == 1) {
      all.push_back(data.status("T5", as_of, TicketStatus::Open));
      live.add_event(all.back());
    }
    std::size_t computed = cache(live).computed, reused = cache(live).reused;
    as_of += kMinute;
    EXPECT_EQ(report(live, as_of), fresh(all, as_of)) << round;
    std::size_t now_computed = cache(live).computed - computed;
    EXPECT_GE(now_computed + (cache(live).reused - reused), tickets) << round;
    EXPECT_GT(cache(live).reused - reused, tickets / 2) << round;
    EXPECT_LT(now_computed, tickets / 4) << round;
  }
}
