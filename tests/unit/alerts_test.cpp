// Clock alerts (docs/alerts.md) on one ticket through the real path: index,
// facts as of an instant, clocks. Every expected instant is worked out by
// hand in the comment beside it.
#include "compliance/alerts.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <memory>

using namespace vow;

namespace {

Instant at(const char* s) {
  return *parse_instant(s);
}

struct TicketBuilder {
  std::deque<Event> store;
  std::int64_t seq = 0;
  mutable std::unique_ptr<EventStore> events;
  mutable EventIndex index;

  Event& add(EventType type, const char* when) {
    Event& e = store.emplace_back();
    e.type = type;
    e.at = at(when);
    e.seq = ++seq;
    e.ref = "T";
    e.customer = "acme";
    e.id = "e" + std::to_string(seq);
    return e;
  }

  std::vector<Alert> alerts(const Contract& c, Instant as_of) const {
    events = std::make_unique<EventStore>();
    for (const auto& e : store) events->add(Event(e));
    index = build_index(*events);
    Facts f = gather_facts(index, as_of, [&](std::string_view) { return &c; });
    std::vector<Alert> out;
    ClockScratch scratch;
    clock_alerts(c, as_of, f, scratch, out);
    EXPECT_EQ(scratch.levels, nullptr);  // handed back without levels
    sort_alerts(out);
    return out;
  }

  void open(const char* when, const char* prio) { add(EventType::TicketOpened, when).priority = prio; }
  void priority(const char* when, const char* prio) { add(EventType::TicketPriorityChanged, when).priority = prio; }
  void reply(const char* when) { add(EventType::TicketReplied, when).by_agent = true; }
  void status(const char* when, TicketStatus s) { add(EventType::TicketStatusChanged, when).status = s; }
};

Contract acme() {
  Contract c;
  c.id = "acme";
  return c;
}

const Calendar& always() {
  static const Calendar cal;
  return cal;
}

Calendar business_ny() {
  WeeklyHours week;
  for (int d = 0; d < 5; ++d) week[d] = {{9 * 60, 18 * 60}};
  return Calendar(Zone::find("America/New_York"), week, {});
}

struct Expected {
  std::string id;
  const char* at;
  const char* priority;
  const char* deadline;
};

void expect_alerts(const std::vector<Alert>& got, const std::vector<Expected>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].id, want[i].id) << i;
    EXPECT_EQ(format_instant(got[i].at), want[i].at) << want[i].id;
    EXPECT_EQ(got[i].priority, want[i].priority) << want[i].id;
    EXPECT_EQ(format_instant(got[i].deadline), want[i].deadline) << want[i].id;
  }
}

}  // namespace

// 8 business hours (09:00-18:00 New York) from Friday 10:00 EDT: 80% is
// 6h24m of open time, Friday 16:24 EDT; 90% is 7h12m, 17:12 EDT; 100% is
// reached at the closing, 18:00 EDT, but the clock passes its target only
// when time counts again, at Monday's opening (09:00 EDT = 13:00Z): the
// breach instant, and the deadline each warning shows.
TEST(ClockAlerts, BusinessHoursPlaceLevelsInOpenTime) {
  static const Calendar cal = business_ny();
  Contract c = acme();
  c.warn_at = {0.8, 0.9, 1.0};
  c.response["P3"] = Target{8 * 3'600'000LL, &cal, "ny", {}};
  TicketBuilder t;
  t.open("2026-10-16T14:00:00Z", "P3");
  auto got = t.alerts(c, at("2026-10-20T00:00:00Z"));
  expect_alerts(got, {{"clock.warning:acme:T:response:1:0.8", "2026-10-16T20:24:00Z", "P3", "2026-10-19T13:00:00Z"},
                      {"clock.warning:acme:T:response:1:0.9", "2026-10-16T21:12:00Z", "P3", "2026-10-19T13:00:00Z"},
                      {"clock.warning:acme:T:response:1:1", "2026-10-16T22:00:00Z", "P3", "2026-10-19T13:00:00Z"},
                      {"clock.breached:acme:T:response:1", "2026-10-19T13:00:00Z", "P3", "2026-10-19T13:00:00Z"}});
  EXPECT_EQ(got[0].severity, "warning");
  EXPECT_EQ(got[0].level, 0.8);
  EXPECT_EQ(got[3].severity, "breach");
  EXPECT_FALSE(got[3].level);
  // Over the weekend the clock stands at 100%: the level-1 warning exists,
  // the breach does not yet.
  EXPECT_EQ(t.alerts(c, at("2026-10-18T12:00:00Z")).size(), 3u);
}

// P2 (4 h) from 08:00; at 08:55 it becomes P1 (1 h): 55 of 60 minutes,
// 91.7%, past both 80% and 90% at once. Both fire at 08:55 under P1, whose
// deadline is 09:00; under P2 neither level was reached (192 min).
TEST(ClockAlerts, PriorityChangeCrossingTwoLevelsFiresBothAtOnce) {
  Contract c = acme();
  c.response["P1"] = Target{3'600'000, &always(), "24x7", {}};
  c.response["P2"] = Target{4 * 3'600'000LL, &always(), "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-05T08:00:00Z", "P2");
  t.priority("2026-10-05T08:55:00Z", "P1");
  expect_alerts(t.alerts(c, at("2026-10-05T09:00:00Z")),
                {{"clock.warning:acme:T:response:1:0.8", "2026-10-05T08:55:00Z", "P1", "2026-10-05T09:00:00Z"},
                 {"clock.warning:acme:T:response:1:0.9", "2026-10-05T08:55:00Z", "P1", "2026-10-05T09:00:00Z"}});
}

// The breach instant is 09:00: as of 09:00 the clock is still in progress
// (a breach is d < as_of), one millisecond later the breach exists.
TEST(ClockAlerts, BreachExactlyAtAsOfDoesNotExistYet) {
  Contract c = acme();
  c.response["P1"] = Target{3'600'000, &always(), "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-05T08:00:00Z", "P1");
  auto at_d = t.alerts(c, at("2026-10-05T09:00:00Z"));
  ASSERT_EQ(at_d.size(), 2u);
  EXPECT_EQ(at_d[1].kind, "clock.warning");
  auto after = t.alerts(c, at("2026-10-05T09:00:00.001Z"));
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[2].id, "clock.breached:acme:T:response:1");
  EXPECT_EQ(format_instant(after[2].at), "2026-10-05T09:00:00Z");
}

// P2 from 08:00, P1 at 10:00 with 2 h elapsed: 200% of the new target.
// Both warnings and the breach share the instant 10:00.
TEST(ClockAlerts, ChangeOverTheTargetWarnsAndBreachesAtTheChange) {
  Contract c = acme();
  c.response["P1"] = Target{3'600'000, &always(), "24x7", {}};
  c.response["P2"] = Target{4 * 3'600'000LL, &always(), "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-05T08:00:00Z", "P2");
  t.priority("2026-10-05T10:00:00Z", "P1");
  expect_alerts(t.alerts(c, at("2026-10-06T00:00:00Z")),
                {{"clock.breached:acme:T:response:1", "2026-10-05T10:00:00Z", "P1", "2026-10-05T10:00:00Z"},
                 {"clock.warning:acme:T:response:1:0.8", "2026-10-05T10:00:00Z", "P1", "2026-10-05T10:00:00Z"},
                 {"clock.warning:acme:T:response:1:0.9", "2026-10-05T10:00:00Z", "P1", "2026-10-05T10:00:00Z"}});
}

// Resolution 2 h from 08:00. 80% = 96 min: 09:36, when nothing has paused
// yet, so the deadline then is 10:00. Pending 09:40-10:40 holds the clock
// at 100 min; 90% = 108 min comes 8 min after it resumes, 10:48, with the
// deadline 11:00; the breach is at 11:00.
TEST(ClockAlerts, PauseDelaysLevelsAndEachShowsTheDeadlineOfItsInstant) {
  Contract c = acme();
  c.resolution["P1"] = Target{2 * 3'600'000LL, &always(), "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-07T08:00:00Z", "P1");
  t.status("2026-10-07T09:40:00Z", TicketStatus::Pending);
  t.status("2026-10-07T10:40:00Z", TicketStatus::Open);
  expect_alerts(t.alerts(c, at("2026-10-07T12:00:00Z")),
                {{"clock.warning:acme:T:resolution:1:0.8", "2026-10-07T09:36:00Z", "P1", "2026-10-07T10:00:00Z"},
                 {"clock.warning:acme:T:resolution:1:0.9", "2026-10-07T10:48:00Z", "P1", "2026-10-07T11:00:00Z"},
                 {"clock.breached:acme:T:resolution:1", "2026-10-07T11:00:00Z", "P1", "2026-10-07T11:00:00Z"}});
  // As of 10:00, during the pause: the 80% warning only, and the clock is
  // not breached although 10:00 was its deadline at 09:36.
  EXPECT_EQ(t.alerts(c, at("2026-10-07T10:00:00.001Z")).size(), 1u);
}

// 1 h response, 80% at 08:48. A reply at 08:48 stops the clock at the level:
// never at or after the stop, so no warning. A millisecond later, it fired.
TEST(ClockAlerts, ClockStoppedExactlyAtALevelDoesNotWarn) {
  Contract c = acme();
  c.response["P1"] = Target{3'600'000, &always(), "24x7", {}};
  TicketBuilder on, after;
  on.open("2026-10-05T08:00:00Z", "P1");
  on.reply("2026-10-05T08:48:00Z");
  EXPECT_TRUE(on.alerts(c, at("2026-10-06T00:00:00Z")).empty());
  after.open("2026-10-05T08:00:00Z", "P1");
  after.reply("2026-10-05T08:48:00.001Z");
  expect_alerts(after.alerts(c, at("2026-10-06T00:00:00Z")),
                {{"clock.warning:acme:T:response:1:0.8", "2026-10-05T08:48:00Z", "P1", "2026-10-05T09:00:00Z"}});
}

// 0.9 of 1001 ms is 900.9 ms: elapsed, in whole milliseconds, reaches it at
// 901, not at 900 (elapsed / T >= w compared exactly).
TEST(ClockAlerts, LevelsAreComparedExactlyInWholeMilliseconds) {
  Contract c = acme();
  c.warn_at = {0.9};
  c.response["P1"] = Target{1001, &always(), "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-05T08:00:00Z", "P1");
  auto got = t.alerts(c, at("2026-10-05T08:00:00.900Z"));
  EXPECT_TRUE(got.empty());
  got = t.alerts(c, at("2026-10-05T08:00:00.901Z"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(format_instant(got[0].at), "2026-10-05T08:00:00.901Z");
}

// Reopening starts resolution cycle 2: its alerts carry cycle 2 and their
// own ids; the response clock is cycle 1.
TEST(ClockAlerts, ReopenedTicketNumbersItsCycles) {
  Contract c = acme();
  c.resolution["P1"] = Target{3'600'000, &always(), "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-07T08:00:00Z", "P1");
  t.status("2026-10-07T08:10:00Z", TicketStatus::Solved);
  t.status("2026-10-07T09:00:00Z", TicketStatus::Open);
  expect_alerts(t.alerts(c, at("2026-10-07T09:50:00Z")),
                {{"clock.warning:acme:T:resolution:2:0.8", "2026-10-07T09:48:00Z", "P1", "2026-10-07T10:00:00Z"}});
}

// Breach at 09:00 under P1; steps at 09:00 (after 0m) and 11:00 (after 2h).
// Solved at 10:30: the second step never comes (stop <= d + after). Without
// the stop it exists from 11:00 itself (a >= condition).
TEST(ClockAlerts, EscalationStepsFollowTheBreachWhileTheClockRuns) {
  Contract c = acme();
  c.resolution["P1"] = Target{3'600'000, &always(), "24x7", {}};
  c.escalate["P1"] = {{0, "support-manager"}, {2 * 3'600'000LL, "engineering-lead"}};
  c.escalate["P2"] = {{0, "nobody-here"}};
  TicketBuilder stopped, running;
  stopped.open("2026-10-05T08:00:00Z", "P1");
  stopped.status("2026-10-05T10:30:00Z", TicketStatus::Solved);
  expect_alerts(stopped.alerts(c, at("2026-10-06T00:00:00Z")),
                {{"clock.warning:acme:T:resolution:1:0.8", "2026-10-05T08:48:00Z", "P1", "2026-10-05T09:00:00Z"},
                 {"clock.warning:acme:T:resolution:1:0.9", "2026-10-05T08:54:00Z", "P1", "2026-10-05T09:00:00Z"},
                 {"clock.breached:acme:T:resolution:1", "2026-10-05T09:00:00Z", "P1", "2026-10-05T09:00:00Z"},
                 {"clock.escalated:acme:T:resolution:1:1", "2026-10-05T09:00:00Z", "P1", "2026-10-05T09:00:00Z"}});
  running.open("2026-10-05T08:00:00Z", "P1");
  EXPECT_EQ(running.alerts(c, at("2026-10-05T10:59:59.999Z")).size(), 4u);
  auto got = running.alerts(c, at("2026-10-05T11:00:00Z"));
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[4].id, "clock.escalated:acme:T:resolution:1:2");
  EXPECT_EQ(got[4].severity, "escalation");
  EXPECT_EQ(got[4].to, "engineering-lead");
  EXPECT_EQ(got[4].step, 2);
  // The first step at the breach instant: as of it, neither exists yet.
  EXPECT_EQ(running.alerts(c, at("2026-10-05T09:00:00Z")).size(), 2u);
}

// Alerts go out by instant, then id; each keeps every field through the sort.
TEST(SortAlerts, ByInstantThenIdWithEveryFieldKept) {
  std::vector<Alert> alerts;
  auto add = [&](const char* id, const char* when, const char* ticket) {
    Alert& a = alerts.emplace_back();
    a.id = id;
    a.at = at(when);
    a.ticket = ticket;
    a.customer = std::string("customer of ") + id;
  };
  add("b", "2026-10-05T09:00:00Z", "T-2");
  add("c", "2026-10-05T08:00:00Z", "T-3");
  add("a", "2026-10-05T09:00:00Z", "T-1");
  add("d", "2026-10-05T07:00:00Z", "T-4");
  sort_alerts(alerts);
  std::vector<std::string> ids, tickets;
  for (const Alert& a : alerts) {
    ids.push_back(a.id);
    tickets.push_back(a.ticket);
    EXPECT_EQ(a.customer, "customer of " + a.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"d", "c", "a", "b"}));
  EXPECT_EQ(tickets, (std::vector<std::string>{"T-4", "T-3", "T-1", "T-2"}));
  sort_alerts(alerts);  // already in order: unchanged
  EXPECT_EQ(alerts.front().id, "d");
  EXPECT_EQ(alerts.back().ticket, "T-2");
  std::vector<Alert> none;
  sort_alerts(none);
  EXPECT_TRUE(none.empty());
}
