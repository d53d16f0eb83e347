// What `vow serve` evaluates again after events arrive (ADR 0036): the
// customers Engine::take_touched() names, and Engine::alerts for those
// customers alone, which must be exactly their part of every alert.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "vow/engine.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

const char* kRules = R"(
contract "c0" { monthly_fee = 1000, uptime = { target = 99.9, services = { "api" } },
  burn_alerts = { { long = "1h", short = "10m", factor = 10, severity = "page" } },
  response = { P1 = hours(1), P2 = hours(4) }, resolution = { P1 = hours(8), P2 = hours(48) },
  escalate = { P1 = { { after = "0m", to = "support-manager" }, { after = "2h", to = "engineering-lead" } } },
  communications = { initial = minutes(15), update_every = hours(1) } }
contract "c1" { monthly_fee = 500, timezone = "America/New_York", uptime = { target = 99.5, services = { "web" } },
  response = { P2 = hours(8) } }
contract "c2" { monthly_fee = 800, timezone = "Asia/Tokyo", resolution = { P1 = hours(4), P2 = days(2) },
  uptime = { target = 99.0, services = { "api", "web" } } }
contract "c3" { monthly_fee = 100, response = { P1 = minutes(30), P2 = hours(2) } }
contract "eu:c4" { name = "Colon GmbH", monthly_fee = 100, response = { P1 = minutes(30) } }
)";

std::string line(const std::string& id, const std::string& type, const std::string& at, const std::string& rest) {
  return R"({"id":")" + id + R"(","type":")" + type + R"(","at":")" + at + "\"" + rest + "}\n";
}

// October: tickets of the four customers (some answered late, some never),
// outages of both services, notices sent and not, and deliveries of some
// alerts, one of them an alert that never existed (so retracted).
std::string events() {
  std::mt19937 rng(11);
  std::string out;
  const Instant hour = 3'600'000;
  Instant t = *parse_instant("2026-10-01T00:00:00Z");
  for (int n = 0; n < 300; ++n, t += hour * static_cast<Instant>(1 + rng() % 4)) {
    std::string tk = R"(,"ticket":"T)" + std::to_string(n) + "\"";
    out +=
        line("o" + std::to_string(n), "ticket.opened", format_instant(t),
             tk + R"(,"customer":"c)" + std::to_string(n % 4) + R"(","priority":")" + (rng() % 3 ? "P2" : "P1") + "\"");
    if (rng() % 4)
      out += line("r" + std::to_string(n), "ticket.replied",
                  format_instant(t + 600'000 * static_cast<Instant>(1 + rng() % 60)), tk + R"(,"author":"agent")");
  }
  for (int n = 0; n < 8; ++n) {
    std::string day = "2026-10-" + std::to_string(10 + 2 * n);
    std::string o = R"(,"outage":"u)" + std::to_string(n) + "\"";
    out += line("us" + std::to_string(n), "outage.started", day + "T10:00:00Z",
                o + R"(,"service":")" + (n % 2 ? "web" : "api") + "\"");
    out += line("ue" + std::to_string(n), "outage.ended", day + "T1" + std::to_string(1 + n % 3) + ":00:00Z", o);
    if (n % 3)
      out += line("un" + std::to_string(n), "incident.notified", day + "T10:20:00Z",
                  o + R"(,"customer":"c0","kind":"initial")");
  }
  auto delivered = [&](const std::string& id, const std::string& alert) {
    out += line(id, "alert.delivered", "2026-10-20T00:00:00Z",
                R"(,"alert":")" + alert + R"(","sink":"hook","reference":")" + id + "\"");
  };
  delivered("d1", "clock.breached:c1:T1:response:1");    // whether it exists or not, the parts must agree
  delivered("d2", "clock.breached:c3:NOPE:response:1");  // no such alert: retracted
  delivered("d3", "uptime.breached:c2:2026-10");
  // A contract id with ':' in it: its records are its own, not "eu"'s.
  delivered("d4", "clock.breached:eu:c4:NOPE:response:1");
  return out;
}

std::string ids(const std::vector<Alert>& alerts, const std::set<std::string>& of) {
  std::string out;
  for (const Alert& a : alerts)
    if (of.empty() || of.count(a.customer)) out += a.id + "@" + format_instant(a.at) + " " + a.severity + "\n";
  return out;
}

void load(Engine& e) {
  e.add_contract_source("rules/c.lua", kRules);
  ASSERT_TRUE(e.finish_contracts().empty());
  auto bad = e.add_events_ndjson(events(), "events.ndjson");
  ASSERT_TRUE(bad.empty()) << bad.front().str();
}

std::set<std::string> touched(Engine& e) {
  Touched t = e.take_touched();
  if (t.all) return {"(all)"};
  return t.customers;
}

}  // namespace

TEST(TouchedAlerts, TheAlertsOfNamedCustomersAreTheirPartOfEveryAlert) {
  Engine e;
  load(e);
  const std::vector<std::set<std::string>> picks{{"c0"}, {"c1"}, {"c2", "c3"}, {"c0", "c1", "c2", "c3"}};
  for (const char* at : {"2026-10-05T12:00:00Z", "2026-10-20T10:30:00Z", "2026-10-31T23:00:00Z"}) {
    Query all;
    all.as_of = *parse_instant(at);
    AlertsReport whole = e.alerts(all);
    ASSERT_FALSE(whole.alerts.empty()) << at;
    for (const auto& pick : picks) {
      Query q = all;
      q.customers.assign(pick.begin(), pick.end());
      AlertsReport part = e.alerts(q);
      EXPECT_EQ(ids(part.alerts, {}), ids(whole.alerts, pick)) << at;
      EXPECT_EQ(ids(part.retracted, {}), ids(whole.retracted, pick)) << at;
      std::size_t records = 0;
      for (const auto& d : whole.deliveries) records += pick.count(d.alert.substr(d.alert.find(':') + 1, 2));
      EXPECT_EQ(part.deliveries.size(), records) << at;
    }
  }
  // The retraction and the kinds this covers, so that the comparison means something.
  Query late;
  late.as_of = *parse_instant("2026-10-31T23:00:00Z");
  AlertsReport r = e.alerts(late);
  EXPECT_NE(ids(r.retracted, {}).find("clock.breached:c3:NOPE:response:1@2026-10-20T00:00:00Z breach\n"),
            std::string::npos);
  // Named alone, the contract whose id holds ':' has its record and its retraction.
  Query colon = late;
  colon.customers = {"eu:c4"};
  AlertsReport c4 = e.alerts(colon);
  EXPECT_EQ(c4.deliveries.size(), 1u);
  ASSERT_EQ(c4.retracted.size(), 1u);
  EXPECT_EQ(c4.retracted[0].customer, "eu:c4");
  EXPECT_EQ(c4.retracted[0].customer_name, "Colon GmbH");
  std::set<std::string> kinds;
  for (const Alert& a : r.alerts) kinds.insert(a.kind);
  for (const char* k :
       {"clock.warning", "clock.breached", "clock.escalated", "uptime.breached", "uptime.burn_rate", "notice.overdue"})
    EXPECT_TRUE(kinds.count(k)) << k;
}

TEST(TouchedAlerts, TakeTouchedNamesTheCustomersOfTheEventsAdded) {
  Engine e;
  load(e);
  EXPECT_EQ(touched(e), std::set<std::string>{"(all)"});  // the first time
  EXPECT_EQ(touched(e), std::set<std::string>{});         // nothing since

  auto add = [&](const std::string& ndjson) {
    auto bad = e.add_events_ndjson(ndjson, "more.ndjson");
    ASSERT_TRUE(bad.empty()) << bad.front().str();
  };
  // A reply to c1's ticket T1 names c1 (the customer of its opening).
  add(line("x1", "ticket.replied", "2026-11-01T00:00:00Z", R"(,"ticket":"T1","author":"agent")"));
  EXPECT_EQ(touched(e), std::set<std::string>{"c1"});
  // A new ticket earlier than its customer's last, and a notice.
  add(line("x2", "ticket.opened", "2026-10-02T00:00:00Z", R"(,"ticket":"N1","customer":"c2","priority":"P1")") +
      line("x3", "incident.notified", "2026-10-12T10:30:00Z", R"(,"outage":"u1","customer":"c0","kind":"update")"));
  EXPECT_EQ(touched(e), (std::set<std::string>{"c0", "c2"}));
  // A delivery record names its customer: what its sinks show changed
  // (the plan, a retraction), also for an id with ':' in it.
  add(line("x4", "alert.delivered", "2026-11-01T00:00:00Z",
           R"(,"alert":"clock.breached:c0:T0:response:1","sink":"hook","reference":"r")") +
      line("x4b", "alert.delivered", "2026-11-01T00:00:00Z",
           R"(,"alert":"clock.warning:eu:c4:T9:response:1:0.8","sink":"hook","reference":"r")"));
  EXPECT_EQ(touched(e), (std::set<std::string>{"c0", "eu:c4"}));
  // An outage of a whole service: every contract may be of it.
  add(line("x5", "outage.started", "2026-11-02T00:00:00Z", R"(,"outage":"u9","service":"api")"));
  EXPECT_EQ(touched(e), std::set<std::string>{"(all)"});
  // One that names its customers names them.
  add(line("x6", "outage.started", "2026-11-03T00:00:00Z",
           R"(,"outage":"u10","service":"web","customers":["c1","c3"])"));
  EXPECT_EQ(touched(e), (std::set<std::string>{"c1", "c3"}));
  // The same outage again, naming fewer: those it named before lose it.
  add(line("x6b", "outage.started", "2026-11-02T23:00:00Z", R"(,"outage":"u10","service":"web","customers":["c1"])"));
  EXPECT_EQ(touched(e), std::set<std::string>{"(all)"});
  // An outage that existed before the first take_touched is known too.
  add(line("x6c", "outage.started", "2026-10-10T09:00:00Z", R"(,"outage":"u0","service":"api","customers":["c0"])"));
  EXPECT_EQ(touched(e), std::set<std::string>{"(all)"});
  // sli.counted windows (1.1): the customers they name, or all without a list.
  add(line("x8", "sli.counted", "2026-11-04T00:01:00Z",
           R"(,"sli":"api","start":"2026-11-04T00:00:00Z","end":"2026-11-04T00:01:00Z","good":9,"total":10,)"
           R"("customers":["c2","c3"])"));
  EXPECT_EQ(touched(e), (std::set<std::string>{"c2", "c3"}));
  add(line("x9", "sli.counted", "2026-11-04T00:02:00Z",
           R"(,"sli":"api","start":"2026-11-04T00:01:00Z","end":"2026-11-04T00:02:00Z","good":9,"total":10)"));
  EXPECT_EQ(touched(e), std::set<std::string>{"(all)"});
  // An event earlier than its ticket's first makes the index rebuild: not known.
  add(line("x7", "ticket.replied", "2026-09-01T00:00:00Z", R"(,"ticket":"T5","author":"agent")"));
  EXPECT_EQ(touched(e), std::set<std::string>{"(all)"});
}

TEST(TouchedAlerts, DeliveryRecordsAddedLaterAreTheNamedCustomersToo) {
  Engine e;
  load(e);
  Query all;
  all.as_of = *parse_instant("2026-11-05T00:00:00Z");
  e.alerts(all);  // indexed: what follows is added to the index, not built with it
  auto add = [&](const std::string& ndjson) {
    auto bad = e.add_events_ndjson(ndjson, "more.ndjson");
    ASSERT_TRUE(bad.empty()) << bad.front().str();
  };
  auto record = [](const std::string& id, const std::string& at, const std::string& alert) {
    return line(id, "alert.delivered", at, R"(,"alert":")" + alert + R"(","sink":"hook","reference":")" + id + "\"");
  };
  auto agree = [&](const char* when) {
    AlertsReport whole = e.alerts(all);
    for (const std::set<std::string>& pick : std::vector<std::set<std::string>>{{"c0"}, {"c3"}, {"eu:c4"}}) {
      Query q = all;
      q.customers.assign(pick.begin(), pick.end());
      AlertsReport part = e.alerts(q);
      EXPECT_EQ(ids(part.retracted, {}), ids(whole.retracted, pick)) << when;
      std::string theirs, expected;
      for (const auto& d : part.deliveries) theirs += d.alert + "\n";
      for (const auto& d : whole.deliveries)
        for (const std::string& c : pick)
          if (d.alert.find(":" + c + ":") != std::string::npos) expected += d.alert + "\n";
      EXPECT_EQ(theirs, expected) << when;
    }
  };
  // In order after the last record (appended), then one earlier (indexed anew).
  add(record("y1", "2026-11-01T00:00:00Z", "clock.breached:c3:NOPE2:response:1") +
      record("y2", "2026-11-02T00:00:00Z", "clock.breached:eu:c4:NOPE3:response:1"));
  agree("appended");
  add(record("y3", "2026-10-25T00:00:00Z", "clock.breached:c0:NOPE4:response:1"));
  agree("out of order");
  Query c3 = all;
  c3.customers = {"c3"};
  EXPECT_EQ(e.alerts(c3).deliveries.size(), 2u);  // d2 and y1
}
