// Uptime alerts (docs/alerts.md) through the real path: events, index, facts
// as of an instant, then the alerts. October 2026 in UTC has 31 days,
// |P| = 2,678,400,000 ms; with target 99.9 the budget is 0.1% of it,
// 2,678,400 ms (44m38.4s), and budget_warn 0.8 of that is 2,142,720 ms
// (35m42.72s). Every expected instant is worked out in the comment beside it.
#include "compliance/uptime_alerts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <memory>

#include "compliance/alerts.hpp"
#include "compliance/uptime_timeline.hpp"

using namespace vow;

namespace {

Instant at(const char* s) {
  return *parse_instant(s);
}

struct Feed {
  std::deque<Event> store;
  std::int64_t seq = 0;
  std::unique_ptr<EventStore> events;
  EventIndex index;

  Event& add(EventType type, const char* when, const char* ref) {
    Event& e = store.emplace_back();
    e.type = type;
    e.at = at(when);
    e.seq = ++seq;
    e.ref = ref;
    e.id = "e" + std::to_string(seq);
    return e;
  }
  void outage(const char* id, const char* from, const char* to, bool partial = false) {
    add(EventType::OutageStarted, from, id).service = "api";
    store.back().partial = partial;
    if (to) add(EventType::OutageEnded, to, id);
  }
  void maintenance(const char* id, const char* announced, const char* from, const char* to) {
    Event& e = add(EventType::MaintenanceScheduled, announced, id);
    e.service = "api";
    e.start = at(from);
    e.end = at(to);
  }

  std::vector<Alert> alerts(const Contract& c, const char* as_of, const ExcludeFn& exclude = {},
                            std::string_view kind = {}) {
    events = std::make_unique<EventStore>();
    for (const auto& e : store) events->add(Event(e));
    index = build_index(*events);
    Facts f = gather_facts(index, at(as_of), [&](std::string_view) { return &c; });
    std::vector<Alert> out;
    UptimeScratch memo;
    uptime_alerts(
        c, at(as_of), f, [&](const UptimeTerm&) { return exclude; }, memo, out);
    if (!kind.empty()) std::erase_if(out, [&](const Alert& a) { return a.kind != kind; });
    sort_alerts(out);
    return out;
  }
};

Contract acme(double target = 99.9) {
  Contract c;
  c.id = "acme";
  c.zone = &Zone::utc();
  UptimeTerm& u = c.uptimes.emplace_back();
  u.target = target;
  u.services = {"api"};
  c.burn_alerts.clear();  // the period kinds alone, unless a test wants burn rates
  return c;
}

struct Want {
  std::string id;
  const char* at;
};

void expect(const std::vector<Alert>& got, const std::vector<Want>& want) {
  ASSERT_EQ(got.size(), want.size()) << (got.empty() ? "" : got.front().id);
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(format_instant(got[i].at), want[i].at) << want[i].id;
  }
}

const Want kWarnOct{"uptime.budget_warning:acme:2026-10", ""};

}  // namespace

TEST(UptimeAlerts, ThresholdsHitToTheMillisecond) {
  Feed f;
  f.outage("o", "2026-10-02T10:00:00Z", nullptr);
  Contract c = acme();
  // 2,142,720 ms after 10:00 is 10:35:42.720; one ms earlier nothing exists.
  expect(f.alerts(c, "2026-10-02T10:35:42.719Z"), {});
  auto got = f.alerts(c, "2026-10-02T10:35:42.720Z");
  expect(got, {{"uptime.budget_warning:acme:2026-10", "2026-10-02T10:35:42.720Z"}});
  EXPECT_EQ(got[0].severity, "warning");
  EXPECT_EQ(got[0].period, "2026-10");
  EXPECT_DOUBLE_EQ(*got[0].budget_consumed, 0.8);
  // percent < target once downtime > 2,678,400 ms: the infimum is
  // 10:44:38.400 exactly, where it does not hold yet (strict), so the breach
  // exists as of any later instant only. (At one instant, alerts sort by id:
  // uptime.breached before uptime.budget_warning.)
  expect(f.alerts(c, "2026-10-02T10:44:38.400Z"), {{"uptime.budget_warning:acme:2026-10", "2026-10-02T10:35:42.720Z"}});
  got = f.alerts(c, "2026-10-02T10:44:38.401Z");
  expect(got, {{"uptime.budget_warning:acme:2026-10", "2026-10-02T10:35:42.720Z"},
               {"uptime.breached:acme:2026-10", "2026-10-02T10:44:38.400Z"}});
  EXPECT_EQ(got[1].severity, "breach");
  EXPECT_DOUBLE_EQ(*got[1].budget_consumed, 1.0);
}

TEST(UptimeAlerts, DecimalTargetComparedExactly) {
  // target 99.99: budget 0.01% of 2,678,400,000 = 267,840 ms; 0.8 of it is
  // 214,272 ms exactly. In doubles 0.8 × (100 − 99.99) × |P| is
  // 21,427,200.00000001 > 100 × 214,272, which would put the warning a ms late.
  ASSERT_LT(100.0 * 214'272, 0.8 * (100.0 - 99.99) * 2'678'400'000.0);
  Feed f;
  f.outage("o", "2026-10-05T00:00:00Z", "2026-10-05T01:00:00Z");
  expect(f.alerts(acme(99.99), "2026-11-05T00:00:00Z"),
         {{"uptime.budget_warning:acme:2026-10", "2026-10-05T00:03:34.272Z"},  // 214,272 ms
          {"uptime.breached:acme:2026-10", "2026-10-05T00:04:27.840Z"}});      // 267,840 ms
}

TEST(UptimeAlerts, PartialOutagesCountAtTheirWeight) {
  Feed f;
  f.outage("p", "2026-10-03T00:00:00Z", "2026-10-03T02:00:00Z", true);
  Contract c = acme();
  c.uptimes[0].partial_weight = 0.5;
  // 0.5 × x = 2,142,720 ms: x = 4,285,440 ms = 1h11m25.44s; 0.5 × x >
  // 2,678,400: x* = 5,356,800 ms = 1h29m16.8s.
  expect(f.alerts(c, "2026-11-01T00:00:00Z"), {{"uptime.budget_warning:acme:2026-10", "2026-10-03T01:11:25.440Z"},
                                               {"uptime.breached:acme:2026-10", "2026-10-03T01:29:16.800Z"}});
  // With weight 0.7 the strict crossing is not a whole ms: 0.7 × x > 2,678,400
  // from x* = 3,826,285.71 ms, so at is its ceiling 3,826,286 ms = 1h03m46.286s,
  // where it already holds: the breach exists as of that instant.
  c.uptimes[0].partial_weight = 0.7;
  auto got = f.alerts(c, "2026-10-03T01:03:46.286Z", {}, "uptime.breached");
  expect(got, {{"uptime.breached:acme:2026-10", "2026-10-03T01:03:46.286Z"}});
  expect(f.alerts(c, "2026-10-03T01:03:46.285Z", {}, "uptime.breached"), {});
}

TEST(UptimeAlerts, MinOutageAdmitsAnOutageAtOnceAJump) {
  Feed f;
  f.outage("blip", "2026-10-06T03:00:00Z", "2026-10-06T03:39:00Z");  // never lasts 40m: never counts
  f.outage("o", "2026-10-06T10:00:00Z", "2026-10-06T11:00:00Z");
  Contract c = acme();
  c.uptimes[0].min_outage = 50 * 60'000;
  // As of 10:50 the outage has lasted 50m and counts whole: 3,000,000 ms,
  // past both 2,142,720 and 2,678,400. Both fire at the jump, and the
  // strict breach holds at the jump itself, so it exists as of 10:50.
  expect(f.alerts(c, "2026-10-06T10:49:59.999Z"), {});
  expect(f.alerts(c, "2026-10-06T10:50:00Z"), {{"uptime.breached:acme:2026-10", "2026-10-06T10:50:00Z"},
                                               {"uptime.budget_warning:acme:2026-10", "2026-10-06T10:50:00Z"}});
  // With 40m the jump reaches 2,400,000: the warning at once, the breach
  // later by growth, at 10:44:38.400.
  c.uptimes[0].min_outage = 40 * 60'000;
  expect(f.alerts(c, "2026-11-01T00:00:00Z"), {{"uptime.budget_warning:acme:2026-10", "2026-10-06T10:40:00Z"},
                                               {"uptime.breached:acme:2026-10", "2026-10-06T10:44:38.400Z"}});
}

TEST(UptimeAlerts, MaintenanceIsExcludedUntilCancelled) {
  Feed f;
  f.maintenance("m", "2026-09-01T00:00:00Z", "2026-10-07T00:00:00Z", "2026-10-07T01:00:00Z");
  f.outage("o", "2026-10-07T00:30:00Z", "2026-10-07T02:00:00Z");
  // Down from 01:00 only: 01:35:42.720 and 01:44:38.400.
  expect(f.alerts(acme(), "2026-11-01T00:00:00Z"), {{"uptime.budget_warning:acme:2026-10", "2026-10-07T01:35:42.720Z"},
                                                    {"uptime.breached:acme:2026-10", "2026-10-07T01:44:38.400Z"}});
  Feed g;
  g.maintenance("m", "2026-09-01T00:00:00Z", "2026-10-07T00:00:00Z", "2026-10-07T01:00:00Z");
  g.outage("o", "2026-10-07T00:00:00Z", "2026-10-07T00:50:00Z");  // all in the window
  expect(g.alerts(acme(), "2026-11-01T00:00:00Z"), {});
  // Cancelled at 05:00: as of then the window is no longer excluded and the
  // 50 minutes (3,000,000 ms) count at once.
  g.add(EventType::MaintenanceCancelled, "2026-10-07T05:00:00Z", "m");
  expect(g.alerts(acme(), "2026-11-01T00:00:00Z"), {{"uptime.breached:acme:2026-10", "2026-10-07T05:00:00Z"},
                                                    {"uptime.budget_warning:acme:2026-10", "2026-10-07T05:00:00Z"}});
}

TEST(UptimeAlerts, ALateEndMakesTheBreachVanish) {
  Feed f;
  f.outage("o", "2026-10-08T00:00:00Z", nullptr);
  // Open as of 00:50: 50 minutes, past both thresholds.
  expect(f.alerts(acme(), "2026-10-08T00:50:00Z"), {{"uptime.budget_warning:acme:2026-10", "2026-10-08T00:35:42.720Z"},
                                                    {"uptime.breached:acme:2026-10", "2026-10-08T00:44:38.400Z"}});
  // The end arrives late with at = 00:40: as of every instant after 00:40
  // the outage lasted 40 minutes (2,400,000 ms), below the budget. The
  // warning (at 00:35:42.720, before the end) stays.
  f.add(EventType::OutageEnded, "2026-10-08T00:40:00Z", "o");
  expect(f.alerts(acme(), "2026-10-08T00:50:00Z"),
         {{"uptime.budget_warning:acme:2026-10", "2026-10-08T00:35:42.720Z"}});
}

TEST(UptimeAlerts, ExcludeSeesTheOutageAsOfEachInstant) {
  Feed f;
  f.outage("o", "2026-10-09T00:00:00Z", "2026-10-09T01:00:00Z");
  // Left out while open (no stop), counted once it has ended: as of 01:00 it
  // counts 3,600,000 ms at once.
  ExcludeFn open_only = [](const OutageView& o) { return !o.stop; };
  expect(f.alerts(acme(), "2026-11-01T00:00:00Z", open_only),
         {{"uptime.breached:acme:2026-10", "2026-10-09T01:00:00Z"},
          {"uptime.budget_warning:acme:2026-10", "2026-10-09T01:00:00Z"}});
}

TEST(UptimeAlerts, EveryPeriodHasItsOwn) {
  Feed f;
  f.outage("a", "2026-10-10T00:00:00Z", "2026-10-10T01:00:00Z");
  f.outage("b", "2026-11-10T00:00:00Z", "2026-11-10T00:40:00Z");
  f.outage("c", "2026-12-10T00:00:00Z", "2026-12-10T00:10:00Z");
  // November has 30 days: budget 2,592,000 ms, 0.8 of it 2,073,600 ms
  // (34m33.6s); 40 minutes warn but do not breach. December's 10 do neither.
  expect(f.alerts(acme(), "2027-01-01T00:00:00Z"),
         {{"uptime.budget_warning:acme:2026-10", "2026-10-10T00:35:42.720Z"},
          {"uptime.breached:acme:2026-10", "2026-10-10T00:44:38.400Z"},
          {"uptime.budget_warning:acme:2026-11", "2026-11-10T00:34:33.600Z"}});
  // As of a day in November, December's does not exist yet; October's do.
  EXPECT_EQ(f.alerts(acme(), "2026-11-10T00:34:33.599Z").size(), 2u);
}

TEST(UptimeAlerts, PeriodsFollowTheContractZone) {
  Feed f;
  // 2026-11-01T03:00Z is still October 31 in New York (UTC-4 until the
  // 1st at 06:00Z): its first hour counts in New York's October, which runs
  // from 2026-10-01T04:00Z to 2026-11-01T04:00Z, 744 hours: the same budget.
  // Its second hour is in November, 2026-11-01T04:00Z to 2026-12-01T05:00Z:
  // 30 days and an hour, 2,595,600,000 ms, budget 2,595,600 ms (43m15.6s),
  // 0.8 of it 2,076,480 ms (34m36.48s).
  f.outage("o", "2026-11-01T03:00:00Z", "2026-11-01T05:00:00Z");
  Contract c = acme();
  c.zone = Zone::find("America/New_York");
  auto got = f.alerts(c, "2026-12-01T00:00:00Z");
  expect(got, {{"uptime.budget_warning:acme:2026-10", "2026-11-01T03:35:42.720Z"},
               {"uptime.breached:acme:2026-10", "2026-11-01T03:44:38.400Z"},
               {"uptime.budget_warning:acme:2026-11", "2026-11-01T04:34:36.480Z"},
               {"uptime.breached:acme:2026-11", "2026-11-01T04:43:15.600Z"}});
}

// Burn rates. Rule 1 (1h, 5m, 14.4) at 99.9: the long window holds from
// 14.4 × 0.001 × 3,600,000 = 51,840 ms of downtime, the short from 4,320 ms.

TEST(UptimeAlerts, BurnEpisodeAcrossAMonthBoundaryIsOne) {
  Feed f;
  f.outage("o", "2026-10-31T23:50:00Z", "2026-11-01T00:10:00Z");
  Contract c = acme();
  c.burn_alerts = {default_burn_rules()[0]};
  // 23:51: 60,000 ms in both windows: holds. It holds while the short window
  // holds 4,320 ms: up to 00:14 ([00:09, 00:14) is down). One episode.
  auto got = f.alerts(c, "2026-11-02T00:00:00Z", {}, "uptime.burn_rate");
  expect(got, {{"uptime.burn_rate:acme:1:2026-10-31T23:51:00Z", "2026-10-31T23:51:00Z"}});
  const Alert& a = got[0];
  EXPECT_EQ(a.severity, "page");
  EXPECT_EQ(a.rule, 1);
  EXPECT_EQ(a.long_window, 3'600'000);
  EXPECT_EQ(a.short_window, 300'000);
  EXPECT_DOUBLE_EQ(a.factor, 14.4);
  EXPECT_NEAR(a.burn_long, 60'000.0 / 3'600.0, 1e-9);  // 16.67
  EXPECT_NEAR(a.burn_short, 60'000.0 / 300.0, 1e-9);   // 200
  EXPECT_EQ(a.period, "2026-10");
  EXPECT_NEAR(*a.budget_consumed, 60'000.0 / 2'678'400.0, 1e-12);
}

TEST(UptimeAlerts, BurnEpisodesSeparatedByAGapMinute) {
  Feed f;
  f.outage("a", "2026-10-12T10:00:00Z", "2026-10-12T10:01:00Z");
  f.outage("b", "2026-10-12T10:06:00Z", "2026-10-12T10:07:00Z");
  Contract c = acme();
  c.burn_alerts = {default_burn_rules()[0]};
  // a holds 10:01..10:05 (the short window [t-5m, t) still holds it); at
  // 10:06 the short window [10:01, 10:06) is up; from 10:07 b holds.
  expect(f.alerts(c, "2026-10-13T00:00:00Z"),
         {{"uptime.burn_rate:acme:1:2026-10-12T10:01:00Z", "2026-10-12T10:01:00Z"},
          {"uptime.burn_rate:acme:1:2026-10-12T10:07:00Z", "2026-10-12T10:07:00Z"}});
  // As of 10:06:59 the second does not exist yet.
  EXPECT_EQ(f.alerts(c, "2026-10-12T10:06:59Z").size(), 1u);
}

TEST(UptimeAlerts, BurnThresholdExactToTheMs) {
  Contract c = acme();
  c.burn_alerts = {default_burn_rules()[0]};
  Feed f;
  f.outage("o", "2026-10-12T10:00:00Z", "2026-10-12T10:00:51.840Z");  // 51,840 ms: the long window just holds
  expect(f.alerts(c, "2026-10-13T00:00:00Z"),
         {{"uptime.burn_rate:acme:1:2026-10-12T10:01:00Z", "2026-10-12T10:01:00Z"}});
  Feed g;
  g.outage("o", "2026-10-12T10:00:00Z", "2026-10-12T10:00:51.839Z");  // a ms short: never
  expect(g.alerts(c, "2026-10-13T00:00:00Z"), {});
}

TEST(UptimeAlerts, EachDefaultBurnRule) {
  Feed f;
  f.outage("o", "2026-10-12T10:00:00Z", "2026-10-12T10:10:00Z");
  Contract c = acme();
  c.burn_alerts = default_burn_rules();
  // Rule 1 from 60,000 >= 51,840 at 10:01; rule 2 (6h, 30m, 6): long
  // 6 × 0.001 × 21,600,000 = 129,600 ms, reached with 180,000 at 10:03;
  // rule 3 (3d, 6h, 1): long 259,200 ms, reached with 300,000 at 10:05. Each
  // holds without a gap until its short window empties: one episode each.
  auto got = f.alerts(c, "2026-10-20T00:00:00Z");
  expect(got, {{"uptime.burn_rate:acme:1:2026-10-12T10:01:00Z", "2026-10-12T10:01:00Z"},
               {"uptime.burn_rate:acme:2:2026-10-12T10:03:00Z", "2026-10-12T10:03:00Z"},
               {"uptime.burn_rate:acme:3:2026-10-12T10:05:00Z", "2026-10-12T10:05:00Z"}});
  EXPECT_EQ(got[1].severity, "page");
  EXPECT_EQ(got[2].severity, "ticket");
  EXPECT_NEAR(got[1].burn_long, 180'000.0 / 21'600.0, 1e-9);  // 8.33
  EXPECT_NEAR(got[1].burn_short, 180'000.0 / 1'800.0, 1e-9);  // 100
  EXPECT_NEAR(got[2].burn_long, 300'000.0 / 259'200.0, 1e-9);
  EXPECT_NEAR(got[2].burn_short, 300'000.0 / 21'600.0, 1e-9);
}

TEST(UptimeAlerts, ACustomListReplacesTheDefaultsAndAnEmptyOneSwitchesThemOff) {
  Feed f;
  f.outage("o", "2026-10-12T10:00:00Z", "2026-10-12T10:00:04Z");  // 4 s
  Contract c = acme();
  c.burn_alerts = default_burn_rules();
  expect(f.alerts(c, "2026-10-13T00:00:00Z"), {});  // 4,000 ms is below every default long window
  // { long = "30m", short = "2m", factor = 2, severity = "sms" }: long
  // 2 × 0.001 × 1,800,000 = 3,600 ms, short 240 ms; 4,000 passes both at 10:01.
  c.burn_alerts = {{30 * 60'000, 2 * 60'000, 2, "sms"}};
  auto got = f.alerts(c, "2026-10-13T00:00:00Z");
  expect(got, {{"uptime.burn_rate:acme:1:2026-10-12T10:01:00Z", "2026-10-12T10:01:00Z"}});
  EXPECT_EQ(got[0].severity, "sms");
  c.burn_alerts.clear();
  expect(f.alerts(c, "2026-10-13T00:00:00Z"), {});
}

TEST(UptimeAlerts, NoBurnRatesForATargetOf100) {
  Feed f;
  f.outage("o", "2026-10-12T10:00:00Z", "2026-10-12T10:10:00Z");
  Contract c = acme(100);
  c.burn_alerts = default_burn_rules();
  // Any downtime misses 100%: the breach is at the start, strict, and there
  // is no budget to warn on or burn.
  auto got = f.alerts(c, "2026-10-20T00:00:00Z");
  expect(got, {{"uptime.breached:acme:2026-10", "2026-10-12T10:00:00Z"}});
  EXPECT_FALSE(got[0].budget_consumed);
}

TEST(UptimeAlerts, BurnEpisodesAreSharedOnlyBetweenContractsThatSeeTheSameEvents) {
  Feed f;
  f.outage("all", "2026-10-12T10:00:00Z", "2026-10-12T10:10:00Z");
  f.outage("mine", "2026-10-13T10:00:00Z", "2026-10-13T10:10:00Z");
  for (Event& e : f.store)
    if (e.ref == "mine" && e.type == EventType::OutageStarted) e.customers = std::vector<std::string>{"acme"};
  Contract acme_c = acme(), beta = acme(), tokyo = acme();
  beta.id = "beta";
  tokyo.id = "tokyo";
  tokyo.zone = Zone::find("Asia/Tokyo");
  for (Contract* c : {&acme_c, &beta, &tokyo}) c->burn_alerts = {default_burn_rules()[0]};
  f.events = std::make_unique<EventStore>();
  for (const auto& e : f.store) f.events->add(Event(e));
  f.index = build_index(*f.events);
  Instant as_of = at("2026-10-20T00:00:00Z");
  Facts facts = gather_facts(f.index, as_of, [&](std::string_view) { return &acme_c; });
  UptimeScratch memo;
  std::vector<Alert> a, b, t;
  auto none = [](const UptimeTerm&) { return ExcludeFn(); };
  uptime_alerts(acme_c, as_of, facts, none, memo, a);
  uptime_alerts(beta, as_of, facts, none, memo, b);
  uptime_alerts(tokyo, as_of, facts, none, memo, t);
  // acme sees both outages (rule 1 at 10:01 each day), beta only the first.
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].id, "uptime.burn_rate:beta:1:2026-10-12T10:01:00Z");
  // tokyo sees what beta sees (shared), in its own month: the same figures.
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].at, b[0].at);
  EXPECT_EQ(t[0].period, "2026-10");
  EXPECT_EQ(t[0].burn_long, b[0].burn_long);
}

TEST(UptimeAlerts, AMonthLongOutageIsOneEpisodePerRule) {
  Feed f;
  f.outage("o", "2026-10-01T00:00:00Z", nullptr);
  Contract c = acme();
  c.burn_alerts = default_burn_rules();
  // Down all month: every rule holds from the first minute it can (10:01,
  // 10:03, 10:05 after the start) to as_of, one episode each.
  auto got = f.alerts(c, "2026-11-01T00:00:00Z", {}, "uptime.burn_rate");
  expect(got, {{"uptime.burn_rate:acme:1:2026-10-01T00:01:00Z", "2026-10-01T00:01:00Z"},
               {"uptime.burn_rate:acme:2:2026-10-01T00:03:00Z", "2026-10-01T00:03:00Z"},
               {"uptime.burn_rate:acme:3:2026-10-01T00:05:00Z", "2026-10-01T00:05:00Z"}});
}

// Against the report itself: random outages (some partial, some short under
// min_outage, some in maintenance), each alert's instant is where
// compute_uptime as of that instant first passes the threshold (and not a ms
// before); each burn episode starts where a minute-by-minute walk says.
TEST(UptimeAlerts, AgreesWithTheReportAndAMinuteByMinuteWalk) {
  std::uint64_t seed = 12345;
  auto next = [&](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  const Instant oct = at("2026-10-01T00:00:00Z"), nov = at("2026-11-01T00:00:00Z");
  int checked = 0, breaches = 0, episodes = 0;
  for (int round = 0; round < 12; ++round) {
    Feed f;
    std::deque<std::string> names;
    Instant t = oct + static_cast<Instant>(next(3'600'000));
    for (int k = 0; k < 8; ++k) {
      t += static_cast<Instant>(next(2 * 86'400'000));
      Millis length = static_cast<Millis>(next(1'800'000)) + 1;
      const std::string& id = names.emplace_back("o" + std::to_string(k));
      std::string from = format_instant(t), to = format_instant(t + length);
      f.outage(id.c_str(), from.c_str(), k == 7 ? nullptr : to.c_str(), next(4) == 0);
    }
    f.maintenance("m", "2026-09-01T00:00:00Z", format_instant(oct + 86'400'000).c_str(),
                  format_instant(oct + 3 * 86'400'000).c_str());
    Contract c = acme(99.95);
    c.uptimes[0].partial_weight = 0.5;
    c.uptimes[0].min_outage = static_cast<Millis>(next(3)) * 60'000;
    c.burn_alerts = default_burn_rules();
    std::string as_of = "2026-11-05T00:00:00Z";
    auto got = f.alerts(c, as_of.c_str());
    Interval october{oct, nov};
    auto report = [&](Instant when) {
      Facts facts = gather_facts(f.index, when, [&](std::string_view) { return &c; });
      return compute_uptime(c.uptimes[0], "acme", october, when, facts, {});
    };
    for (const Alert& a : got) {
      if (a.kind == "uptime.burn_rate") continue;
      if (a.period != "2026-10") continue;  // later outages may reach November
      ++checked;
      // 0.8 × 1,339,200 = 1,071,360 ms; the breach needs more than 1,339,200.
      double budget = 1'339'200;
      if (a.kind == "uptime.budget_warning") {
        EXPECT_GE(report(a.at).downtime_seconds.value() * 1000, 0.8 * budget - 1e-6) << round;
        EXPECT_LT(report(a.at - 1).downtime_seconds.value() * 1000, 0.8 * budget - 1e-6) << round;
      } else {
        EXPECT_GE(report(a.at).downtime_seconds.value() * 1000, budget - 1e-6) << round;
        EXPECT_GT(report(a.at + 1).downtime_seconds.value() * 1000, budget) << round;
        EXPECT_LT(report(a.at - 1).downtime_seconds.value() * 1000, budget) << round;
      }
    }
    // A month is missed as of as_of exactly when there is a breach.
    bool breached = std::any_of(got.begin(), got.end(), [](const Alert& a) { return a.kind == "uptime.breached"; });
    EXPECT_EQ(breached, !report(at(as_of.c_str())).met) << round;
    breaches += breached;
    // Burn episodes, every minute of the month and a bit.
    Facts facts = gather_facts(f.index, at(as_of.c_str()), [&](std::string_view) { return &c; });
    UptimeTimeline tl(c.uptimes[0], "acme", facts, at(as_of.c_str()), {});
    std::vector<std::string> walked;
    for (std::size_t r = 0; r < c.burn_alerts.size(); ++r) {
      const BurnRule& rule = c.burn_alerts[r];
      bool before = false;
      for (Instant m = oct; m <= at(as_of.c_str()); m += 60'000) {
        // 100 × D >= F × (100 − 99.95) × W, in integers: 2,000 × D >= F × W
        // with F × 10 an integer for the defaults (144, 60, 10).
        // From the whole stretch, not as_of's (made for the window alone, as
        // the burn walk makes its own): the oracle shares no code with it.
        auto known = [&](Interval w) {
          std::size_t i = tl.stretch_of(m);
          return i == UptimeTimeline::npos ? Downtime{} : tl.stretch(i).within(w);
        };
        Downtime s = known({m - rule.short_window, m}), l = known({m - rule.long_window, m});
        auto holds = [&](Downtime d, Millis w) {
          return 20'000 * (2 * d.major + d.partial) / 2 >= static_cast<long long>(rule.factor * 10 + 0.5) * w;
        };
        bool now = holds(s, rule.short_window) && holds(l, rule.long_window);
        if (now && !before)
          walked.push_back("uptime.burn_rate:acme:" + std::to_string(r + 1) + ":" + format_instant(m));
        before = now;
      }
    }
    std::vector<std::string> burns;
    for (const Alert& a : got)
      if (a.kind == "uptime.burn_rate") burns.push_back(a.id);
    std::sort(walked.begin(), walked.end());
    std::sort(burns.begin(), burns.end());
    EXPECT_EQ(burns, walked) << round;
    episodes += static_cast<int>(burns.size());
  }
  // The rounds are not empty: they warn, breach and burn.
  EXPECT_GT(checked, 12);
  EXPECT_GT(breaches, 3);
  EXPECT_GT(episodes, 50);
  std::printf("%d period alerts, %d breaches, %d burn episodes\n", checked, breaches, episodes);
}
