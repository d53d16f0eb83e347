// Which alert goes to which sink: routes, what the ledger says was
// delivered, retractions and lateness (docs/alerts.md, "Delivery").
#include "serve/delivery_plan.hpp"

#include <gtest/gtest.h>

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
  f.done = {{"gone", "slack", false}, {"gone", "mail", false}, {"gone", "slack", false}};
  EXPECT_EQ(pairs(f.plan()), (std::vector<std::string>{"retract gone -> slack", "retract gone -> mail"}));
  f.done.push_back({"gone", "slack", true});
  EXPECT_EQ(pairs(f.plan()), (std::vector<std::string>{"retract gone -> mail"}));
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
