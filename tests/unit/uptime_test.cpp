#include "compliance/uptime.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>

#include "compliance/facts.hpp"

using namespace vow;

namespace {

Instant at(const char* s) {
  return *parse_instant(s);
}

// Events through the real path: index, then facts as of an instant.
struct Feed {
  std::deque<Event> store;
  std::int64_t seq = 0;

  Event& add(EventType type, const char* when, const char* ref) {
    Event& e = store.emplace_back();
    e.type = type;
    e.at = at(when);
    e.seq = ++seq;
    e.ref = ref;
    e.id = "e" + std::to_string(seq);
    return e;
  }
  void outage(const char* id, const char* service, const char* from, const char* to, bool partial = false) {
    add(EventType::OutageStarted, from, id).service = service;
    store.back().partial = partial;
    if (to) add(EventType::OutageEnded, to, id);
  }
  void maintenance(const char* id, const char* service, const char* announced, const char* from, const char* to) {
    Event& e = add(EventType::MaintenanceScheduled, announced, id);
    e.service = service;
    e.start = at(from);
    e.end = at(to);
  }

  UptimeResult uptime(const UptimeTerm& term, Instant as_of, const ExcludeFn& exclude = {}) {
    events = std::make_unique<EventStore>();
    for (const auto& e : store) events->add(Event(e));
    index = build_index(*events);
    Facts f = gather_facts(index, as_of, [](std::string_view) { return nullptr; });
    Interval october{at("2026-10-01T00:00:00Z"), at("2026-11-01T00:00:00Z")};
    return compute_uptime(term, "acme", october, as_of, f, exclude);
  }
  std::unique_ptr<EventStore> events;
  EventIndex index;
};

UptimeTerm term(std::vector<std::string> services) {
  UptimeTerm t;
  t.target = 99.9;
  t.services = std::move(services);
  return t;
}

const Instant kAfter = at("2026-11-05T00:00:00Z");

}  // namespace

TEST(Uptime, OverlappingOutagesAreMergedNotCountedTwice) {
  Feed f;
  f.outage("a", "api", "2026-10-02T10:00:00Z", "2026-10-02T11:00:00Z");
  f.outage("b", "api", "2026-10-02T10:30:00Z", "2026-10-02T11:30:00Z");
  auto u = f.uptime(term({"api"}), kAfter);
  EXPECT_DOUBLE_EQ(u.downtime_seconds.value(), 5400);
  EXPECT_DOUBLE_EQ(u.eligible_seconds.value(), 31 * 86400);
  EXPECT_NEAR(*u.budget_consumed, 5400 / (0.001 * 31 * 86400), 1e-9);
  EXPECT_FALSE(u.met);
}

TEST(Uptime, MaintenanceCountsAsUpOnlyWithEnoughNotice) {
  Feed f;
  f.outage("a", "api", "2026-10-10T10:00:00Z", "2026-10-10T12:00:00Z");
  f.maintenance("m1", "api", "2026-10-01T00:00:00Z", "2026-10-10T11:00:00Z", "2026-10-10T13:00:00Z");  // 9 days
  f.outage("b", "api", "2026-10-20T10:00:00Z", "2026-10-20T11:00:00Z");
  f.maintenance("m2", "api", "2026-10-18T00:00:00Z", "2026-10-20T10:00:00Z", "2026-10-20T11:00:00Z");  // 2 days
  EXPECT_DOUBLE_EQ(f.uptime(term({"api"}), kAfter).downtime_seconds.value(), 3600 + 3600);
  f.add(EventType::MaintenanceCancelled, "2026-10-05T00:00:00Z", "m1");
  EXPECT_DOUBLE_EQ(f.uptime(term({"api"}), kAfter).downtime_seconds.value(), 7200 + 3600);
}

TEST(Uptime, PartialWeightAndCombine) {
  Feed f;
  f.outage("a", "api", "2026-10-02T10:00:00Z", "2026-10-02T11:00:00Z");
  f.outage("b", "web", "2026-10-02T10:30:00Z", "2026-10-02T12:00:00Z", true);
  auto t = term({"api", "web"});
  t.partial_weight = 0.5;
  EXPECT_DOUBLE_EQ(f.uptime(t, kAfter).downtime_seconds.value(), 3600 + 0.5 * 3600);  // any: major, then partial
  t.combine_all = true;
  EXPECT_DOUBLE_EQ(f.uptime(t, kAfter).downtime_seconds.value(), 0.5 * 1800);  // all: partial where both are down
}

TEST(Uptime, MinOutageAndExclude) {
  Feed f;
  f.outage("blip", "api", "2026-10-02T10:00:00Z", "2026-10-02T10:00:30Z");
  f.outage("theirs", "api", "2026-10-03T10:00:00Z", "2026-10-03T11:00:00Z");
  f.store.back().cause = "customer";
  f.store[2].cause = "customer";
  auto t = term({"api"});
  t.min_outage = 60'000;
  auto u = f.uptime(t, kAfter, [](const OutageView& o) { return o.started.cause == "customer"; });
  EXPECT_DOUBLE_EQ(u.downtime_seconds.value(), 0);
}

TEST(Uptime, OngoingOutageCountsUpToAsOfAndPercentOnlyFalls) {
  Feed f;
  f.outage("a", "api", "2026-10-10T00:00:00Z", nullptr);
  auto mid = f.uptime(term({"api"}), at("2026-10-10T06:00:00Z"));
  EXPECT_DOUBLE_EQ(mid.downtime_seconds.value(), 6 * 3600);
  EXPECT_DOUBLE_EQ(mid.elapsed_seconds.value(), (9 * 24 + 6) * 3600);
  EXPECT_NEAR(*mid.percent_to_date, 100.0 * (1 - 6.0 / (9 * 24 + 6)), 1e-9);
  auto later = f.uptime(term({"api"}), at("2026-10-10T12:00:00Z"));
  EXPECT_LT(later.percent, mid.percent);
}

TEST(Problems, ListedWithReasonsAndLeftOut) {
  Feed f;
  f.add(EventType::OutageEnded, "2026-10-02T10:00:00Z", "ghost");
  f.outage("backwards", "api", "2026-10-03T10:00:00Z", "2026-10-03T09:00:00Z");
  f.outage("twice", "api", "2026-10-04T10:00:00Z", "2026-10-04T11:00:00Z");
  f.add(EventType::OutageStarted, "2026-10-04T10:30:00Z", "twice").service = "api";
  f.maintenance("inverted", "api", "2026-09-01T00:00:00Z", "2026-10-05T10:00:00Z", "2026-10-05T09:00:00Z");
  auto u = f.uptime(term({"api"}), kAfter);
  EXPECT_DOUBLE_EQ(u.downtime_seconds.value(), 3600);  // only "twice", from its first start
  Facts facts = gather_facts(f.index, kAfter, [](std::string_view) { return nullptr; });
  std::vector<std::string> ids;
  for (const auto& p : facts.problems) ids.push_back(p.event);
  EXPECT_EQ(ids, (std::vector<std::string>{"e1", "e2", "e3", "e6", "e7"}));
}

// The instant a month's miss became certain (ADR 0013): downtime since the
// month began passes the whole month's allowance, 44.64 min at 99.9% of 31
// days, partial time at its weight.
TEST(Uptime, MissedAtIsWhenDowntimePassesTheMonthsAllowance) {
  Feed f;
  f.outage("p", "api", "2026-10-03T00:00:00Z", "2026-10-03T01:00:00Z", true);  // 30 min at weight 0.5
  f.outage("m", "api", "2026-10-09T00:00:00Z", "2026-10-09T01:00:00Z");        // 14.64 min more: 00:14:38.4
  UptimeTerm t = term({"api"});
  t.partial_weight = 0.5;
  auto u = f.uptime(t, kAfter);
  EXPECT_FALSE(u.met);
  ASSERT_TRUE(u.missed_at);
  EXPECT_EQ(format_instant(*u.missed_at), "2026-10-09T00:14:38.401Z");
  // Within the allowance: met, no instant.
  Feed g;
  g.outage("m", "api", "2026-10-09T00:00:00Z", "2026-10-09T00:44:00Z");
  auto met = g.uptime(term({"api"}), kAfter);
  EXPECT_TRUE(met.met);
  EXPECT_FALSE(met.missed_at);
}
