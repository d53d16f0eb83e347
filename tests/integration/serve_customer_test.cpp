// A customer's own page, GET /c/TOKEN (docs/serve.md, docs/adr/0035): the
// example portfolio served, one customer's page read as that customer
// would, its figures compared with what the commands say.
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "serve_process.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const std::string kRead = "read-0123456789abcdef00";
const std::string kIngest = "ingest-0123456789abcdef";
const std::string kPage = "PageTokenForOneCustomer-7f3a9b8e";
const std::string kOtherPage = "AnotherCustomersToken-4d2e1f0a";
// An instant at which `vow status` finds a ticket clock past its deadline (the portfolio's seed is fixed).
const std::string kClock = "2026-11-18T03:00:00Z";
const std::vector<std::string> kTiers = {"enterprise", "mid-market", "standard"};

json command_json(const fs::path& dir, const std::string& args) {
  std::string cmd = "cd '" + dir.string() + "' && '" + vow_binary() + "' " + args + " 2>/dev/null";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return json::parse(out);
}

// The example portfolio, generated and stored once; its folder mirrors the
// checkout (its vow.toml reads ../../rules).
struct Portfolio {
  fs::path top;
  std::string customer;  // one with a clock at risk at kClock; if there is one, with an incident and a credit term
  json contracts;        // every account of the month's internal report
  // Each customer's tickets opened by kClock, and whether each is still
  // open then (not solved or closed), read from the events themselves.
  std::map<std::string, std::map<std::string, bool>> tickets;
};

// The events' own account of which tickets are open at kClock: an oracle
// beside the engine's clocks (RFC 3339 UTC text compares as time).
std::map<std::string, std::map<std::string, bool>> tickets_at(const fs::path& ndjson) {
  std::map<std::string, std::string> owner, last_status;
  std::map<std::string, std::string> last_at;
  std::ifstream in(ndjson);
  for (std::string line; std::getline(in, line);) {
    auto e = json::parse(line);
    std::string at = e["at"], type = e["type"];
    if (at > kClock || !e.contains("ticket")) continue;
    std::string t = e["ticket"];
    if (type == "ticket.opened") owner[t] = e["customer"];
    if (type == "ticket.status_changed" && at >= last_at[t]) last_status[t] = e["status"], last_at[t] = at;
  }
  std::map<std::string, std::map<std::string, bool>> out;
  for (const auto& [t, c] : owner) out[c][t] = last_status[t] != "solved" && last_status[t] != "closed";
  return out;
}

const Portfolio& portfolio() {
  static Portfolio p = [] {
    Portfolio out;
    out.top = scratch("customer-portfolio");
    auto dir = out.top / "examples" / "portfolio";
    fs::create_directories(dir);
    fs::copy(VOW_SOURCE_DIR "/examples/portfolio", dir, fs::copy_options::recursive);
    fs::copy(VOW_SOURCE_DIR "/rules", out.top / "rules", fs::copy_options::recursive);
    fs::remove(dir / "vow.db");
    std::string gen = "python3 '" + (dir / "generate.py").string() + "' --out '" + (dir / "e.ndjson").string() + "'";
    EXPECT_EQ(std::system(gen.c_str()), 0);
    EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
    out.tickets = tickets_at(dir / "e.ndjson");
    auto report = command_json(dir, "report --period 2026-11 --as-of " + kClock);
    out.contracts = report["accounts"];
    std::set<std::string> with_clocks, hit;
    std::size_t best = 0;
    auto status = command_json(dir, "status --as-of " + kClock);
    for (const auto& c : status["clocks"]) with_clocks.insert(c["customer"].get<std::string>());
    for (const auto& i : report["incidents"])
      for (const auto& c : i["customers"]) hit.insert(c.get<std::string>());
    for (const auto& a : out.contracts) {
      std::string id = a["customer"];
      if (!with_clocks.count(id)) continue;
      auto score = [&](const std::string& c, const json& acc) { return hit.count(c) * 2 + !acc["credit"].is_null(); };
      if (out.customer.empty() || score(id, a) > best) out.customer = id, best = score(id, a);
    }
    return out;
  }();
  return p;
}

// A copy of the portfolio whose vow.toml has [serve] with a read and an
// ingest token, the chosen customer's page and `extra` (more of [serve]).
fs::path served_portfolio(const std::string& name, const std::string& extra = "") {
  const Portfolio& p = portfolio();
  auto top = scratch(name);
  fs::copy(p.top, top, fs::copy_options::recursive);
  auto dir = top / "examples" / "portfolio";
  std::string toml = slurp(dir / "vow.toml");
  toml += "\n[serve]\nclock = \"" + kClock + "\"\n" + extra + "\n[[serve.tokens]]\nname = \"dash\"\ntoken = \"" +
          kRead + "\"\nscopes = [\"read\"]\n[[serve.tokens]]\nname = \"ci\"\ntoken = \"" + kIngest +
          "\"\nscopes = [\"ingest\"]\n[[serve.customers]]\ncustomer = \"" + p.customer + "\"\ntoken = \"" + kPage +
          "\"\n[[serve.customers]]\ncustomer = \"c000\"\ntoken_env = \"VOW_TEST_OTHER_PAGE\"\n";
  write(dir / "vow.toml", toml);
  return dir;
}

std::vector<std::string> env() {
  return {"VOW_TEST_OTHER_PAGE=" + kOtherPage};
}

bool has_word(const std::string& text, const std::string& word) {
  std::string quoted = std::regex_replace(word, std::regex(R"([.^$|()\[\]{}*+?\\-])"), R"(\$&)");
  return std::regex_search(text, std::regex("(^|[^A-Za-z0-9_-])" + quoted + "($|[^A-Za-z0-9_-])", std::regex::icase));
}

}  // namespace

TEST(ServeCustomerPage, ShowsTheCustomerItsOwnFiguresAndNothingElse) {
  const Portfolio& p = portfolio();
  ASSERT_FALSE(p.customer.empty());
  ASSERT_NE(p.customer, "c000");
  auto dir = served_portfolio("customer-page");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto r = c.Get("/c/" + kPage);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
  const std::string& page = r->body;
  // No inline script or style, which the policy would block anyway.
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("style="), std::string::npos);
  EXPECT_EQ(page.find("<style"), std::string::npos);

  // Its own name and figures, as the commands give them for the same instant.
  auto cut = command_json(dir, "report --period 2026-11 --audience customer --customer " + p.customer + " --as-of " +
                                   kClock)["accounts"][0];
  std::string name = cut["name"];
  EXPECT_TRUE(has_word(page, name)) << name;
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.3f%%", cut["uptime"]["percent"].get<double>());
  EXPECT_NE(page.find(pct), std::string::npos) << pct;
  std::snprintf(pct, sizeof pct, "%.3f%%", cut["uptime"]["target"].get<double>());
  EXPECT_NE(page.find(pct), std::string::npos) << pct;
  EXPECT_NE(page.find("November 2026"), std::string::npos);
  EXPECT_NE(page.find("18 Nov 2026, 03:00 UTC"), std::string::npos);  // as of serve.clock
  // Its open tickets: those at risk by `vow status`, and only tickets the events leave open.
  auto status = command_json(dir, "status --customer " + p.customer + " --as-of " + kClock);
  ASSERT_FALSE(status["clocks"].empty());
  for (const auto& clock : status["clocks"])
    EXPECT_TRUE(has_word(page, clock["ticket"].get<std::string>())) << clock.dump();
  const auto& tickets = p.tickets.at(p.customer);
  int listed = 0;
  for (const auto& [t, open] : tickets) {
    EXPECT_TRUE(!has_word(page, t) || open) << t << " is solved, yet listed";
    listed += has_word(page, t);
  }
  EXPECT_GT(listed, 0) << page;
  static const std::regex ticket_id("T[0-9]{5}");
  for (std::sregex_iterator it(page.begin(), page.end(), ticket_id), end; it != end; ++it)
    EXPECT_TRUE(tickets.count(it->str())) << it->str() << " is another customer's ticket";
  auto credit = cut["credit"];
  if (credit.is_null()) {
    EXPECT_EQ(page.find("Service credits"), std::string::npos);
  } else {
    EXPECT_NE(page.find(credit["amount"].get<std::string>() + " " + credit["currency"].get<std::string>()),
              std::string::npos)
        << credit.dump();
  }
  auto own = command_json(
      dir, "report --period 2026-11 --audience customer --customer " + p.customer + " --as-of " + kClock)["incidents"];
  for (const auto& i : own) EXPECT_NE(page.find(i["title"].get<std::string>()), std::string::npos) << i.dump();
  if (own.empty()) {
    EXPECT_NE(page.find("No incident affected your service this month."), std::string::npos);
  }

  // No other customer, by id or by name; no tier, in the page or its headers.
  ASSERT_EQ(p.contracts.size(), 100u);
  for (const auto& a : p.contracts) {
    if (a["customer"] == p.customer) continue;
    EXPECT_FALSE(has_word(page, a["customer"].get<std::string>())) << a["customer"];
    EXPECT_FALSE(has_word(page, a["name"].get<std::string>())) << a["name"];
  }
  EXPECT_FALSE(has_word(page, p.customer)) << "its own id is an internal word too";
  std::string headers;
  for (const auto& [k, v] : r->headers) headers += k + ": " + v + "\n";
  for (const auto& tier : kTiers) {
    EXPECT_FALSE(has_word(page, tier)) << tier;
    EXPECT_FALSE(has_word(headers, tier)) << tier;
  }
  EXPECT_FALSE(has_word(page, "tier"));
  for (const char* internal : {"green", "yellow", "red", "formula", "flag", "risk", "budget"})
    EXPECT_FALSE(has_word(page, internal)) << internal;

  // Its style sheet, from the server itself.
  auto css = c.Get("/page.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(s.stop(), 0) << s.log_text();
}

TEST(ServeCustomerPage, ATokenOpensOnlyItsOwnPage) {
  auto dir = served_portfolio("customer-tokens");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  // Unknown, a prefix, one more character, another kind's token: the same 404, which says nothing of customers.
  auto missing = c.Get("/c/not-a-token-at-all-0123456789");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(missing->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(missing->body.find("customer"), std::string::npos) << missing->body;
  for (const std::string& path : {"/c/" + kPage.substr(0, kPage.size() - 1), "/c/" + kPage + "x", "/c/" + kRead,
                                  "/c/" + kIngest, std::string("/c/"), "/c/" + kPage + "/"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body, missing->body) << path;
  }
  // A read token does not open a page, in the path or as a header.
  auto with_read = c.Get("/c/not-a-token-at-all-0123456789", bearer(kRead));
  ASSERT_TRUE(with_read);
  EXPECT_EQ(with_read->status, 404);
  // A customer's token opens nothing under /v1.
  for (const std::string& token : {kPage, kOtherPage}) {
    for (const char* path : {"/v1/status", "/v1/report?period=2026-11", "/v1/credits?period=2026-11", "/v1/alerts"}) {
      auto r = c.Get(path, bearer(token));
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 401) << path;
    }
    auto post = c.Post("/v1/events", bearer(token), "", "application/x-ndjson");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->status, 401);
  }
  // The other customer's page (its token from the environment) is its own.
  auto other = c.Get("/c/" + kOtherPage);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  auto names = portfolio().contracts;
  EXPECT_TRUE(has_word(other->body, names[0]["name"].get<std::string>()));
  auto mine = c.Get("/c/" + kPage);
  ASSERT_TRUE(mine);
  EXPECT_FALSE(has_word(mine->body, names[0]["name"].get<std::string>()));
  // Counted under one label, whatever the token.
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("vow_http_requests_total{path=\"/c\",status=\"200\"} 2\n"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("vow_http_requests_total{path=\"/c\",status=\"404\"} 8\n"), std::string::npos)
      << metrics->body;
  EXPECT_EQ(metrics->body.find(kPage), std::string::npos);
  EXPECT_EQ(s.stop(), 0);

  // The log names the customer whose page was read, never a token in the path.
  std::string log = s.log_text();
  EXPECT_EQ(log.find(kPage), std::string::npos);
  EXPECT_EQ(log.find(kOtherPage), std::string::npos);
  EXPECT_EQ(log.find("not-a-token-at-all"), std::string::npos);
  EXPECT_NE(log.find("\"path\":\"/c/[token]\""), std::string::npos) << log.substr(0, 2000);
  EXPECT_NE(log.find("\"token\":\"customer:" + portfolio().customer + "\""), std::string::npos);
}

TEST(ServeCustomerPage, MistakesInItsConfigNameTheLine) {
  auto base = [](const std::string& name, const std::string& entries, const std::string& tokens = "") {
    auto dir = project(name, "contract \"acme\" { monthly_fee = 100 }\n");
    empty_ledger(dir);
    write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[serve]\n" + tokens + entries);
    return dir;
  };
  // An id no contract has: found when the contracts are read, at serve start.
  auto dir = base("customer-unknown", "\n[[serve.customers]]\ncustomer = \"nobody\"\ntoken = \"" + kPage + "\"\n");
  auto r = run_vow(dir, "serve --listen 127.0.0.1:0");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("vow.toml:8:12: serve.customers.customer \"nobody\": no contract has this id"),
            std::string::npos)
      << r.out;
  // Two customers with one token; a customer's token that is a [[serve.tokens]] one; a token too short for a key.
  dir = base("customer-dup", "[[serve.customers]]\ncustomer = \"acme\"\ntoken = \"" + kPage +
                                 "\"\n[[serve.customers]]\ncustomer = \"acme\"\ntoken = \"" + kPage + "\"\n");
  r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("vow.toml:9:1: serve.customers.token of \"acme\" is the same secret as \"acme\"'s"),
            std::string::npos)
      << r.out;
  dir = base("customer-same-as-read", "[[serve.customers]]\ncustomer = \"acme\"\ntoken = \"" + kRead + "\"\n",
             "tokens = [{ name = \"dash\", token = \"" + kRead + "\", scopes = [\"read\"] }]\n");
  r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("vow.toml:7:1: serve.customers.token of \"acme\" is the secret of the [[serve.tokens]] "
                       "entry \"dash\""),
            std::string::npos)
      << r.out;
  dir = base("customer-short", "[[serve.customers]]\ncustomer = \"acme\"\ntoken = \"short\"\n");
  r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("vow.toml:8:9: serve.customers.token of \"acme\": use 16 to 4096"), std::string::npos) << r.out;
  dir = base("customer-slash", "[[serve.customers]]\ncustomer = \"acme\"\ntoken = \"" + kPage + "/x\"\n");
  EXPECT_EQ(run_vow(dir, "check").code, 78);
  // The same secret from the environment as a [[serve.tokens]] one: found at serve start.
  dir = base("customer-env-same", "[[serve.customers]]\ncustomer = \"acme\"\ntoken_env = \"VOW_TEST_SAME\"\n",
             "tokens = [{ name = \"dash\", token = \"" + kRead + "\", scopes = [\"read\"] }]\n");
  r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 0) << r.out;
  ::setenv("VOW_TEST_SAME", kRead.c_str(), 1);
  r = run_vow(dir, "serve --listen 127.0.0.1:0");
  ::unsetenv("VOW_TEST_SAME");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("vow.toml:8:12: serve.customers: \"acme\" has the secret of the [[serve.tokens]] entry "
                       "\"dash\""),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(kRead), std::string::npos) << "a secret is never said";
  r = run_vow(dir, "serve --listen 127.0.0.1:0");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("vow.toml:8:12: serve.customers.token_env of \"acme\": the environment variable VOW_TEST_SAME "
                       "is not set"),
            std::string::npos)
      << r.out;
}

TEST(ServeCustomerPage, TheMonthIsTheContractsOwn) {
  // At 02:00 UTC on 1 December, New York is still in November; Tokyo is in
  // December from 15:00 UTC on 30 November.
  auto served = [](const std::string& name, const std::string& clock) {
    auto dir = project(name,
                       "contract \"east\" { name = \"East Co\", timezone = \"Asia/Tokyo\", monthly_fee = 100,\n"
                       "  uptime = { target = 99.9, services = { \"api\" } } }\n"
                       "contract \"west\" { name = \"West Co\", timezone = \"America/New_York\", monthly_fee = 100,\n"
                       "  uptime = { target = 99.9, services = { \"api\" } } }\n");
    empty_ledger(dir);
    write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[serve]\nclock = \"" + clock +
                                "\"\ncustomers = [{ customer = \"east\", token = \"" + kPage +
                                "\" }, { customer = \"west\", token = \"" + kOtherPage + "\" }]\n");
    return dir;
  };
  auto month_of = [](const Served& s, const std::string& token) {
    auto r = s.client().Get("/c/" + token);
    EXPECT_TRUE(r && r->status == 200);
    std::smatch m;
    std::string body = r ? r->body : "";
    return std::regex_search(body, m, std::regex("<p class=\"meta\">([A-Za-z]+ [0-9]{4})")) ? m[1].str() : body;
  };
  Served early(served("customer-month-early", "2026-11-30T20:00:00Z"));
  ASSERT_TRUE(early.up()) << early.banner << early.log_text();
  EXPECT_EQ(month_of(early, kPage), "December 2026");
  EXPECT_EQ(month_of(early, kOtherPage), "November 2026");
  Served late(served("customer-month-late", "2026-12-01T02:00:00Z"));
  ASSERT_TRUE(late.up()) << late.banner << late.log_text();
  EXPECT_EQ(month_of(late, kPage), "December 2026");
  EXPECT_EQ(month_of(late, kOtherPage), "November 2026");
}

TEST(ServeCustomerPage, ObjectivesAndJobsAreShownUnderTheAgreementsNames) {
  auto dir = project("customer-objectives",
                     "contract \"data\" { name = \"Data Co\", timezone = \"UTC\", compliance_target = 0.9,\n"
                     "  objectives = { { name = \"Page load under 3 s\", sli = \"page_load\", target = 95 } },\n"
                     "  jobs = { refresh = { due = \"06:00\", from = \"2026-11-01\" } } }\n"
                     "contract \"other\" { name = \"Other Co\", timezone = \"UTC\",\n"
                     "  objectives = { { name = \"Sync lag\", sli = \"lag\", target = 99 } } }\n");
  write(
      dir / "e.ndjson",
      R"({"id":"w1","type":"sli.counted","at":"2026-11-02T11:00:00Z","sli":"page_load","start":"2026-11-02T10:00:00Z","end":"2026-11-02T11:00:00Z","good":940,"total":1000,"customers":["data"]}
{"id":"j1","type":"job.completed","at":"2026-11-01T05:00:00Z","job":"refresh","run":"2026-11-01","customers":["data"]}
{"id":"j2","type":"job.completed","at":"2026-11-02T07:00:00Z","job":"refresh","run":"2026-11-02","customers":["data"]}
)");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  write(dir / "vow.toml", slurp(dir / "vow.toml") +
                              "[serve]\nclock = \"2026-11-03T00:00:00Z\"\ncustomers = [{ customer = "
                              "\"data\", token = \"" +
                              kPage + "\" }]\n");
  Served s(dir);
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto r = s.client().Get("/c/" + kPage);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string& page = r->body;
  EXPECT_NE(page.find("Other commitments this month"), std::string::npos) << page;
  // The ratio so far against its target, and the job's runs against the compliance target.
  std::regex objective(
      "<td>Page load under 3 s</td><td class=\"num\">94\\.000%</td><td class=\"num\">95\\.000%</td>"
      "<td><span class=\"miss\">below target</span>");
  EXPECT_TRUE(std::regex_search(page, objective)) << page;
  std::regex job(
      "<td>refresh \\(06:00 daily\\)</td><td class=\"num\">1 of 2 on time</td><td "
      "class=\"num\">90\\.000%</td><td><span class=\"miss\">below target</span>");
  EXPECT_TRUE(std::regex_search(page, job)) << page;
  EXPECT_FALSE(has_word(page, "Other Co"));
  EXPECT_FALSE(has_word(page, "Sync lag"));
  for (const char* internal : {"budget", "ratio", "sli", "page_load"})
    EXPECT_FALSE(has_word(page, internal)) << internal;
  EXPECT_EQ(s.stop(), 0) << s.log_text();
}
