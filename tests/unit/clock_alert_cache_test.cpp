// Clock alerts kept between queries (ADR 0039): an engine asked for alerts
// again and again, as `vow serve` asks (now, then five minutes ahead, time
// moving on, events arriving), answers exactly what a fresh engine given
// the same events answers; and the tickets it kept are really reused.
#include "compliance/clock_alert_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <random>

#include "engine_access.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

constexpr Millis kMinute = 60 * kSecond, kHour = 60 * kMinute;

// Levels, escalations, pauses, a business calendar (levels and deadlines
// at closing and opening times) and a compliance target: every instant a
// ticket's alerts can change at without an event.
const char* kRules = R"(
calendar "biz" { timezone = "America/New_York", hours = { weekdays = "09:00-18:00" } }
tier "gold" { response = { P1 = hours(1), P2 = hours(4) }, resolution = { P1 = hours(8), P2 = hours(48) },
  pause_on = { "pending" }, warn_at = { 0.5, 0.8 }, compliance_target = 0.9,
  escalate = { P1 = { { after = "0m", to = "support-manager" }, { after = "2h", to = "engineering-lead" } } } }
tier "silver" { calendar = "biz", response = { P1 = hours(2), P2 = hours(8) }, resolution = { P2 = hours(30) },
  warn_at = { 0.75 } }
contract "c0" { tier = "gold", acv = 12000, timezone = "UTC" }
contract "c1" { tier = "silver", acv = 12000, timezone = "America/New_York" }
contract "c2" { tier = "gold", acv = 24000, timezone = "UTC" }
contract "c3" { tier = "silver", acv = 24000, timezone = "UTC" }
)";

Instant at(const char* text) {
  return *parse_instant(text);
}

struct Tickets {
  std::mt19937 rng{23};
  std::int64_t seq = 0;
  int next = 0;
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
  Instant later(Instant t) { return t + kMinute * (5 + static_cast<Instant>(rng() % 300)); }

  // A ticket opened at `from`: answered or not, paused, escalated, solved,
  // reopened; its events appended to `out`.
  void life(Instant from, std::vector<Event>& out) {
    std::string ticket = "T" + std::to_string(next++);
    Event open = make(EventType::TicketOpened, ticket, from);
    open.customer = "c" + std::to_string(next % 4);
    open.priority = rng() % 3 ? "P2" : "P1";
    out.push_back(open);
    Instant t = from;
    if (rng() % 3) {
      Event reply = make(EventType::TicketReplied, ticket, t = later(t));
      reply.by_agent = true;
      out.push_back(reply);
    }
    if (rng() % 3 == 0) out.push_back(status(ticket, t = later(t), TicketStatus::Pending));
    if (rng() % 4 == 0) {
      Event p = make(EventType::TicketPriorityChanged, ticket, t = later(t));
      p.priority = rng() % 2 ? "P1" : "P2";
      out.push_back(p);
    }
    if (rng() % 3 == 0) out.push_back(status(ticket, t = later(t), TicketStatus::Open));
    if (rng() % 3 == 0) return;  // left running
    out.push_back(status(ticket, t = later(t), TicketStatus::Solved));
    if (rng() % 4 == 0) out.push_back(status(ticket, later(t), TicketStatus::Open));
  }

  // Tickets opened every half hour or so through October; their later
  // events are in the ledger before their instants come.
  Tickets() {
    for (Instant t = at("2026-10-01T00:00:00Z"); t < at("2026-10-20T00:00:00Z");
         t += kMinute * (10 + static_cast<Instant>(rng() % 40)))
      life(t, events);
  }
};

void load(Engine& e, const std::vector<Event>& events) {
  e.add_contract_source("rules.lua", kRules);
  ASSERT_TRUE(e.finish_contracts().empty());
  for (const Event& ev : events) e.add_event(ev);
}

std::string alerts(Engine& e, Instant as_of, const std::vector<std::string>& customers = {}) {
  Query q;
  q.as_of = as_of;
  q.customers = customers;
  return to_json(e.alerts(q));
}

std::string fresh(const std::vector<Event>& events, Instant as_of, const std::vector<std::string>& customers = {}) {
  Engine e;
  load(e, events);
  return alerts(e, as_of, customers);
}

std::unique_ptr<Engine> fresh_engine(const std::vector<Event>& events) {
  auto e = std::make_unique<Engine>();
  load(*e, events);
  return e;
}

// When c2's alerts next change with no event (AlertsReport::quiet_until).
std::optional<Instant> quiet(Engine& e, Instant as_of) {
  Query q;
  q.as_of = as_of;
  q.customers = {"c2"};
  AlertsReport r = e.alerts(q);
  auto it = r.quiet_until.find("c2");
  return it == r.quiet_until.end() ? std::nullopt : std::optional<Instant>(it->second);
}
std::optional<Instant> quiet(const std::unique_ptr<Engine>& e, Instant as_of) {
  return quiet(*e, as_of);
}

const ClockAlertCache& cache(Engine& e) {
  return EngineAccess::clock_alert_cache(e);
}

}  // namespace

TEST(ClockAlertCache, AskedAsVowServeAsksGivesWhatAFreshEngineGives) {
  Tickets data;
  Engine live;
  load(live, data.events);
  std::vector<Event> all = data.events;
  // Now, then five minutes ahead (the live loop's look-ahead), time moving
  // by seconds to days across levels, breaches, escalations, openings and
  // closings; events arriving between, some for tickets long settled.
  Instant now = at("2026-10-10T08:59:00Z");
  std::vector<Millis> steps{0,         kSecond,   59 * kSecond, kMinute,    7 * kMinute, 30 * kMinute,
                            kHour,     3 * kHour, 13 * kHour,   26 * kHour, kSecond,     2 * kHour,
                            5 * kHour, 2 * kHour, 17 * kMinute, 48 * kHour, kMinute};
  int round = 0;
  for (Millis step : steps) {
    now += step;
    ++round;
    if (round % 3 == 0) {
      std::vector<Event> added;
      data.life(now - kHour, added);    // a ticket opened an hour ago
      data.life(now + kMinute, added);  // and one a minute ahead
      added.push_back(data.status("T" + std::to_string(round * 7), now - kMinute, TicketStatus::Open));
      for (Event& e : added) {
        all.push_back(e);
        live.add_event(std::move(e));
      }
    }
    EXPECT_EQ(alerts(live, now), fresh(all, now)) << "as of " << format_instant(now);
    EXPECT_EQ(alerts(live, now + 5 * kMinute), fresh(all, now + 5 * kMinute)) << "ahead of " << format_instant(now);
    EXPECT_EQ(alerts(live, now, {"c1", "c2"}), fresh(all, now, {"c1", "c2"})) << "c1, c2 as of " << format_instant(now);
  }
  EXPECT_GT(cache(live).reused, 0u);
}

TEST(ClockAlertCache, AsOfMovingBackwardGivesWhatAFreshEngineGives) {
  Tickets data;
  Engine live;
  load(live, data.events);
  for (const char* when : {"2026-10-15T00:00:00Z", "2026-10-15T00:00:00Z", "2026-10-12T13:00:00Z",
                           "2026-10-12T12:59:59Z", "2026-10-15T00:00:01Z", "2026-10-05T06:00:00Z"})
    EXPECT_EQ(alerts(live, at(when)), fresh(data.events, at(when))) << when;
}

TEST(ClockAlertCache, TicketsWithNothingDueAreNotComputedAgain) {
  Tickets data;
  Engine live;
  load(live, data.events);
  Instant now = at("2026-10-12T15:00:00Z");
  alerts(live, now);
  std::size_t tickets = cache(live).computed;
  ASSERT_GT(tickets, 400u);
  alerts(live, now);  // a one-shot `vow alerts` keeps nothing: the second query fills it
  EXPECT_EQ(cache(live).reused, 0u);
  // A second later, then after one event: only the tickets with something
  // due in that second and the one touched are computed again.
  std::vector<Event> all = data.events;
  for (int round = 0; round < 2; ++round) {
    if (round == 1) {
      all.push_back(data.status("T5", now, TicketStatus::Open));
      live.add_event(all.back());
    }
    std::size_t computed = cache(live).computed, reused = cache(live).reused;
    now += kSecond;
    EXPECT_EQ(alerts(live, now), fresh(all, now)) << round;
    EXPECT_LE(cache(live).computed - computed, 2u) << round;
    EXPECT_GE(cache(live).reused - reused, tickets - 3) << round;
  }
}

TEST(ClockAlertCache, ATicketTouchedWhileAnEarlierAsOfCannotSeeItIsComputedAgain) {
  Tickets data;
  Engine live;
  std::vector<Event> all = data.events;
  // A ticket opened after every other one: the last of its customer's.
  Instant opened = at("2026-10-25T00:00:00Z");
  std::vector<Event> added;
  data.life(opened, added);
  Event open = added.front();
  ASSERT_EQ(open.type, EventType::TicketOpened);
  all.push_back(open);
  load(live, all);
  std::vector<std::string> customer{open.customer};
  alerts(live, opened + 2 * kHour, customer);
  alerts(live, opened + 2 * kHour, customer);  // kept, as of two hours after it opened
  // Answered ten minutes in (no breach any more); then asked as of before
  // it opened, then as of the same later instant.
  Event reply = data.make(EventType::TicketReplied, open.ref, opened + 10 * kMinute);
  reply.by_agent = true;
  all.push_back(reply);
  live.add_event(reply);
  EXPECT_EQ(alerts(live, opened - kMinute, customer), fresh(all, opened - kMinute, customer));
  EXPECT_EQ(alerts(live, opened + 2 * kHour, customer), fresh(all, opened + 2 * kHour, customer));
}

TEST(ClockAlertCache, AnExceptionGrantedOrRevokedLaterChangesWhatWasKept) {
  Tickets data;
  Engine live;
  std::vector<Event> all = data.events;
  load(live, all);
  Instant now = at("2026-10-31T00:00:00Z");
  alerts(live, now);
  alerts(live, now);  // every ticket kept
  // An exception for every ticket of c0 in October, granted at the end of
  // the month (1.1): their clocks are exempt, their alerts withdrawn.
  Event grant;
  grant.id = "g";
  grant.type = EventType::ExceptionGranted;
  grant.at = now - kHour;
  grant.ref = "X";
  grant.customer = "c0";
  grant.start = at("2026-10-01T00:00:00Z");
  grant.end = at("2026-11-01T00:00:00Z");
  grant.scope = "tickets";
  grant.reason = "audit";
  grant.approved_by = "VP";
  all.push_back(grant);
  live.add_event(grant);
  std::string granted = alerts(live, now);
  EXPECT_EQ(granted, fresh(all, now));
  EXPECT_EQ(granted.find("\"customer\": \"c0\""), std::string::npos) << granted;
  Event revoke;
  revoke.id = "r";
  revoke.type = EventType::ExceptionRevoked;
  revoke.at = now - kMinute;
  revoke.ref = "X";
  all.push_back(revoke);
  live.add_event(revoke);
  std::string revoked = alerts(live, now);
  EXPECT_EQ(revoked, fresh(all, now));
  EXPECT_NE(revoked.find("\"customer\": \"c0\""), std::string::npos);
}

// vow serve's live rounds ask for the customers events touched (ADR 0053):
// a customer's untouched tickets come from what was kept as one block, and
// only its new and touched tickets are computed, whatever it holds.
TEST(ClockAlertCache, ACustomersRoundComputesOnlyItsNewAndTouchedTickets) {
  Tickets data;
  Engine live;
  std::vector<Event> all = data.events;
  load(live, all);
  Instant now = at("2026-10-25T00:00:00Z");
  std::vector<std::string> c2{"c2"};
  alerts(live, now, c2);
  alerts(live, now, c2);  // kept
  // life() names its ticket T<next>, then opens it for c<next + 1 mod 4>.
  auto for_c2 = [&] {
    while (data.next % 4 != 1) ++data.next;
  };
  for (int round = 0; round < 6; ++round) {
    now += 3 * kSecond;
    std::vector<Event> added;
    // A ticket for c2 opened a minute ago; one opening a minute ahead (a
    // source's clock ahead of ours); a reply to an old c2 ticket.
    for_c2();
    data.life(now - kMinute, added);
    for_c2();
    data.life(now + kMinute, added);
    Event reply = data.make(EventType::TicketReplied, "T" + std::to_string(8 * round + 1), now - kSecond);
    reply.by_agent = true;
    added.push_back(reply);
    // A P1 opened three hours ago (breached, escalated: alerts kept), and
    // an agent's reply to the previous round's: a kept ticket touched.
    Event breached = data.make(EventType::TicketOpened, "B" + std::to_string(round), now - 3 * kHour);
    breached.customer = "c2";
    breached.priority = "P1";
    added.push_back(breached);
    if (round > 0) {
      Event answer = data.make(EventType::TicketReplied, "B" + std::to_string(round - 1), now - 2 * kSecond);
      answer.by_agent = true;
      added.push_back(answer);
    }
    for (Event& e : added) {
      all.push_back(e);
      live.add_event(std::move(e));
    }
    std::size_t computed = cache(live).computed, reused = cache(live).reused, blocks = cache(live).blocks;
    EXPECT_EQ(alerts(live, now, c2), fresh(all, now, c2)) << round;
    EXPECT_EQ(cache(live).blocks - blocks, 1u) << round;
    // The four touched, and at most one with a level due in these seconds.
    EXPECT_LE(cache(live).computed - computed, 5u) << round;
    // And the instant its alerts next change, which the block's tickets bound.
    EXPECT_EQ(quiet(live, now), quiet(fresh_engine(all), now)) << round;
    EXPECT_GT(cache(live).reused - reused, 100u) << round;
    // Time passing with no event, and asked as of an earlier instant again.
    EXPECT_EQ(alerts(live, now + 2 * kMinute, c2), fresh(all, now + 2 * kMinute, c2)) << round;
    EXPECT_EQ(alerts(live, now + kSecond, c2), fresh(all, now + kSecond, c2)) << round;
  }
}
