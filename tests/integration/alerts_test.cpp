// `vow alerts` on a real SQLite ledger: the shape of docs/alerts.md, the
// filters, and agreement with `vow status` at every instant it is asked.
#include <nlohmann/json.hpp>
#include <set>

#include "helpers.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const char* kRules =
    "calendar \"ny\" { timezone = \"America/New_York\", hours = { weekdays = \"09:00-18:00\" } }\n"
    "tier \"gold\" { warn_at = { 0.8, 0.9 }, escalate = { P1 = { after = \"0m\", to = \"cto\" } } }\n"
    "contract \"acme\" { name = \"Acme Corp\", monthly_fee = 100, tier = \"gold\",\n"
    "  escalate = { P3 = { { after = \"0m\", to = \"support-manager\" }, { after = \"2h\", to = \"eng-lead\" } } },\n"
    "  response = { P1 = hours(1), P2 = hours(4), P3 = { target = hours(8), calendar = \"ny\" } } }\n"
    "contract \"beta\" { monthly_fee = 100, response = { P1 = hours(1) }, resolution = { P1 = hours(2) } }\n";

std::string event(const std::string& id, const std::string& type, const std::string& at, const std::string& rest) {
  return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"at\":\"" + at + "\"," + rest + "}\n";
}

// T-1: P3 on Friday 10:00 EDT, 8 business hours, never answered.
// T-2: P2 at 08:00, P1 at 08:55 (55 of 60 minutes: past 80% and 90% at once).
// B-1 (beta): P1 at 08:00, answered 08:30, pending 09:00-10:00, solved 11:00.
std::string events() {
  return event("1", "ticket.opened", "2026-10-16T14:00:00Z",
               "\"ticket\":\"T-1\",\"customer\":\"acme\",\"priority\":\"P3\"") +
         event("2", "ticket.opened", "2026-10-05T08:00:00Z",
               "\"ticket\":\"T-2\",\"customer\":\"acme\",\"priority\":\"P2\"") +
         event("3", "ticket.priority_changed", "2026-10-05T08:55:00Z", "\"ticket\":\"T-2\",\"priority\":\"P1\"") +
         event("4", "ticket.opened", "2026-10-05T08:00:00Z",
               "\"ticket\":\"B-1\",\"customer\":\"beta\",\"priority\":\"P1\"") +
         event("5", "ticket.replied", "2026-10-05T08:30:00Z", "\"ticket\":\"B-1\",\"author\":\"agent\"") +
         event("6", "ticket.status_changed", "2026-10-05T09:00:00Z", "\"ticket\":\"B-1\",\"status\":\"pending\"") +
         event("7", "ticket.status_changed", "2026-10-05T10:00:00Z", "\"ticket\":\"B-1\",\"status\":\"open\"") +
         event("8", "ticket.status_changed", "2026-10-05T11:00:00Z", "\"ticket\":\"B-1\",\"status\":\"solved\"");
}

fs::path ledger(const std::string& name) {
  auto dir = project(name, kRules);
  write(dir / "e.ndjson", events());
  auto r = run_vow(dir, "ingest e.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  return dir;
}

std::vector<std::pair<std::string, std::string>> ids_and_instants(const json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& a : j["alerts"]) out.emplace_back(a["id"], a["at"]);
  return out;
}

}  // namespace

// B-1's resolution: 60 min to the pause at 09:00, held until 10:00; 80% of
// 2 h (96 min) comes 36 min after, 10:36, 90% at 10:48; solved at 11:00,
// exactly at its 2 h: met, no breach. Compliance (target 0.95): T-2's
// breach at 09:00 makes acme's October P1 response rate 0/1 just after
// 09:00, T-1's at 10-19 13:00 its P3 rate 0/1; beta met everything.
TEST(Alerts, ListsEveryClockAlertInOrderWithStableIds) {
  auto dir = ledger("alerts-json");
  auto r = run_vow(dir, "alerts --as-of 2026-10-20T00:00:00Z");
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  EXPECT_EQ(j["as_of"], "2026-10-20T00:00:00Z");
  EXPECT_TRUE(j["since"].is_null());
  EXPECT_EQ(j["retracted"], json::array());
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(ids_and_instants(j), (std::vector<P>{
                                     {"clock.warning:acme:T-2:response:1:0.8", "2026-10-05T08:55:00Z"},
                                     {"clock.warning:acme:T-2:response:1:0.9", "2026-10-05T08:55:00Z"},
                                     {"clock.breached:acme:T-2:response:1", "2026-10-05T09:00:00Z"},
                                     {"clock.escalated:acme:T-2:response:1:1", "2026-10-05T09:00:00Z"},
                                     {"compliance.below_target:acme:response:P1:2026-10", "2026-10-05T09:00:00Z"},
                                     {"clock.warning:beta:B-1:resolution:1:0.8", "2026-10-05T10:36:00Z"},
                                     {"clock.warning:beta:B-1:resolution:1:0.9", "2026-10-05T10:48:00Z"},
                                     {"clock.warning:acme:T-1:response:1:0.8", "2026-10-16T20:24:00Z"},
                                     {"clock.warning:acme:T-1:response:1:0.9", "2026-10-16T21:12:00Z"},
                                     {"clock.breached:acme:T-1:response:1", "2026-10-19T13:00:00Z"},
                                     {"clock.escalated:acme:T-1:response:1:1", "2026-10-19T13:00:00Z"},
                                     {"compliance.below_target:acme:response:P3:2026-10", "2026-10-19T13:00:00Z"},
                                     {"clock.escalated:acme:T-1:response:1:2", "2026-10-19T15:00:00Z"},
                                 }));
  const json& warning = j["alerts"][0];
  EXPECT_EQ(warning, json::parse(R"({"id": "clock.warning:acme:T-2:response:1:0.8", "kind": "clock.warning",
      "severity": "warning", "customer": "acme", "customer_name": "Acme Corp", "at": "2026-10-05T08:55:00Z", "ticket": "T-2",
      "metric": "response", "cycle": 1, "priority": "P1", "level": 0.8, "deadline": "2026-10-05T09:00:00Z"})"));
  EXPECT_EQ(j["alerts"][2]["severity"], "breach");
  EXPECT_EQ(j["alerts"][2]["priority"], "P1");
  EXPECT_FALSE(j["alerts"][2].contains("level"));
  // escalate merges key by key: P1 from the tier, P3 from the contract.
  EXPECT_EQ(j["alerts"][3], json::parse(R"({"id": "clock.escalated:acme:T-2:response:1:1", "kind": "clock.escalated",
      "severity": "escalation", "customer": "acme", "customer_name": "Acme Corp", "at": "2026-10-05T09:00:00Z", "ticket": "T-2",
      "metric": "response", "cycle": 1, "priority": "P1", "deadline": "2026-10-05T09:00:00Z", "step": 1,
      "to": "cto"})"));
  EXPECT_EQ(j["alerts"][12]["to"], "eng-lead");
  EXPECT_EQ(j["alerts"][12]["deadline"], "2026-10-19T13:00:00Z");
  // The second step is two hours after the breach: not yet at 14:59.
  auto before = json::parse(run_vow(dir, "alerts --as-of 2026-10-19T14:59:59.999Z").out);
  EXPECT_EQ(before["alerts"].size(), 12u);
}

TEST(Alerts, FiltersBySinceCustomerAndTier) {
  auto dir = ledger("alerts-filters");
  auto since = json::parse(run_vow(dir, "alerts --as-of 2026-10-20T00:00:00Z --since 2026-10-16T21:12:00Z").out);
  EXPECT_EQ(since["since"], "2026-10-16T21:12:00Z");
  ASSERT_EQ(since["alerts"].size(), 5u);  // at >= since: the 21:12 warning is in
  EXPECT_EQ(since["alerts"][0]["id"], "clock.warning:acme:T-1:response:1:0.9");
  auto beta = json::parse(run_vow(dir, "alerts --as-of 2026-10-20T00:00:00Z --customer beta").out);
  ASSERT_EQ(beta["alerts"].size(), 2u);
  EXPECT_EQ(beta["alerts"][1]["deadline"], "2026-10-05T11:00:00Z");
  EXPECT_EQ(json::parse(run_vow(dir, "alerts --as-of 2026-10-20T00:00:00Z --tier gold").out)["alerts"].size(), 11u);
  auto bad = run_vow(dir, "alerts --since yesterday");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("--since yesterday: expected an RFC 3339 timestamp"), std::string::npos) << bad.out;
  EXPECT_EQ(run_vow(dir, "alerts --customer nobody").code, 2);
}

TEST(Alerts, MarkdownAndCsvSayTheSame) {
  auto dir = ledger("alerts-formats");
  auto md = run_vow(dir, "alerts --as-of 2026-10-05T09:30:00Z --format md");
  ASSERT_EQ(md.code, 0) << md.out;
  EXPECT_NE(md.out.find("# Alerts as of 2026-10-05T09:30:00Z"), std::string::npos) << md.out;
  EXPECT_NE(
      md.out.find("- 2026-10-05T08:55:00Z **warning** Acme Corp: ticket `T-2` response (cycle 1, P1): 90% of target "
                  "used, due 2026-10-05T09:00:00Z"),
      std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("- 2026-10-05T09:00:00Z **breach** Acme Corp: ticket `T-2` response (cycle 1, P1): breached"),
            std::string::npos)
      << md.out;
  auto csv = run_vow(dir, "alerts --as-of 2026-10-05T09:30:00Z --format csv");
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_EQ(csv.out,
            "id,kind,severity,customer,customer_name,at,ticket,metric,cycle,priority,deadline,level,step,to,period,"
            "term,budget_consumed,rule,long,short,factor,burn_long,burn_short,outage,notice,n,achieved,breached,rate,"
            "job,run,due,retracted\n"
            "clock.warning:acme:T-2:response:1:0.8,clock.warning,warning,acme,Acme Corp,2026-10-05T08:55:00Z,T-2,"
            "response,1,P1,2026-10-05T09:00:00Z,0.8,,,,,,,,,,,,,,,,,,,,,false\n"
            "clock.warning:acme:T-2:response:1:0.9,clock.warning,warning,acme,Acme Corp,2026-10-05T08:55:00Z,T-2,"
            "response,1,P1,2026-10-05T09:00:00Z,0.9,,,,,,,,,,,,,,,,,,,,,false\n"
            "clock.breached:acme:T-2:response:1,clock.breached,breach,acme,Acme Corp,2026-10-05T09:00:00Z,T-2,"
            "response,1,P1,2026-10-05T09:00:00Z,,,,,,,,,,,,,,,,,,,,,,false\n"
            "clock.escalated:acme:T-2:response:1:1,clock.escalated,escalation,acme,Acme Corp,2026-10-05T09:00:00Z,T-2,"
            "response,1,P1,2026-10-05T09:00:00Z,,1,cto,,,,,,,,,,,,,,,,,,,false\n"
            "compliance.below_target:acme:response:P1:2026-10,compliance.below_target,warning,acme,Acme Corp,"
            "2026-10-05T09:00:00Z,,response,,P1,,,,,2026-10,,,,,,,,,,,,0,1,0.0,,,,false\n");
  EXPECT_NE(
      md.out.find("- 2026-10-05T09:00:00Z **escalation** Acme Corp: ticket `T-2` response (cycle 1, P1): escalated to "
                  "cto (step 1), breached at 2026-10-05T09:00:00Z"),
      std::string::npos)
      << md.out;
  EXPECT_EQ(run_vow(dir, "alerts --format html").code, 2);
}

// At every instant asked, a clock `vow status` lists at a warning level has
// that level's warning in `vow alerts`, and a clock it lists as breached has
// its breach; and every breach alert of a clock still running is in status.
TEST(Alerts, AgreeWithStatusAtEveryInstant) {
  auto dir = ledger("alerts-status");
  std::vector<std::string> instants;
  for (int m = 0; m <= 240; m += 3) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-10-05T%02d:%02d:00Z", 7 + m / 60, m % 60);
    instants.push_back(buf);
  }
  for (const char* t : {"2026-10-16T20:23:59Z", "2026-10-16T20:24:00Z", "2026-10-16T21:12:00Z", "2026-10-17T12:00:00Z",
                        "2026-10-19T13:00:00Z", "2026-10-19T13:00:00.001Z"})
    instants.push_back(t);
  int warned = 0, breached = 0;
  for (const auto& t : instants) {
    json status = json::parse(run_vow(dir, "status --as-of " + t).out);
    json alerts = json::parse(run_vow(dir, "alerts --as-of " + t).out);
    std::set<std::string> ids;
    for (const auto& a : alerts["alerts"]) ids.insert(a["id"]);
    for (const auto& c : status["clocks"]) {
      std::string clock =
          std::string(c["customer"]) + ":" + std::string(c["ticket"]) + ":" + std::string(c["metric"]) + ":1";
      if (c["breached"]) {
        ++breached;
        EXPECT_TRUE(ids.count("clock.breached:" + clock)) << t << " " << clock;
      } else {
        ++warned;
        char level[32];
        std::snprintf(level, sizeof level, "%.14g", double(c["level"]));
        EXPECT_TRUE(ids.count("clock.warning:" + clock + ":" + level)) << t << " " << clock << " " << level;
        EXPECT_FALSE(ids.count("clock.breached:" + clock)) << t << " " << clock;
      }
    }
    for (const auto& a : alerts["alerts"])
      if (a["kind"] == "clock.breached") {
        bool listed = false;
        for (const auto& c : status["clocks"])
          listed |= c["ticket"] == a["ticket"] && c["metric"] == a["metric"] && c["breached"] == true;
        EXPECT_TRUE(listed) << t << " " << a["id"];
      }
  }
  EXPECT_GT(warned, 10);
  EXPECT_GT(breached, 10);
}

// `escalate` is checked like every field: the file, the line, the field and
// the nearest valid name.
TEST(Alerts, EscalateMistakesNameFileLineAndField) {
  auto dir = project("alerts-escalate-check",
                     "contract \"acme\" { monthly_fee = 100,\n"
                     "  response = { P1 = hours(1) },\n"
                     "  escalate = {\n"
                     "    P1 = { { after = \"0m\", to = \"cto\" }, { aftr = \"2h\", to = \"vp\" } },\n"
                     "    P2 = { after = \"soon\", to = \"\" },\n"
                     "  },\n"
                     "  escalte = {},\n"
                     "}\n");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78) << r.out;
  for (const char* line :
       {"rules/acme.lua:4: contract \"acme\": field \"escalate.P1.2.aftr\" is unknown (did you mean \"after\"?)",
        "rules/acme.lua:4: contract \"acme\": field \"escalate.P1.2.after\" is required",
        // The line of a leaf written twice ("after", "to") is where it is
        // first written: a limit of the line lookup, shared by every field.
        "contract \"acme\": field \"escalate.P2.after\": \"soon\" is not a duration",
        "contract \"acme\": field \"escalate.P2.to\" must name who hears of it",
        "rules/acme.lua:7: contract \"acme\": unknown field \"escalte\" (did you mean \"escalate\"?)"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
}
