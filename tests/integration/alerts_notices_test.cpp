// `vow alerts` on a real SQLite ledger: notice.overdue,
// compliance.below_target, alert.delivered and retraction after late
// events. Expected instants are worked out in the comments.
#include <nlohmann/json.hpp>

#include "helpers.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const char* kRules =
    "contract \"acme\" { name = \"Acme Corp\", monthly_fee = 100,\n"
    "  communications = { initial = minutes(15), update_every = minutes(30), postmortem = days(5) },\n"
    "  response = { P1 = hours(1) }, warn_at = {} }\n"
    "contract \"beta\" { monthly_fee = 100, response = { P1 = hours(1) } }\n";

std::string event(const std::string& id, const std::string& type, const std::string& at, const std::string& rest) {
  return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"at\":\"" + at + "\"," + rest + "}\n";
}

std::string delivered(const std::string& id, const std::string& at, const std::string& alert, bool retraction = false) {
  return event(id, "alert.delivered", at,
               "\"alert\":\"" + alert + "\",\"sink\":\"pager\",\"reference\":\"PD-" + id + "\"" +
                   (retraction ? ",\"retraction\":true" : ""));
}

// No uptime term: the outage names acme in `customers`, and no uptime
// kind can add to the lists; no warn_at levels, so no clock warnings. Outage o1 on api from 10:00, for acme; initial
// notice at 10:10 (due 10:15: met). It opens update gap 1, due 10:40. Ticket T-1 (P1, 1 h) opened 08:00, unanswered:
// breaches at 09:00, and with it acme's P1 response rate for October is 0/1.
std::string first_events() {
  return event("o1s", "outage.started", "2026-10-02T10:00:00Z",
               "\"outage\":\"o1\",\"service\":\"api\",\"customers\":[\"acme\"]") +
         event("n1", "incident.notified", "2026-10-02T10:10:00Z",
               "\"outage\":\"o1\",\"customer\":\"acme\",\"kind\":\"initial\"") +
         event("t1", "ticket.opened", "2026-10-02T08:00:00Z",
               "\"ticket\":\"T-1\",\"customer\":\"acme\",\"priority\":\"P1\"");
}

std::vector<std::pair<std::string, std::string>> listed(const json& list) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& a : list) out.emplace_back(a["id"], a["at"]);
  return out;
}

using P = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST(AlertsNotices, OverdueNoticesAndComplianceBelowTarget) {
  auto dir = project("alerts-notices", kRules);
  write(dir / "e.ndjson", first_events());
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto r = run_vow(dir, "alerts --as-of 2026-10-02T11:00:00Z");
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  EXPECT_EQ(listed(j["alerts"]), (P{{"clock.breached:acme:T-1:response:1", "2026-10-02T09:00:00Z"},
                                    {"compliance.below_target:acme:response:P1:2026-10", "2026-10-02T09:00:00Z"},
                                    {"notice.overdue:acme:o1:update:1", "2026-10-02T10:40:00Z"}}));
  EXPECT_EQ(j["alerts"][1], json::parse(R"({"id": "compliance.below_target:acme:response:P1:2026-10",
      "kind": "compliance.below_target", "severity": "warning", "customer": "acme", "customer_name": "Acme Corp",
      "at": "2026-10-02T09:00:00Z", "metric": "response", "priority": "P1", "period": "2026-10",
      "achieved": 0, "breached": 1, "rate": 0.0})"));
  EXPECT_EQ(j["alerts"][2], json::parse(R"({"id": "notice.overdue:acme:o1:update:1", "kind": "notice.overdue",
      "severity": "breach", "customer": "acme", "customer_name": "Acme Corp", "at": "2026-10-02T10:40:00Z",
      "outage": "o1", "notice": "update", "n": 1, "deadline": "2026-10-02T10:40:00Z"})"));
  EXPECT_EQ(j["retracted"], json::array());
  // At 10:40 itself the gap is not yet overdue; at 09:00 the breach is not yet.
  EXPECT_EQ(json::parse(run_vow(dir, "alerts --as-of 2026-10-02T10:40:00Z").out)["alerts"].size(), 2u);
  EXPECT_EQ(json::parse(run_vow(dir, "alerts --as-of 2026-10-02T09:00:00Z").out)["alerts"].size(), 0u);
  auto md = run_vow(dir, "alerts --as-of 2026-10-02T11:00:00Z --format md");
  EXPECT_NE(md.out.find("- 2026-10-02T10:40:00Z **breach** Acme Corp: outage `o1`: update notice 1 overdue since "
                        "2026-10-02T10:40:00Z"),
            std::string::npos)
      << md.out;
}

// The three alerts above are delivered at 11:01. Then late events come:
// the outage ended at 10:30 (before gap 1's deadline, 10:40: met), and an
// agent answered T-1 at 08:50 (before its 09:00 deadline: achieved, so
// October's P1 rate is 1/1). No alert remains; the three delivered ones
// are retracted, each at its delivery. The outage's postmortem is due
// 10:30 + 5 days, not yet as of 11:30.
TEST(AlertsNotices, LateEventsRetractDeliveredAlerts) {
  auto dir = project("alerts-retraction", kRules);
  write(dir / "e.ndjson", first_events());
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  write(dir / "d.ndjson",
        delivered("d1", "2026-10-02T11:01:00Z", "clock.breached:acme:T-1:response:1") +
            delivered("d2", "2026-10-02T11:01:00Z", "compliance.below_target:acme:response:P1:2026-10") +
            delivered("d3", "2026-10-02T11:01:00Z", "notice.overdue:acme:o1:update:1"));
  ASSERT_EQ(run_vow(dir, "ingest d.ndjson").code, 0);
  // Delivered and still supported: listed normally, nothing retracted.
  json before = json::parse(run_vow(dir, "alerts --as-of 2026-10-02T11:30:00Z").out);
  EXPECT_EQ(before["alerts"].size(), 3u);
  EXPECT_EQ(before["retracted"], json::array());

  write(dir / "late.ndjson",
        event("o1e", "outage.ended", "2026-10-02T10:30:00Z", "\"outage\":\"o1\"") +
            event("t1r", "ticket.replied", "2026-10-02T08:50:00Z", "\"ticket\":\"T-1\",\"author\":\"agent\""));
  ASSERT_EQ(run_vow(dir, "ingest late.ndjson").code, 0);
  auto r = run_vow(dir, "alerts --as-of 2026-10-02T11:30:00Z");
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  EXPECT_EQ(j["alerts"], json::array());
  EXPECT_EQ(listed(j["retracted"]), (P{{"clock.breached:acme:T-1:response:1", "2026-10-02T11:01:00Z"},
                                       {"compliance.below_target:acme:response:P1:2026-10", "2026-10-02T11:01:00Z"},
                                       {"notice.overdue:acme:o1:update:1", "2026-10-02T11:01:00Z"}}));
  EXPECT_EQ(j["retracted"][2]["kind"], "notice.overdue");
  EXPECT_EQ(j["retracted"][2]["severity"], "breach");
  EXPECT_EQ(j["retracted"][2]["customer"], "acme");
  EXPECT_EQ(j["retracted"][2]["customer_name"], "Acme Corp");
  // Before the deliveries there is nothing to retract; --since does not
  // hide a retraction; another customer's selection does.
  EXPECT_EQ(json::parse(run_vow(dir, "alerts --as-of 2026-10-02T11:00:00Z").out)["retracted"], json::array());
  EXPECT_EQ(
      json::parse(run_vow(dir, "alerts --as-of 2026-10-02T11:30:00Z --since 2026-10-02T11:20:00Z").out)["retracted"]
          .size(),
      3u);
  EXPECT_EQ(json::parse(run_vow(dir, "alerts --as-of 2026-10-02T11:30:00Z --customer beta").out)["retracted"],
            json::array());
  // Once the sink has had each retraction, nothing is left to retract.
  write(dir / "r.ndjson",
        delivered("r1", "2026-10-02T11:40:00Z", "clock.breached:acme:T-1:response:1", true) +
            delivered("r2", "2026-10-02T11:40:00Z", "compliance.below_target:acme:response:P1:2026-10", true) +
            delivered("r3", "2026-10-02T11:40:00Z", "notice.overdue:acme:o1:update:1", true));
  ASSERT_EQ(run_vow(dir, "ingest r.ndjson").code, 0);
  EXPECT_EQ(json::parse(run_vow(dir, "alerts --as-of 2026-10-02T11:39:00Z").out)["retracted"].size(), 3u);
  EXPECT_EQ(json::parse(run_vow(dir, "alerts --as-of 2026-10-02T12:00:00Z").out)["retracted"], json::array());
  // The csv marks retracted rows.
  auto csv = run_vow(dir, "alerts --as-of 2026-10-02T11:39:00Z --format csv");
  EXPECT_NE(csv.out.find("notice.overdue:acme:o1:update:1,notice.overdue,breach,acme,Acme Corp,2026-10-02T11:01:00Z,"),
            std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find(",true\n"), std::string::npos) << csv.out;
}

// A late notice with `at` before the deadline: the update gap was never
// overdue. Notice at 10:35 for gap 1 (due 10:40), ingested after the
// alert was asked for as of 11:00.
TEST(AlertsNotices, ALateNoticeOnTimeWasNeverOverdue) {
  auto dir = project("alerts-late-notice", kRules);
  write(dir / "e.ndjson", first_events());
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  write(dir / "d.ndjson", delivered("d1", "2026-10-02T10:45:00Z", "notice.overdue:acme:o1:update:1"));
  ASSERT_EQ(run_vow(dir, "ingest d.ndjson").code, 0);
  write(dir / "late.ndjson", event("n2", "incident.notified", "2026-10-02T10:35:00Z",
                                   "\"outage\":\"o1\",\"customer\":\"acme\",\"kind\":\"update\""));
  ASSERT_EQ(run_vow(dir, "ingest late.ndjson").code, 0);
  json j = json::parse(run_vow(dir, "alerts --as-of 2026-10-02T11:00:00Z").out);
  // Gap 2 opens at 10:35, due 11:05: not yet past at 11:00.
  EXPECT_EQ(listed(j["alerts"]), (P{{"clock.breached:acme:T-1:response:1", "2026-10-02T09:00:00Z"},
                                    {"compliance.below_target:acme:response:P1:2026-10", "2026-10-02T09:00:00Z"}}));
  EXPECT_EQ(listed(j["retracted"]), (P{{"notice.overdue:acme:o1:update:1", "2026-10-02T10:45:00Z"}}));
}

// alert.delivered lines are checked like every event: the file, the line,
// the column and the field.
TEST(AlertsNotices, ABadDeliveryLineIsRefusedNamingFileLineAndField) {
  auto dir = project("alerts-bad-delivery", kRules);
  write(dir / "bad.ndjson",
        delivered("d1", "2026-10-02T11:01:00Z", "clock.breached:acme:T-1:response:1") +
            event("d2", "alert.delivered", "2026-10-02T11:02:00Z",
                  "\"alert\":\"clock.breached:acme:T-1:response:1\",\"sink\":\"pager\",\"retraction\":\"yes\"") +
            event("d3", "alert.delivered", "2026-10-02T11:03:00Z", "\"alert\":\"x\",\"Sink\":\"pager\""));
  auto r = run_vow(dir, "ingest bad.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("bad.ndjson:2:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("field \"retraction\" must be true or false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.ndjson:3:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing field \"sink\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did you mean \"sink\"?"), std::string::npos) << r.out;
}
