#include "compliance/clocks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>

using namespace vow;

namespace {

Instant at(const char* s) {
  return *parse_instant(s);
}

// Builds one ticket's events and runs them through the real path: index,
// facts as of an instant, clocks.
struct TicketBuilder {
  std::deque<Event> store;  // stable addresses
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

  std::vector<ClockResult> clocks(const Contract& c, Instant as_of) const {
    events = std::make_unique<EventStore>();
    for (const auto& e : store) events->add(Event(e));
    index = build_index(*events);  // kept: results view its priority names
    Facts f = gather_facts(index, as_of, [&](std::string_view) { return &c; });
    std::vector<ClockResult> out;
    ClockScratch scratch;
    for (const auto& t : f.tickets_for("acme")) ticket_clocks(t, c, as_of, index.priorities, scratch, out);
    return out;
  }

  void open(const char* when, const char* prio) { add(EventType::TicketOpened, when).priority = prio; }
  void priority(const char* when, const char* prio) { add(EventType::TicketPriorityChanged, when).priority = prio; }
  void reply(const char* when) { add(EventType::TicketReplied, when).by_agent = true; }
  void status(const char* when, TicketStatus s) { add(EventType::TicketStatusChanged, when).status = s; }
};

Calendar business_ny() {
  WeeklyHours week;
  for (int d = 0; d < 5; ++d) week[d] = {{9 * 60, 18 * 60}};
  return Calendar(Zone::find("America/New_York"), week, {});
}

}  // namespace

// The spec's example: 8 business hours from Friday 10:00 end at Monday 09:00.
TEST(Clocks, FridayDeadlineWaitsForMondayOpening) {
  static const Calendar cal = business_ny();
  Contract c;
  c.response["P3"] = Target{8 * 3'600'000LL, &cal, "ny", {}};
  for (auto [reply, expected] : {std::pair{"2026-10-17T15:00:00Z", ClockResult::State::Achieved},     // Saturday
                                 std::pair{"2026-10-19T13:00:00Z", ClockResult::State::Achieved},     // Mon 09:00:00
                                 std::pair{"2026-10-19T13:00:01Z", ClockResult::State::Breached}}) {  // 09:00:01
    TicketBuilder t;
    t.open("2026-10-16T14:00:00Z", "P3");  // Friday 10:00 EDT
    t.reply(reply);
    auto clocks = t.clocks(c, at("2026-11-01T00:00:00Z"));
    ASSERT_EQ(clocks.size(), 1u);
    EXPECT_EQ(clocks[0].state, expected) << reply;
    if (expected == ClockResult::State::Breached) {
      EXPECT_EQ(clocks[0].settled, at("2026-10-19T13:00:00Z"));
    }
  }
}

// terms.md 1.1: next_business_day() from Friday 16:00 is 2 h + 9 h; a reply at
// Monday 17:59 is in time; without one the clock breaches at Tuesday's opening.
TEST(Clocks, BusinessDaysTargetIsWorkedOutFromTheClocksStart) {
  static const Calendar cal = business_ny();
  Contract c;
  Target t{0, &cal, "ny", {}};
  t.business_days = 1;
  t.zone = Zone::find("America/New_York");
  c.response["P2"] = t;
  t.business_days = 3;
  c.response["P3"] = t;
  TicketBuilder answered, silent, upgraded;
  answered.open("2026-11-13T21:00:00Z", "P2");  // Friday 16:00 EST
  answered.reply("2026-11-16T22:59:00Z");       // Monday 17:59
  silent.open("2026-11-13T21:00:00Z", "P2");
  // Opened as P3 (3 business days: 2 + 9 + 9 + 9 = 29 h), made P2 on Monday:
  // re-targeted from its start to 11 h, already past at Monday 18:00.
  upgraded.open("2026-11-13T21:00:00Z", "P3");
  upgraded.priority("2026-11-17T14:30:00Z", "P2");  // Tuesday 09:30
  Instant as_of = at("2026-11-30T00:00:00Z");
  auto a = answered.clocks(c, as_of), s = silent.clocks(c, as_of), u = upgraded.clocks(c, as_of);
  EXPECT_EQ(a[0].state, ClockResult::State::Achieved);
  EXPECT_EQ(a[0].target, 11 * 3'600'000LL);
  EXPECT_EQ(s[0].state, ClockResult::State::Breached);
  EXPECT_EQ(s[0].settled, at("2026-11-17T14:00:00Z"));
  EXPECT_EQ(u[0].state, ClockResult::State::Breached);
  EXPECT_EQ(u[0].settled, at("2026-11-17T14:30:00Z"));  // at the change: elapsed 11 h 30 m > 11 h
  auto before = upgraded.clocks(c, at("2026-11-17T14:00:00Z"));
  EXPECT_EQ(before[0].state, ClockResult::State::InProgress);
  EXPECT_EQ(before[0].target, 29 * 3'600'000LL);
}

// terms.md 1.1: a customer's message starts a next-reply clock only after
// an agent has answered publicly, by time then ingest order; an update
// interval that stops where it starts is no clock.
TEST(Clocks, NextReplyStartsAfterTheFirstAgentReplyInIngestOrder) {
  static const Calendar always;
  Contract c;
  c.next_reply["P1"] = Target{3'600'000, &always, "24x7", {}};
  c.update["P1"] = Target{4 * 3'600'000LL, &always, "24x7", {}};
  TicketBuilder before, after;
  for (TicketBuilder* t : {&before, &after}) t->open("2026-11-02T08:00:00Z", "P1");
  before.add(EventType::TicketReplied, "2026-11-02T09:00:00Z").is_public = true;  // the customer, first
  before.reply("2026-11-02T09:00:00Z");
  after.reply("2026-11-02T09:00:00Z");
  after.add(EventType::TicketReplied, "2026-11-02T09:00:00Z").is_public = true;  // the customer, just after
  after.status("2026-11-02T09:30:00Z", TicketStatus::Solved);
  after.reply("2026-11-02T09:30:00Z");  // after solved: starts no update
  Instant as_of = at("2026-11-30T00:00:00Z");
  auto b = before.clocks(c, as_of), a = after.clocks(c, as_of);
  auto count = [](const std::vector<ClockResult>& v, Metric m) {
    return std::count_if(v.begin(), v.end(), [&](const ClockResult& r) { return r.metric == m; });
  };
  EXPECT_EQ(count(b, Metric::NextReply), 0);
  EXPECT_EQ(count(b, Metric::Update), 1);  // from the agent's reply, still running
  ASSERT_EQ(count(a, Metric::NextReply), 1);
  EXPECT_EQ(count(a, Metric::Update), 1);
  for (const ClockResult& r : a) {
    EXPECT_EQ(r.state, ClockResult::State::Achieved);
    EXPECT_EQ(r.settled, at("2026-11-02T09:30:00Z"));
  }
}

TEST(Clocks, PriorityChangeRetargetsFromTheStart) {
  static const Calendar always;
  Contract c;
  c.response["P1"] = Target{3'600'000, &always, "24x7", {}};
  c.response["P2"] = Target{4 * 3'600'000LL, &always, "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-05T08:00:00Z", "P2");
  t.priority("2026-10-05T10:00:00Z", "P1");  // already 2 h elapsed: breached at once
  t.reply("2026-10-05T10:30:00Z");
  auto clocks = t.clocks(c, at("2026-11-01T00:00:00Z"));
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(clocks[0].state, ClockResult::State::Breached);
  EXPECT_EQ(clocks[0].priority, "P1");
  EXPECT_EQ(clocks[0].settled, at("2026-10-05T10:00:00Z"));
}

TEST(Clocks, PriorityChangeAtTheStopAppliesOnlyIfIngestedFirst) {
  static const Calendar always;
  Contract c;
  c.response["P1"] = Target{3'600'000, &always, "24x7", {}};
  c.response["P2"] = Target{4 * 3'600'000LL, &always, "24x7", {}};
  TicketBuilder first, second;
  first.open("2026-10-05T08:00:00Z", "P2");
  first.priority("2026-10-05T10:00:00Z", "P1");
  first.reply("2026-10-05T10:00:00Z");
  second.open("2026-10-05T08:00:00Z", "P2");
  second.reply("2026-10-05T10:00:00Z");
  second.priority("2026-10-05T10:00:00Z", "P1");
  Instant as_of = at("2026-11-01T00:00:00Z");
  EXPECT_EQ(first.clocks(c, as_of)[0].state, ClockResult::State::Breached);
  EXPECT_EQ(second.clocks(c, as_of)[0].state, ClockResult::State::Achieved);
}

TEST(Clocks, PendingPausesResolutionAndReopeningStartsANewCycle) {
  static const Calendar always;
  Contract c;
  c.resolution["P1"] = Target{2 * 3'600'000LL, &always, "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-07T08:00:00Z", "P1");
  t.status("2026-10-07T08:30:00Z", TicketStatus::Pending);
  t.status("2026-10-07T09:30:00Z", TicketStatus::Open);
  t.status("2026-10-07T10:30:00Z", TicketStatus::Solved);  // 1.5 h counted
  t.status("2026-10-31T23:00:00Z", TicketStatus::Open);    // reopened
  auto clocks = t.clocks(c, at("2026-11-05T00:00:00Z"));
  ASSERT_EQ(clocks.size(), 2u);
  EXPECT_EQ(clocks[0].state, ClockResult::State::Achieved);
  EXPECT_EQ(clocks[0].elapsed, 90 * 60'000LL);
  EXPECT_EQ(clocks[1].state, ClockResult::State::Breached);
  EXPECT_EQ(clocks[1].settled, at("2026-11-01T01:00:00Z"));
}

TEST(Clocks, UntargetedPriorityHasNoDeadlineButItsTimeCounts) {
  static const Calendar always;
  Contract c;
  c.response["P1"] = Target{3'600'000, &always, "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-05T08:00:00Z", "P4");
  auto in_progress = t.clocks(c, at("2026-10-06T08:00:00Z"));
  EXPECT_EQ(in_progress[0].state, ClockResult::State::InProgress);
  EXPECT_FALSE(in_progress[0].has_target);
  t.priority("2026-10-07T08:00:00Z", "P1");
  auto later = t.clocks(c, at("2026-10-08T00:00:00Z"));
  EXPECT_EQ(later[0].state, ClockResult::State::Breached);
  EXPECT_EQ(later[0].settled, at("2026-10-07T08:00:00Z"));
}

TEST(Clocks, InProgressDeadlineAssumesNoFurtherPause) {
  static const Calendar always;
  Contract c;
  c.resolution["P1"] = Target{2 * 3'600'000LL, &always, "24x7", {}};
  TicketBuilder t;
  t.open("2026-10-07T08:00:00Z", "P1");
  t.status("2026-10-07T09:00:00Z", TicketStatus::OnHold);
  auto clocks = t.clocks(c, at("2026-10-07T12:00:00Z"));
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(clocks[0].state, ClockResult::State::InProgress);
  EXPECT_EQ(clocks[0].elapsed, 3'600'000);
  EXPECT_EQ(clocks[0].deadline, at("2026-10-07T13:00:00Z"));
}
