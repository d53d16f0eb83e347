// The HTML report's structure, read from the page `vow` writes: bar colours
// follow the account's status, a 0% bar is drawn and differs from "no
// tickets", accounts are ranked as "Accounts to look at" ranks them, charts
// are titled by name, and the customer's cut speaks plainly and lists the
// incidents that affected the customer. What a browser shows is checked in
// html_report.sh.
#include <nlohmann/json.hpp>
#include <regex>

#include "helpers.hpp"

using namespace vowtest;
using nlohmann::json;

namespace {

const char* kRules = R"lua(
tier "gold" {
  uptime = { target = 99.0, services = { "api" } },
  response = { P1 = hours(1), P2 = hours(1) },
}
contract "acme" { name = "Acme Corp", tier = "gold", monthly_fee = 1000 }
contract "beta" {
  name = "Beta Ltd", tier = "gold", monthly_fee = 1000,
  communications = { initial = minutes(15), update_every = minutes(30), postmortem = days(5) },
}
contract "gamma" { name = "Gamma Inc", tier = "gold", monthly_fee = 1000 }
)lua";

// acme: every uptime target met, but its one October P1 ticket was answered
// late (0%), so it is red. beta: a day-long outage, red on uptime. gamma: a
// three-hour outage inside its budget, green, with a smaller uptime margin
// than acme's. September gives the trend a period where acme's P2 had a
// ticket; October has none.
const char* kEvents =
    R"({"id":"1","type":"ticket.opened","at":"2026-09-10T10:00:00Z","ticket":"t1","customer":"acme","priority":"P1"}
{"id":"2","type":"ticket.replied","at":"2026-09-10T10:20:00Z","ticket":"t1","author":"agent"}
{"id":"3","type":"ticket.opened","at":"2026-09-11T10:00:00Z","ticket":"t2","customer":"acme","priority":"P2"}
{"id":"4","type":"ticket.replied","at":"2026-09-11T10:10:00Z","ticket":"t2","author":"agent"}
{"id":"5","type":"ticket.opened","at":"2026-10-10T10:00:00Z","ticket":"t3","customer":"acme","priority":"P1"}
{"id":"6","type":"ticket.replied","at":"2026-10-10T13:00:00Z","ticket":"t3","author":"agent"}
{"id":"7","type":"outage.started","at":"2026-10-05T00:00:00Z","outage":"ob","service":"api","customers":["beta"],"title":"API unreachable"}
{"id":"8","type":"incident.notified","at":"2026-10-05T00:05:00Z","outage":"ob","customer":"beta","kind":"initial"}
{"id":"9","type":"incident.notified","at":"2026-10-05T00:30:00Z","outage":"ob","customer":"beta","kind":"update"}
{"id":"10","type":"outage.ended","at":"2026-10-06T00:00:00Z","outage":"ob"}
{"id":"11","type":"outage.started","at":"2026-10-07T10:00:00Z","outage":"og","service":"api","customers":["gamma"]}
{"id":"12","type":"outage.ended","at":"2026-10-07T13:00:00Z","outage":"og"}
)";

const char* kReport = "report --period 2026-10 --as-of 2026-11-02T00:00:00Z";

fs::path portfolio(const std::string& name) {
  auto dir = project(name, kRules);
  write(dir / "e.ndjson", kEvents);
  auto r = run_vow(dir, "ingest e.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  return dir;
}

std::string html_of(const fs::path& dir, const std::string& extra = "") {
  auto r = run_vow(dir, std::string(kReport) + " --format html" + extra);
  EXPECT_EQ(r.code, 0) << r.out.substr(0, 500);
  return r.out;
}

json json_of(const fs::path& dir, const std::string& extra = "") {
  auto r = run_vow(dir, std::string(kReport) + extra);
  EXPECT_EQ(r.code, 0) << r.out.substr(0, 500);
  return json::parse(r.out);
}

std::vector<std::smatch> all(const std::string& text, const std::string& pattern) {
  std::vector<std::smatch> out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(*it);
  return out;
}

// One element by id, up to its closing tag (the page nests no element of the same tag inside).
std::string element(const std::string& page, const std::string& tag, const std::string& id) {
  auto at = page.find("<" + tag + " id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  return page.substr(at, page.find("</" + tag + ">", at) - at);
}

// What a reader sees: the body without tags, styles or scripts.
std::string visible_text(const std::string& page) {
  std::string body = page.substr(std::min(page.size(), page.find("<body>")));
  body = std::regex_replace(body, std::regex("<script[\\s\\S]*?</script>|<title>[^<]*</title>"), " ");
  body = std::regex_replace(body, std::regex("<[^>]*>"), " ");
  return std::regex_replace(body, std::regex("&ndash;"), "-");
}

std::string colour(const std::string& status) {
  return status == "red" ? "#c0392b" : status == "yellow" ? "#d4a017" : "#2e8b57";
}

}  // namespace

TEST(Html, UptimeBarsTakeTheAccountsStatusColour) {
  auto dir = portfolio("html-colour");
  auto report = json_of(dir);
  auto page = html_of(dir);
  auto chart = element(page, "svg", "uptime-chart");
  auto bars = all(chart, "data-customer=\"([^\"]+)\"[\\s\\S]*?<rect [^>]*fill=\"(#[0-9a-f]+)\"");
  ASSERT_EQ(bars.size(), report["accounts"].size()) << chart;
  bool a_red_account_met_uptime = false;
  for (const auto& a : report["accounts"]) {
    std::string id = a["customer"], status = a["status"];
    a_red_account_met_uptime |= status == "red" && a["uptime"]["met"] == true;
    for (const auto& b : bars) {
      if (b[1] == id) {
        EXPECT_EQ(b[2], colour(status)) << id << " is " << status;
      }
    }
  }
  EXPECT_TRUE(a_red_account_met_uptime) << "the fixture needs an account red on tickets alone";
}

TEST(Html, AZeroPercentBarIsDrawnAndDiffersFromNoTickets) {
  auto dir = portfolio("html-zero");
  auto page = html_of(dir);
  // acme is flagged, so it has a chart of its own; its October P1 response is 0 of 1.
  auto zero = all(page, "<rect class=\"bar zero\"[^>]* height=\"([0-9]+)\"[^>]*><title>2026-10 P1 response: 0\\.0%");
  ASSERT_FALSE(zero.empty()) << page;
  for (const auto& z : zero) EXPECT_GE(std::stoi(z[1]), 3);
  // Its P2 had a ticket in September and none in October: a dash, not a bar.
  EXPECT_FALSE(all(page, "class=\"no-data\"[^>]*>&ndash;<title>2026-10 P2 response: no tickets").empty()) << page;
  EXPECT_TRUE(all(page, "<rect [^>]*><title>2026-10 P2 response").empty());
}

TEST(Html, AccountsAreRankedAsAccountsToLookAtRanksThem) {
  auto dir = portfolio("html-order");
  auto report = json_of(dir);
  std::vector<std::string> expected;
  for (const auto& f : report["flags"]) expected.push_back(f["customer"]);
  std::vector<std::string> greens;
  for (const auto& a : report["accounts"])
    if (a["status"] == "green") greens.push_back(a["customer"]);
  std::sort(greens.begin(), greens.end());
  expected.insert(expected.end(), greens.begin(), greens.end());
  ASSERT_EQ(expected.size(), 3u);
  ASSERT_EQ(expected.front(), "beta");  // a day down is worse than one late ticket
  auto page = html_of(dir);
  for (const auto& [tag, id] : {std::pair{"svg", "uptime-chart"}, std::pair{"table", "accounts"}}) {
    std::vector<std::string> shown;
    for (const auto& m : all(element(page, tag, id), "data-customer=\"([^\"]+)\"")) shown.push_back(m[1]);
    EXPECT_EQ(shown, expected) << id;
  }
}

TEST(Html, NoSelfCheckTextOnAnyPage) {
  auto dir = portfolio("html-selfcheck");
  for (const std::string& extra : {std::string(), std::string(" --audience customer --customer acme")}) {
    auto page = html_of(dir, extra);
    EXPECT_EQ(page.find("charts-"), std::string::npos) << extra;
    EXPECT_EQ(page.find("self-check"), std::string::npos) << extra;
    EXPECT_EQ(page.find("<script"), std::string::npos) << extra;
  }
}

TEST(Html, ChartsAreTitledByNameWithTheIdBeside) {
  auto dir = portfolio("html-titles");
  auto page = html_of(dir);
  EXPECT_NE(page.find("<h3>Acme Corp (acme)</h3><svg id=\"compliance-chart-"), std::string::npos) << page;
  EXPECT_NE(page.find("<h3>gold tier</h3><svg id=\"compliance-chart-"), std::string::npos) << page;
  EXPECT_NE(page.find(">Beta Ltd (beta)</text>"), std::string::npos);
}

TEST(Html, TheCustomersCutSpeaksPlainlyAndListsItsIncidents) {
  auto dir = portfolio("html-customer");
  const std::string cut = " --audience customer --customer beta";
  auto report = json_of(dir, cut);
  ASSERT_EQ(report["incidents"].size(), 1u) << report.dump(1);  // gamma's outage is not beta's
  EXPECT_EQ(report["incidents"][0]["outage"], "ob");
  EXPECT_EQ(report["incidents"][0]["duration_seconds"], 86400.0);
  EXPECT_EQ(report["incidents"][0]["title"], "API unreachable");
  auto page = html_of(dir, cut);
  auto text = visible_text(page);
  EXPECT_TRUE(all(text, "\\b(green|yellow|red|gold)\\b").empty()) << text;
  EXPECT_TRUE(all(text, "\\(\\d+/\\d+\\)|update:|initial:|postmortem:").empty()) << text;
  const auto& update = report["accounts"][0]["communications"]["update"];
  int achieved = update["achieved"], breached = update["breached"];
  ASSERT_GT(breached, 0);
  EXPECT_NE(text.find("Status updates sent on time: " + std::to_string(achieved) + " of " +
                      std::to_string(achieved + breached)),
            std::string::npos)
      << text;
  auto incidents = element(page, "table", "incidents");
  auto rows = all(incidents, "<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>");
  ASSERT_EQ(rows.size(), 1u) << page;
  EXPECT_EQ(rows[0][1], "2026-10-05 00:00 UTC");
  EXPECT_EQ(rows[0][2], "2026-10-06 00:00 UTC");
  EXPECT_EQ(rows[0][3], "24 h");
  EXPECT_EQ(rows[0][4], "api");
  EXPECT_NE(incidents.find("API unreachable"), std::string::npos);
}
