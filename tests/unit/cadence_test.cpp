#include "compliance/cadence.hpp"

#include <gtest/gtest.h>

#include <deque>

using namespace vow;

namespace {

Instant at(const char* s) {
  return *parse_instant(s);
}

struct OpenOutage {
  std::deque<Event> store;
  Outage outage;
  std::vector<const Event*> notices;

  OpenOutage(const char* start, const char* end) {
    Event& e = store.emplace_back();
    e.type = EventType::OutageStarted;
    e.at = at(start);
    e.ref = "o1";
    outage.started = &e;
    if (end) outage.end = at(end);
  }
  void notify(const char* when, const char* kind) {
    Event& e = store.emplace_back();
    e.type = EventType::IncidentNotified;
    e.at = at(when);
    e.kind = kind;
    notices.push_back(&e);
  }
  std::vector<NoticeClock> clocks(const char* as_of) const {
    Communications terms{
        Wait{.length = 15 * 60'000LL}, Wait{.length = 30 * 60'000LL}, Wait{.length = 5 * 86'400'000LL}, {}};
    return notice_clocks(terms, outage, notices, at(as_of));
  }
};

using S = NoticeClock::State;

}  // namespace

TEST(Cadence, OnTimeNoticesAreAchieved) {
  OpenOutage i("2026-10-02T10:00:00Z", "2026-10-02T11:00:00Z");
  i.notify("2026-10-02T10:10:00Z", "initial");
  i.notify("2026-10-02T10:35:00Z", "update");
  i.notify("2026-10-02T11:00:00Z", "resolved");
  i.notify("2026-10-05T09:00:00Z", "postmortem");
  auto c = i.clocks("2026-11-01T00:00:00Z");
  ASSERT_EQ(c.size(), 4u);  // initial, two update gaps (10:10->10:35, 10:35->end), postmortem
  for (const auto& k : c) EXPECT_EQ(k.state, S::Achieved) << to_string(k.kind);
  EXPECT_EQ(c[0].settled, at("2026-10-02T10:10:00Z"));
  EXPECT_EQ(c[2].settled, at("2026-10-02T11:00:00Z"));  // the end closed the last gap in time
}

TEST(Cadence, LateNoticesBreachAtTheirDeadline) {
  OpenOutage i("2026-10-02T10:00:00Z", "2026-10-02T12:00:00Z");
  i.notify("2026-10-02T10:20:00Z", "initial");  // 20 min > 15
  i.notify("2026-10-02T11:10:00Z", "update");   // 50 min gap > 30
  auto c = i.clocks("2026-11-01T00:00:00Z");
  ASSERT_GE(c.size(), 3u);
  EXPECT_EQ(c[0].state, S::Breached);
  EXPECT_EQ(c[0].settled, at("2026-10-02T10:15:00Z"));
  EXPECT_TRUE(c[0].sent);
  EXPECT_EQ(c[1].state, S::Breached);
  EXPECT_EQ(c[1].settled, at("2026-10-02T10:50:00Z"));
  EXPECT_EQ(c[2].state, S::Breached);  // 11:10 -> the end at 12:00: 50 min with no update
  EXPECT_FALSE(c[2].sent);
}

TEST(Cadence, MissingNoticesBreachOnceTheirTimeIsPast) {
  OpenOutage i("2026-10-02T10:00:00Z", "2026-10-02T11:00:00Z");
  auto c = i.clocks("2026-11-01T00:00:00Z");
  ASSERT_EQ(c.size(), 2u);  // no initial, so no update gaps; the postmortem
  EXPECT_EQ(c[0].kind, NoticeKind::Initial);
  EXPECT_EQ(c[0].state, S::Breached);
  EXPECT_FALSE(c[0].sent);
  EXPECT_EQ(c[1].kind, NoticeKind::Postmortem);
  EXPECT_EQ(c[1].state, S::Breached);
  EXPECT_EQ(c[1].settled, at("2026-10-07T11:00:00Z"));
}

TEST(Cadence, StillOpenOutageHasItsNextUpdateDue) {
  OpenOutage i("2026-10-02T10:00:00Z", nullptr);
  i.notify("2026-10-02T10:05:00Z", "initial");
  auto before = i.clocks("2026-10-02T10:30:00Z");
  ASSERT_EQ(before.size(), 2u);  // no postmortem while open
  EXPECT_EQ(before[0].state, S::Achieved);
  EXPECT_EQ(before[1].state, S::InProgress);
  EXPECT_EQ(before[1].deadline, at("2026-10-02T10:35:00Z"));
  auto after = i.clocks("2026-10-02T10:40:00Z");
  EXPECT_EQ(after[1].state, S::Breached);  // overdue
  EXPECT_FALSE(after[1].sent);
}
