// notice.overdue and compliance.below_target (docs/alerts.md) through the
// real path: index, facts as of an instant, notice clocks and ticket
// clocks. Every expected instant and count is worked out by hand in the
// comment beside it.
#include <gtest/gtest.h>

#include <deque>
#include <memory>

#include "compliance/alerts.hpp"
#include "compliance/compliance_alerts.hpp"
#include "compliance/notice_alerts.hpp"
#include "compliance/retraction.hpp"

using namespace vow;

namespace {

Instant at(const char* s) {
  return *parse_instant(s);
}

constexpr Millis kMinute = 60'000;

struct Ledger {
  std::deque<Event> store;
  std::int64_t seq = 0;
  mutable std::unique_ptr<EventStore> events;
  mutable EventIndex index;
  Contract c;

  Ledger() {
    c.id = "acme";
    c.name = "Acme";
    c.zone = &Zone::utc();
    c.communications = Communications{
        Wait{.length = 15 * kMinute}, Wait{.length = 30 * kMinute}, Wait{.length = 5 * 86'400'000LL}, {}};
    c.response["P1"] = Target{60 * kMinute, &always(), "24x7", {}};
  }

  static const Calendar& always() {
    static const Calendar cal;
    return cal;
  }

  Event& add(EventType type, const char* when, const char* ref) {
    Event& e = store.emplace_back();
    e.type = type;
    e.at = at(when);
    e.seq = ++seq;
    e.ref = ref;
    e.id = "e" + std::to_string(seq);
    return e;
  }
  void outage(const char* id, const char* from, const char* to) {
    Event& s = add(EventType::OutageStarted, from, id);
    s.service = "api";
    s.customers = std::vector<std::string>{"acme"};
    if (to) add(EventType::OutageEnded, to, id);
  }
  void notice(const char* when, const char* kind, const char* customer = "acme") {
    Event& e = add(EventType::IncidentNotified, when, "o1");
    e.kind = kind;
    e.customer = customer;
  }
  // A P1 ticket opened at `opened`, answered at `reply` (nullptr: never).
  void ticket(const std::string& id, const char* opened, const char* reply) {
    Event& e = add(EventType::TicketOpened, opened, "");
    e.ref = id;
    e.customer = "acme";
    e.priority = "P1";
    if (reply) {
      Event& r = add(EventType::TicketReplied, reply, "");
      r.ref = id;
      r.by_agent = true;
    }
  }

  Facts facts(Instant as_of) const {
    events = std::make_unique<EventStore>();
    for (const auto& e : store) events->add(Event(e));
    index = build_index(*events);
    return gather_facts(index, as_of, [&](std::string_view) { return &c; });
  }
  std::vector<Alert> notices(const char* as_of) const {
    std::vector<Alert> out;
    notice_alerts(c, at(as_of), facts(at(as_of)), out);
    sort_alerts(out);
    return out;
  }
  std::vector<Alert> compliance(const char* as_of) const {
    std::vector<Alert> out;
    ClockScratch scratch;
    compliance_alerts(c, at(as_of), facts(at(as_of)), scratch, out);
    sort_alerts(out);
    return out;
  }
};

std::vector<std::string> ids(const std::vector<Alert>& alerts) {
  std::vector<std::string> out;
  for (const auto& a : alerts) out.push_back(a.id + " @ " + format_instant(a.at));
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace

// Outage 10:00-10:40. Initial due 10:00 + 15 min = 10:15, met by a notice
// at 10:15:00.000 (at or before). That notice opens update gap 1, due
// 10:45, which the end at 10:40 meets. Postmortem due 10:40 + 5 days =
// 10-07T10:40, met on 10-06. Nothing is overdue.
TEST(NoticeAlerts, InitialMetExactlyAtItsDeadline) {
  Ledger l;
  l.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T10:40:00Z");
  l.notice("2026-10-02T10:15:00Z", "initial");
  l.notice("2026-10-06T09:00:00Z", "postmortem");
  EXPECT_EQ(ids(l.notices("2026-11-01T00:00:00Z")), Ids{});
}

// The same, the initial notice one millisecond late (10:15:00.001): the
// initial deadline 10:15 passes unmet. The alert is at the deadline, and
// exists only after it: as of 10:15:00.000 the deadline is not past.
TEST(NoticeAlerts, InitialMissedByAMillisecond) {
  Ledger l;
  l.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T10:40:00Z");
  l.notice("2026-10-02T10:15:00.001Z", "initial");
  l.notice("2026-10-06T09:00:00Z", "postmortem");
  auto got = l.notices("2026-11-01T00:00:00Z");
  EXPECT_EQ(ids(got), Ids{"notice.overdue:acme:o1:initial:1 @ 2026-10-02T10:15:00Z"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].severity, "breach");
  EXPECT_EQ(got[0].outage, "o1");
  EXPECT_EQ(got[0].notice, "initial");
  EXPECT_EQ(got[0].n, 1);
  EXPECT_EQ(format_instant(got[0].deadline), "2026-10-02T10:15:00Z");
  EXPECT_EQ(got[0].customer_name, "Acme");
  EXPECT_EQ(ids(l.notices("2026-10-02T10:15:00Z")), Ids{});
  EXPECT_EQ(ids(l.notices("2026-10-02T10:15:00.001Z")), ids(got));
}

// Outage 10:00-12:00. Notices for acme: 10:05 (initial: met), 10:30, 11:10,
// and 12:01 (resolved, after the end: opens no gap). Gap 1 from 10:05, due
// 10:35: met by 10:30. Gap 2 from 10:30, due 11:00: the next notice is
// 11:10, late: overdue at 11:00. Gap 3 from 11:10, due 11:40: no notice
// and the end (12:00) is later: overdue at 11:40. Globex's notice at 11:35
// is not acme's. No postmortem: due 12:00 + 5 days = 10-07T12:00.
TEST(NoticeAlerts, UpdateGapsAreNumberedByTheNoticeThatOpensThem) {
  Ledger l;
  l.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T12:00:00Z");
  l.notice("2026-10-02T10:05:00Z", "initial");
  l.notice("2026-10-02T10:30:00Z", "update");
  l.notice("2026-10-02T11:10:00Z", "update");
  l.notice("2026-10-02T11:35:00Z", "update", "globex");
  l.notice("2026-10-02T12:01:00Z", "resolved");
  EXPECT_EQ(ids(l.notices("2026-11-01T00:00:00Z")),
            (Ids{"notice.overdue:acme:o1:update:2 @ 2026-10-02T11:00:00Z",
                 "notice.overdue:acme:o1:update:3 @ 2026-10-02T11:40:00Z",
                 "notice.overdue:acme:o1:postmortem:1 @ 2026-10-07T12:00:00Z"}));
  // As of 11:05 the outage is open and gap 2 overdue; gap 3 does not exist
  // yet (its notice is at 11:10).
  EXPECT_EQ(ids(l.notices("2026-10-02T11:05:00Z")), Ids{"notice.overdue:acme:o1:update:2 @ 2026-10-02T11:00:00Z"});
}

// Outage 10:00-10:50, initial at 10:10 opens gap 1 due 10:40; the end at
// 10:30 comes first and meets it. Had the outage gone on to 10:50, gap 1
// would be overdue at 10:40.
TEST(NoticeAlerts, AnEndBeforeTheUpdateDeadlineMeetsIt) {
  Ledger early;
  early.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T10:30:00Z");
  early.notice("2026-10-02T10:10:00Z", "initial");
  EXPECT_EQ(ids(early.notices("2026-10-03T00:00:00Z")), Ids{});
  Ledger late;
  late.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T10:50:00Z");
  late.notice("2026-10-02T10:10:00Z", "initial");
  EXPECT_EQ(ids(late.notices("2026-10-03T00:00:00Z")), Ids{"notice.overdue:acme:o1:update:1 @ 2026-10-02T10:40:00Z"});
}

// No notice at all: the initial one is overdue at 10:15 and there are no
// update gaps. The postmortem is due at the end (11:00) + 5 days =
// 10-07T11:00; one sent exactly then meets it, one a second later does not.
TEST(NoticeAlerts, WithoutNoticesOnlyTheInitialAndThePostmortem) {
  auto outage = [](Ledger& l) { l.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T11:00:00Z"); };
  Ledger none;
  outage(none);
  EXPECT_EQ(ids(none.notices("2026-10-07T11:00:00Z")), Ids{"notice.overdue:acme:o1:initial:1 @ 2026-10-02T10:15:00Z"});
  EXPECT_EQ(ids(none.notices("2026-10-08T00:00:00Z")),
            (Ids{"notice.overdue:acme:o1:initial:1 @ 2026-10-02T10:15:00Z",
                 "notice.overdue:acme:o1:postmortem:1 @ 2026-10-07T11:00:00Z"}));
  Ledger on_time;
  outage(on_time);
  on_time.notice("2026-10-07T11:00:00Z", "postmortem");
  EXPECT_EQ(ids(on_time.notices("2026-10-08T00:00:00Z")),
            Ids{"notice.overdue:acme:o1:initial:1 @ 2026-10-02T10:15:00Z"});
  Ledger late;
  outage(late);
  late.notice("2026-10-07T11:00:01Z", "postmortem");
  EXPECT_EQ(ids(late.notices("2026-10-08T00:00:00Z")), ids(none.notices("2026-10-08T00:00:00Z")));
}

// P1 response 1 h. T1 opened 00:00, never answered: breaches at d = 01:00.
// As of 01:00 it is in progress (no rate yet); just after, 0/1 < 0.95. The
// alert is at 01:00 and exists as of 01:00:00.001, not as of 01:00.
TEST(ComplianceAlerts, RateDropsBelowAtABreachInstant) {
  Ledger l;
  l.ticket("T1", "2026-10-01T00:00:00Z", nullptr);
  EXPECT_EQ(ids(l.compliance("2026-10-01T01:00:00Z")), Ids{});
  auto got = l.compliance("2026-10-01T01:00:00.001Z");
  EXPECT_EQ(ids(got), Ids{"compliance.below_target:acme:response:P1:2026-10 @ 2026-10-01T01:00:00Z"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].severity, "warning");
  EXPECT_EQ(got[0].metric, "response");
  EXPECT_EQ(got[0].priority, "P1");
  EXPECT_EQ(got[0].period, "2026-10");
  EXPECT_EQ(got[0].achieved, 0);
  EXPECT_EQ(got[0].breached, 1);
  EXPECT_EQ(got[0].rate, 0.0);
}

// T1 breaches at 01:00 while T2, opened 00:30, is answered at exactly
// 01:00. As of 01:00 the rate is 1/1 (T2 counts at its reply, T1 only
// after d); just after it is 1/2 = 0.5 < 0.95: the alert is at 01:00 with
// 1 achieved and 1 breached.
TEST(ComplianceAlerts, AnAchievementAtTheBreachInstantCountsFirst) {
  Ledger l;
  l.ticket("T1", "2026-10-01T00:00:00Z", nullptr);
  l.ticket("T2", "2026-10-01T00:30:00Z", "2026-10-01T01:00:00Z");
  auto got = l.compliance("2026-10-02T00:00:00Z");
  EXPECT_EQ(ids(got), Ids{"compliance.below_target:acme:response:P1:2026-10 @ 2026-10-01T01:00:00Z"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].achieved, 1);
  EXPECT_EQ(got[0].breached, 1);
  EXPECT_EQ(got[0].rate, 0.5);
}

// 19 tickets answered in time on October 2 to 20 (each opened 09:00,
// answered 09:30), then T20 breaches on October 21 at 10:00: 19/20 = 0.95,
// which is not below 0.95 (19 < 0.95 x 20 = 19 is false). A second breach,
// T21 on October 22 at 10:00: 19/21 = 0.905 < 0.95, the alert.
TEST(ComplianceAlerts, ExactlyTheTargetIsNotBelowIt) {
  Ledger l;
  for (int d = 2; d <= 20; ++d) {
    std::string day = "2026-10-" + std::string(d < 10 ? "0" : "") + std::to_string(d);
    std::string open = day + "T09:00:00Z", reply = day + "T09:30:00Z";
    l.ticket("A" + std::to_string(d), open.c_str(), reply.c_str());
  }
  l.ticket("T20", "2026-10-21T09:00:00Z", nullptr);
  EXPECT_EQ(ids(l.compliance("2026-10-22T00:00:00Z")), Ids{});
  l.ticket("T21", "2026-10-22T09:00:00Z", nullptr);
  auto got = l.compliance("2026-11-01T00:00:00Z");
  EXPECT_EQ(ids(got), Ids{"compliance.below_target:acme:response:P1:2026-10 @ 2026-10-22T10:00:00Z"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].achieved, 19);
  EXPECT_EQ(got[0].breached, 2);
}

// T1 breaches on October 1 at 01:00 (0/1: the alert). 19 tickets answered
// in time later bring October to 19/20 = 0.95, recovered; T21 breaching on
// October 25 at 10:00 brings it below again (19/21), but the period has
// fired already. November starts afresh: N1, opened 11-01T00:30 (UTC; the
// contract's zone), breaches at 01:30: 0/1, November's alert.
TEST(ComplianceAlerts, FiresOnceAPeriodEvenAfterRecoveringAndAgainInTheNext) {
  Ledger l;
  l.ticket("T1", "2026-10-01T00:00:00Z", nullptr);
  for (int d = 2; d <= 20; ++d) {
    std::string day = "2026-10-" + std::string(d < 10 ? "0" : "") + std::to_string(d);
    std::string open = day + "T09:00:00Z", reply = day + "T09:30:00Z";
    l.ticket("A" + std::to_string(d), open.c_str(), reply.c_str());
  }
  l.ticket("T21", "2026-10-25T09:00:00Z", nullptr);
  l.ticket("N1", "2026-11-01T00:30:00Z", nullptr);
  EXPECT_EQ(ids(l.compliance("2026-11-02T00:00:00Z")),
            (Ids{"compliance.below_target:acme:response:P1:2026-10 @ 2026-10-01T01:00:00Z",
                 "compliance.below_target:acme:response:P1:2026-11 @ 2026-11-01T01:30:00Z"}));
}

// The period is the contract's month in its zone: a breach at
// 2026-11-01T03:00Z is October 31, 23:00 in New York (EDT, UTC-4).
TEST(ComplianceAlerts, ThePeriodIsTheMonthInTheContractsZone) {
  Ledger l;
  l.c.zone = Zone::find("America/New_York");
  l.ticket("T1", "2026-11-01T02:00:00Z", nullptr);
  EXPECT_EQ(ids(l.compliance("2026-11-02T00:00:00Z")),
            Ids{"compliance.below_target:acme:response:P1:2026-10 @ 2026-11-01T03:00:00Z"});
}

// A priority without a target is not counted, as in the report.
TEST(ComplianceAlerts, StepsOfPrioritiesWithoutATargetDoNotCount) {
  Ledger l;
  std::vector<Alert> out;
  below_target_alerts(l.c, {{at("2026-10-01T01:00:00Z"), true, false, Metric::Response, "P4"}}, out);
  EXPECT_TRUE(out.empty());
  below_target_alerts(l.c, {{at("2026-10-01T01:00:00Z"), true, false, Metric::Response, "P1"}}, out);
  EXPECT_EQ(out.size(), 1u);
}

// Delivered to two sinks; retracted at one only: still shown at the other,
// so listed, with the first delivery's instant. An alert still existing is
// not listed; nor one whose every sink had its retraction.
TEST(Retraction, ListsDeliveredAlertsNoLongerSupported) {
  std::deque<Event> evs;
  auto deliver = [&](const char* id, const char* when, const char* sink, bool retraction) {
    Event& e = evs.emplace_back();
    e.type = EventType::AlertDelivered;
    e.at = at(when);
    e.ref = id;
    e.sink = sink;
    e.retraction = retraction;
  };
  deliver("notice.overdue:acme:o1:initial:1", "2026-10-02T10:16:00Z", "pager", false);
  deliver("notice.overdue:acme:o1:initial:1", "2026-10-02T10:17:00Z", "mail", false);
  deliver("notice.overdue:acme:o1:initial:1", "2026-10-02T11:00:00Z", "pager", true);
  deliver("clock.breached:acme:T:response:1", "2026-10-02T10:00:00Z", "pager", false);
  deliver("clock.breached:acme:T:response:1", "2026-10-02T12:00:00Z", "pager", true);
  deliver("clock.warning:globex:T:response:1:0.8", "2026-10-02T09:00:00Z", "pager", false);
  deliver("clock.warning:acme:T:response:1:0.8", "2026-10-03T09:00:00Z", "pager", false);  // after as_of
  std::vector<const Event*> ptrs;
  for (const auto& e : evs) ptrs.push_back(&e);
  Contract acme;
  acme.id = "acme";
  acme.name = "Acme";
  std::unordered_set<std::string_view> existing{"clock.warning:globex:T:response:1:0.8"};
  auto got = retracted_alerts(
      ptrs, at("2026-10-02T13:00:00Z"), existing, [&](std::string_view id) { return id == "acme" ? &acme : nullptr; },
      [](std::string_view) { return true; });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "notice.overdue:acme:o1:initial:1");
  EXPECT_EQ(got[0].kind, "notice.overdue");
  EXPECT_EQ(got[0].severity, "breach");
  EXPECT_EQ(got[0].customer, "acme");
  EXPECT_EQ(got[0].customer_name, "Acme");
  EXPECT_EQ(format_instant(got[0].at), "2026-10-02T10:17:00Z");  // mail's: pager had its retraction
}

// Delivered, retracted, delivered again (ADR 0037): the sink shows it, so
// it is listed once no longer supported, with the instant of the delivery
// it shows; with a second retraction it is not.
TEST(Retraction, AnAlertDeliveredAgainAfterItsRetractionIsShownAgain) {
  std::deque<Event> evs;
  auto deliver = [&](const char* when, bool retraction) {
    Event& e = evs.emplace_back();
    e.type = EventType::AlertDelivered;
    e.at = at(when);
    e.ref = "uptime.budget_warning:acme:2026-10";
    e.sink = "pager";
    e.retraction = retraction;
  };
  deliver("2026-10-02T10:00:00Z", false);
  deliver("2026-10-02T11:00:00Z", true);
  deliver("2026-10-02T12:00:00Z", false);
  std::vector<const Event*> ptrs;
  for (const auto& e : evs) ptrs.push_back(&e);
  auto contract_of = [](std::string_view) -> const Contract* { return nullptr; };
  auto all = [](std::string_view) { return true; };
  auto got = retracted_alerts(ptrs, at("2026-10-02T13:00:00Z"), {}, contract_of, all);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(format_instant(got[0].at), "2026-10-02T12:00:00Z");
  // As of 11:30, between the retraction and the second delivery: not shown.
  EXPECT_TRUE(retracted_alerts(ptrs, at("2026-10-02T11:30:00Z"), {}, contract_of, all).empty());
  deliver("2026-10-02T12:30:00Z", true);
  ptrs.push_back(&evs.back());
  EXPECT_TRUE(retracted_alerts(ptrs, at("2026-10-02T13:00:00Z"), {}, contract_of, all).empty());
}

TEST(Retraction, IdsNameKindAndCustomer) {
  auto p = parse_alert_id("compliance.below_target:acme:response:P1:2026-10");
  EXPECT_EQ(p.kind, "compliance.below_target");
  EXPECT_EQ(p.customer, "acme");
  p = parse_alert_id("odd");
  EXPECT_EQ(p.kind, "odd");
  EXPECT_EQ(p.customer, "");
  EXPECT_EQ(severity_of_kind("uptime.burn_rate"), "");
  EXPECT_EQ(severity_of_kind("clock.escalated"), "escalation");
}

// At one instant x, a breach at a stop (a priority change at the reply's
// very instant) counts as of x, a breach at d = x only after x. The first
// makes the rate 0/1 as of x: the alert is at x with those figures, not
// with the 0/2 of just after.
TEST(ComplianceAlerts, ABreachAtAStopCountsBeforeABreachAtTheSameInstant) {
  Ledger l;
  std::vector<Alert> out;
  Instant x = at("2026-10-01T01:00:00Z");
  below_target_alerts(l.c, {{x, true, false, Metric::Response, "P1"}, {x, false, false, Metric::Response, "P1"}}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].at, x);
  EXPECT_EQ(out[0].achieved, 0);
  EXPECT_EQ(out[0].breached, 1);
}
