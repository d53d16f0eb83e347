// Which alert goes to which sink: routes, what the ledger says was
// delivered, retractions and lateness (docs/alerts.md, "Delivery").
#include "serve/delivery_plan.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "serve/courier.hpp"

namespace vow {
namespace {

Alert alert(const std::string& id, const std::string& kind, const std::string& severity, const std::string& customer,
            Instant at, const std::string& to = "") {
  Alert a;
  a.id = id;
  a.kind = kind;
  a.severity = severity;
  a.customer = customer;
  a.at = at;
  a.to = to;
  return a;
}

struct Fixture {
  AlertsReport report;
  std::vector<Route> routes;
  std::map<std::string, std::string> tiers{{"acme", "enterprise"}};
  std::vector<DeliveryRecord> done;
  Instant now = 1'000'000'000;

  std::vector<PlannedDelivery> plan() { return plan_deliveries({&report, &routes, &tiers, &done, now, 60'000}); }
};

std::vector<std::string> pairs(const std::vector<PlannedDelivery>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back((p.retraction ? "retract " : "") + p.alert.id + " -> " + p.sink);
  return out;
}

TEST(DeliveryPlan, RoutesMatchByKindSeverityTierCustomerAndTo) {
  Route all{{"log"}, {}, {}, {}, {}, {}};
  Route clocks{{"slack"}, {"clock.*"}, {}, {}, {}, {}};
  Route breaches{{"mail"}, {}, {"breach"}, {"enterprise"}, {}, {}};
  Route cto{{"pager"}, {}, {}, {}, {}, {"cto"}};
  Alert warn = alert("w", "clock.warning", "warning", "acme", 0);
  Alert breach = alert("b", "uptime.breached", "breach", "acme", 0);
  Alert other = alert("o", "uptime.breached", "breach", "globex", 0);
  Alert esc = alert("e", "clock.escalated", "escalation", "acme", 0, "cto");
  Alert esc_lead = alert("e2", "clock.escalated", "escalation", "acme", 0, "lead");
  std::optional<std::string> ent = "enterprise", none;
  EXPECT_TRUE(route_matches(all, warn, ent));
  EXPECT_TRUE(route_matches(clocks, warn, ent));
  EXPECT_FALSE(route_matches(clocks, breach, ent));
  EXPECT_TRUE(route_matches(breaches, breach, ent));
  EXPECT_FALSE(route_matches(breaches, other, none));  // globex has no tier: a tier route does not take it
  EXPECT_TRUE(route_matches(cto, esc, ent));
  EXPECT_FALSE(route_matches(cto, esc_lead, ent));
  EXPECT_FALSE(route_matches(cto, breach, ent));  // `to` takes escalations only
  Route clock_prefix{{"x"}, {"clock.*"}, {}, {}, {}, {}};
  EXPECT_FALSE(route_matches(clock_prefix, alert("c", "clocks.odd", "warning", "acme", 0), ent));
  Route exact{{"x"}, {"clock.warning"}, {}, {}, {"acme"}, {}};
  EXPECT_TRUE(route_matches(exact, warn, ent));
  EXPECT_FALSE(route_matches(exact, alert("w2", "clock.warning", "warning", "globex", 0), ent));
}

TEST(DeliveryPlan, EachAlertToEachMatchingSinkOnceUnlessRecorded) {
  Fixture f;
  f.routes = {{{"slack", "mail"}, {}, {}, {}, {}, {}}, {{"slack"}, {"clock.*"}, {}, {}, {}, {}}};
  f.report.alerts = {alert("a1", "clock.breached", "breach", "acme", f.now - 1000),
                     alert("a2", "uptime.breached", "breach", "acme", f.now - 500)};
  EXPECT_EQ(pairs(f.plan()), (std::vector<std::string>{"a1 -> slack", "a1 -> mail", "a2 -> slack", "a2 -> mail"}));
  // After a restart, what the ledger records is not sent again.
  f.done = {{"a1", "slack", false}, {"a2", "mail", false}};
  EXPECT_EQ(pairs(f.plan()), (std::vector<std::string>{"a1 -> mail", "a2 -> slack"}));
}

TEST(DeliveryPlan, RetractionsGoWhereTheAlertWentOnce) {
  Fixture f;
  f.routes = {{{"slack"}, {}, {}, {}, {}, {}}};
  // Delivered to slack and, under an older config, to mail; now unsupported.
  f.report.retracted = {alert("gone", "uptime.breached", "breach", "acme", f.now - 5000)};
  f.done = {{"gone", "slack", false}, {"gone", "mail", false}};
  EXPECT_EQ(pairs(f.plan()), (std::vector<std::string>{"retract gone -> slack", "retract gone -> mail"}));
  f.done.push_back({"gone", "slack", true});
  EXPECT_EQ(pairs(f.plan()), (std::vector<std::string>{"retract gone -> mail"}));
}

// ADR 0037: a sink that had an alert and its retraction is sent it again
// when the ledger supports it again, as its next occurrence; the
// retraction of that occurrence follows the same count.
TEST(DeliveryPlan, AnAlertRaisedAgainAfterItsRetractionIsItsNextOccurrence) {
  Fixture f;
  f.routes = {{{"slack", "mail"}, {}, {}, {}, {}, {}}};
  Alert warn = alert("w", "uptime.budget_warning", "warning", "acme", f.now - 1000);
  f.report.alerts = {warn};
  f.done = {{"w", "slack", false}, {"w", "slack", true}, {"w", "mail", false}};
  auto plan = f.plan();
  ASSERT_EQ(pairs(plan), (std::vector<std::string>{"w -> slack"}));  // mail shows it still
  EXPECT_EQ(plan[0].occurrence, 2);
  EXPECT_FALSE(plan[0].retraction);
  f.done.push_back({"w", "slack", false});
  EXPECT_TRUE(f.plan().empty());
  // Withdrawn again: both sinks show it, each is told, with the occurrence it withdraws.
  f.report.alerts.clear();
  f.report.retracted = {warn};
  plan = f.plan();
  ASSERT_EQ(pairs(plan), (std::vector<std::string>{"retract w -> slack", "retract w -> mail"}));
  EXPECT_EQ(plan[0].occurrence, 2);
  EXPECT_EQ(plan[1].occurrence, 1);
  f.done.push_back({"w", "slack", true});
  f.done.push_back({"w", "mail", true});
  EXPECT_TRUE(f.plan().empty());
}

// Each occurrence is recorded under an id of its own, so the ledger keeps
// them all; the first keeps the id earlier ledgers have.
TEST(DeliveryPlan, EachOccurrenceIsRecordedUnderItsOwnId) {
  Alert warn = alert("uptime.budget_warning:acme:2026-10", "uptime.budget_warning", "warning", "acme", 0);
  auto id = [&](int occurrence, bool retraction) {
    PlannedDelivery d{warn, "slack", retraction, false, 0, occurrence};
    return nlohmann::json::parse(serve::delivered_line(d, "ok", 0, false))["id"].get<std::string>();
  };
  EXPECT_EQ(id(1, false), "vow:alert:uptime.budget_warning:acme:2026-10:slack");
  EXPECT_EQ(id(1, true), "vow:alert:uptime.budget_warning:acme:2026-10:retraction:slack");
  EXPECT_EQ(id(2, false), "vow:alert:uptime.budget_warning:acme:2026-10#2:slack");
  EXPECT_EQ(id(2, true), "vow:alert:uptime.budget_warning:acme:2026-10#2:retraction:slack");
}

TEST(DeliveryPlan, AnAlertKnownMoreThanAMinuteAfterItsInstantIsLate) {
  Fixture f;
  f.routes = {{{"slack"}, {}, {}, {}, {}, {}}};
  f.report.alerts = {alert("on-time", "clock.breached", "breach", "acme", f.now - 60'000),
                     alert("late", "clock.breached", "breach", "acme", f.now - 60'001)};
  auto plan = f.plan();
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_FALSE(plan[0].late);
  EXPECT_TRUE(plan[1].late);
  EXPECT_EQ(plan[1].late_by, 60'001);
}

}  // namespace
}  // namespace vow
