// `vow backtest` and the report's "At risk" section (ADR 0013) on small
// ledgers whose figures are worked out by hand below.
#include <nlohmann/json.hpp>

#include "helpers.hpp"

using namespace vowtest;
using nlohmann::json;

namespace {

std::string outage(const std::string& id, const std::string& service, const std::string& from, const std::string& to) {
  return "{\"id\":\"" + id + "s\",\"type\":\"outage.started\",\"at\":\"" + from + "\",\"outage\":\"" + id +
         "\",\"service\":\"" + service + "\"}\n{\"id\":\"" + id + "e\",\"type\":\"outage.ended\",\"at\":\"" + to +
         "\",\"outage\":\"" + id + "\"}\n";
}

std::string ticket(const std::string& id, const std::string& opened, const std::string& replied) {
  return "{\"id\":\"" + id + "o\",\"type\":\"ticket.opened\",\"at\":\"" + opened + "\",\"ticket\":\"" + id +
         "\",\"customer\":\"c\",\"priority\":\"P1\"}\n{\"id\":\"" + id + "r\",\"type\":\"ticket.replied\",\"at\":\"" +
         replied + "\",\"ticket\":\"" + id + "\",\"author\":\"agent\"}\n";
}

// Three accounts, 99% uptime each on its own service; c also answers P1
// tickets within 4 hours. The ledger starts 2026-09-01 00:00, so September
// is a whole month of history. Budgets: September 1% of 30 d = 432 min,
// October 1% of 31 d = 446.4 min.
//
// September: a is down 540 min (125% of its budget: missed); b and c 0%.
// The prior ("similar accounts"): all three have target 99, so
// (1.25 + 0 + 0) / 3 = 0.4167 a month.
//
// The forecast at day start with elapsed share e and budget used u:
//   rate = (history + u + 0.4167) / (months of history + e + 1)
//   projected = u + (1 - e) * rate; flagged at 1 (100% of the budget).
//
// a: down Oct 20 00:00-06:00 (360 min, u = 0.8065), then Oct 25 from 00:00
//    for 3 h. Before Oct 20 u = 0, so projected <= 1.6667 / 2 = 0.83: no
//    flag. Oct 21 00:00, e = 20/31: rate = (1.25 + 0.8065 + 0.4167) / 2.6452
//    = 0.9350, projected = 0.8065 + 0.3548 * 0.9350 = 1.138: flagged. The
//    month is missed once downtime passes 446.4 min, 86.4 min into the
//    second outage: Oct 25 01:26:24.001. Flagged 4 d 1 h 26 min 24 s ahead.
// b: down Oct 2 00:00-06:00 (360 min) and never again. Oct 3 00:00,
//    e = 2/31: rate = (0 + 0.8065 + 0.4167) / 2.0645 = 0.5925, projected =
//    0.8065 + 0.9355 * 0.5925 = 1.361: flagged. The month ends at 360 of
//    446.4 min: met. A false flag.
// c: a P1 ticket opened Oct 10 10:00 and answered at 15:00: its response
//    clock breached at 14:00 (0 of 1 on time, below 95%). At midnight before,
//    no ticket was open; the next midnight it is flagged, after the breach.
//    A missed breach. (Its September ticket, answered in an hour, met.)
//
// October: 3 accounts, 2 breaches, 1 flagged ahead (median 4.06 days),
// 1 missed, 3 flags, 1 false.
fs::path crafted(const std::string& name) {
  auto dir = project(name,
                     "contract \"a\" { uptime = { target = 99, services = { \"api\" } } }\n"
                     "contract \"b\" { uptime = { target = 99, services = { \"web\" } } }\n"
                     "contract \"c\" { uptime = { target = 99, services = { \"db\" } },\n"
                     "                 response = { P1 = hours(4) } }\n");
  write(dir / "e.ndjson", ticket("t1", "2026-09-01T00:00:00Z", "2026-09-01T01:00:00Z") +
                              outage("a9", "api", "2026-09-10T00:00:00Z", "2026-09-10T09:00:00Z") +
                              outage("a10", "api", "2026-10-20T00:00:00Z", "2026-10-20T06:00:00Z") +
                              outage("a11", "api", "2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z") +
                              outage("b10", "web", "2026-10-02T00:00:00Z", "2026-10-02T06:00:00Z") +
                              ticket("t2", "2026-10-10T10:00:00Z", "2026-10-10T15:00:00Z"));
  auto r = run_vow(dir, "ingest e.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  return dir;
}

}  // namespace

TEST(Backtest, CountsWorkedOutByHand) {
  auto dir = crafted("backtest-hand");
  auto r = run_vow(dir, "backtest --from 2026-10 --to 2026-10 --format json");
  ASSERT_EQ(r.code, 0) << r.out;
  auto j = json::parse(r.out);
  ASSERT_EQ(j["months"].size(), 1u);
  const auto& m = j["months"][0];
  EXPECT_EQ(m["period"], "2026-10");
  EXPECT_EQ(m["accounts"], 3);
  EXPECT_EQ(m["breaches"], 2);
  EXPECT_EQ(m["flagged_ahead"], 1);
  EXPECT_EQ(m["missed"], 1);
  EXPECT_EQ(m["flags"], 3);
  EXPECT_EQ(m["false_flags"], 1);
  EXPECT_NEAR(m["median_days_early"].get<double>(), 4 + (86.4 * 60 + 0.001) / 86400, 1e-9);
  std::map<std::string, json> cases;
  for (const auto& c : m["cases"]) cases[c["customer"].get<std::string>() + " " + c["metric"].get<std::string>()] = c;
  ASSERT_EQ(cases.size(), 3u) << m.dump(2);
  EXPECT_EQ(cases["a uptime"]["breached_at"], "2026-10-25T01:26:24.001Z");
  EXPECT_EQ(cases["a uptime"]["flagged_at"], "2026-10-21T00:00:00Z");
  EXPECT_EQ(cases["b uptime"]["breached_at"], nullptr);
  EXPECT_EQ(cases["b uptime"]["flagged_at"], "2026-10-03T00:00:00Z");
  EXPECT_EQ(cases["b uptime"]["basis"],
            "81% of the error budget used after 6% of the month; used 0% in the last month; similar "
            "accounts use 42% a month; 136% projected by month end");
  EXPECT_EQ(cases["c response P1"]["breached_at"], "2026-10-10T14:00:00Z");
  EXPECT_EQ(cases["c response P1"]["flagged_at"], "2026-10-11T00:00:00Z");
  EXPECT_EQ(j["days"], 31);
}

TEST(Backtest, MarkdownTableIsTheDefaultAndCsvHasOneRowPerMonth) {
  auto dir = crafted("backtest-formats");
  auto md = run_vow(dir, "backtest --from 2026-09 --to 2026-10");
  ASSERT_EQ(md.code, 0) << md.out;
  EXPECT_NE(md.out.find("| 2026-10 | 3 | 2 | 1 | 4.1 | 1 | 3 | 1 |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("`b` uptime: false flag on 2026-10-03T00:00:00Z"), std::string::npos) << md.out;
  auto csv = run_vow(dir, "backtest --from 2026-10 --to 2026-10 --format csv");
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_EQ(csv.out,
            "period,accounts,breaches,flagged_ahead,median_days_early,missed,flags,false_flags\n"
            "2026-10,3,2,1,4.060,1,3,1\n"
            "all,3,2,1,4.060,1,3,1\n");
}

TEST(Backtest, BadMonthsAreUsageErrors) {
  auto dir = crafted("backtest-usage");
  auto reversed = run_vow(dir, "backtest --from 2026-10 --to 2026-09");
  EXPECT_EQ(reversed.code, 2);
  EXPECT_NE(reversed.out.find("--to 2026-09: is before --from 2026-10"), std::string::npos) << reversed.out;
  auto quarter = run_vow(dir, "backtest --from 2026-Q4 --to 2026-12");
  EXPECT_EQ(quarter.code, 2);
  EXPECT_NE(quarter.out.find("--from 2026-Q4: expected a month YYYY-MM"), std::string::npos) << quarter.out;
  // Found by an adversarial pass: 9999-12 looped on (the label "10000-01"
  // sorts before it) until memory ran out, and 1900 replayed 70 years of days.
  for (const char* range : {"--from 9999-12 --to 9999-12", "--from 1900-01 --to 1900-01", "--from 0000-01 --to 0000-02",
                            "--from 1970-01 --to 2026-12"}) {
    auto r = run_vow(dir, std::string("backtest ") + range);
    EXPECT_EQ(r.code, 2) << range << ": " << r.out;
  }
  auto help = run_vow(dir, "backtest --help");
  EXPECT_NE(help.out.find("Example: vow --config examples/portfolio/vow.toml backtest --from 2026-10 --to 2026-12"),
            std::string::npos)
      << help.out;
}

// The old projection drew a line through September (the ledger began on its
// last day: almost no data, so 100%) and October's 99.6% (a 3 h outage of a
// 99.5% target's 3.72 h budget), and flagged every such account for
// November. Nothing predicts a breach here: October used 81% of its budget
// and met; November has just begun with no downtime.
TEST(AtRisk, AnAlmostEmptyMonthDoesNotFlag) {
  auto dir = project("atrisk-quiet",
                     "contract \"x\" { uptime = { target = 99.5, services = { \"api\" } } }\n"
                     "contract \"y\" { uptime = { target = 99.5, services = { \"api\" } } }\n");
  write(dir / "e.ndjson", outage("m", "web", "2026-09-30T23:00:00Z", "2026-09-30T23:01:00Z") +
                              outage("o", "api", "2026-10-14T00:00:00Z", "2026-10-14T03:00:00Z"));
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto r = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  ASSERT_EQ(r.code, 0) << r.out;
  auto j = json::parse(r.out);
  EXPECT_EQ(j["accounts"][0]["uptime"]["met"], true);
  EXPECT_TRUE(j["risks"].empty()) << j["risks"].dump(2);
}

// What does predict a breach is flagged, for the month running, with why.
TEST(AtRisk, BudgetBurnFlagsTheMonthRunningWithItsReasoning) {
  auto dir = crafted("atrisk-burn");
  auto r = run_vow(dir, "report --period 2026-10 --as-of 2026-10-03T00:00:00Z --format md");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("## At risk\n\n- `b` uptime projected 98.639% for 2026-10 against 99.000% (81% of the error "
                       "budget used after 6% of the month; used 0% in the last month; similar accounts use "
                       "42% a month; 136% projected by month end)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("- `a` uptime projected"), std::string::npos) << r.out;
}
