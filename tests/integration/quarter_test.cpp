// A quarter's report shows what its months owe (issue 8, point 1): credits
// are monthly (spec/cli.md), and a quarter that said "none" while October
// alone owed 10,500 USD hid money from the people who read it.
#include <nlohmann/json.hpp>

#include "helpers.hpp"

using namespace vowtest;

namespace {

// 10% of 10,000 in any month below 99.9%. October: 2 h down of 744 h
// (99.731%); November: 1 h of 720 h (99.861%); December: none. Each of the
// two months owes 1,000.00, the quarter 2,000.00.
fs::path quarter_project(const std::string& name) {
  auto dir = project(name, R"(
tier "gold" { }
contract "acme" {
  name = "Acme Corp", tier = "gold", monthly_fee = 10000,
  uptime = { target = 99.9, services = { "api" } },
  credit = schedule { { below = 99.9, percent = 10 } },
}
contract "globex" { name = "Globex", tier = "gold", monthly_fee = 500, uptime = { target = 99.0, services = { "api" } },
  credit = schedule { { below = 99.0, percent = 10 } } }
)");
  write(dir / "e.ndjson",
        R"({"id":"1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o1","service":"api"}
{"id":"2","type":"outage.ended","at":"2026-10-02T12:00:00Z","outage":"o1"}
{"id":"3","type":"outage.started","at":"2026-11-10T10:00:00Z","outage":"o2","service":"api"}
{"id":"4","type":"outage.ended","at":"2026-11-10T11:00:00Z","outage":"o2"}
)");
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  return dir;
}

}  // namespace

TEST(Quarter, TheReportShowsWhatItsMonthsOwe) {
  auto dir = quarter_project("quarter-md");
  auto r = run_vow(dir, "report --period 2026-Q4 --as-of 2027-01-01T00:00:00Z --format md");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("- Credits owed: 2000.00 USD\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| 2000.00 USD (2026-10: 1000.00, 2026-11: 1000.00) |"), std::string::npos) << r.out;
  // Globex owed nothing: its row says so, without a breakdown.
  EXPECT_NE(r.out.find("| 0.00 USD |"), std::string::npos) << r.out;
}

TEST(Quarter, AQuarterStillRunningIsProvisionalAndCountsOnlyMonthsBegun) {
  auto dir = quarter_project("quarter-running");
  auto r = run_vow(dir, "report --period 2026-Q4 --as-of 2026-12-01T00:00:00Z --format json");
  ASSERT_EQ(r.code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  const auto& acme = j["accounts"][0];
  EXPECT_FALSE(acme.contains("credit")) << "spec/cli.md: a quarter's account has no `credit`";
  ASSERT_EQ(acme["monthly_credits"].size(), 2u) << acme.dump();
  EXPECT_EQ(acme["monthly_credits"][0]["period"], "2026-10");
  EXPECT_EQ(acme["monthly_credits"][0]["amount"], "1000.00");
  EXPECT_EQ(acme["monthly_credits"][0]["final"], true);
  EXPECT_EQ(acme["monthly_credits"][1]["period"], "2026-11");
  EXPECT_EQ(acme["monthly_credits"][1]["amount"], "1000.00");
  EXPECT_EQ(j["tiers"][0]["credits"]["USD"], "2000.00");
  auto md = run_vow(dir, "report --period 2026-Q4 --as-of 2026-12-01T00:00:00Z --format md");
  EXPECT_NE(md.out.find("| 2000.00 USD (2026-10: 1000.00, 2026-11: 1000.00) (provisional) |"), std::string::npos)
      << md.out;
}

TEST(Quarter, CsvHasARowPerMonthOwed) {
  auto dir = quarter_project("quarter-csv");
  auto r = run_vow(dir, "report --period 2026-Q4 --as-of 2027-01-01T00:00:00Z --format csv");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2026-10,acme,Acme Corp,gold,red,credit,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2026-11,acme,Acme Corp,gold,red,credit,"), std::string::npos) << r.out;
}

// Found by review: a month whose formula failed dropped out of the quarter's
// sum, which then read "provisional" for ever, and CSV could not tell a
// final credit from a running one.
TEST(Quarter, AMonthWhoseFormulaFailedMakesTheSumIncomplete) {
  auto dir = project("quarter-failed", R"(
contract "acme" {
  name = "Acme Corp", monthly_fee = 1000,
  credit = function(m)
    if m.period == "2026-11" then return m.nothing.here end
    return 5
  end,
}
)");
  empty_ledger(dir);
  auto md = run_vow(dir, "report --period 2026-Q4 --as-of 2027-02-01T00:00:00Z --format md");
  EXPECT_NE(md.out.find("(2026-10: 5.00, 2026-12: 5.00, 2026-11: formula failed) (incomplete) |"), std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("- Credits owed: 10.00 USD (incomplete)"), std::string::npos) << md.out;
  auto html = run_vow(dir, "report --period 2026-Q4 --as-of 2027-02-01T00:00:00Z --format html");
  EXPECT_NE(html.out.find("<h2>Contract errors</h2>"), std::string::npos);
  // A failed formula exits 78 after writing the report (stderr names it): read the file.
  EXPECT_EQ(run_vow(dir, "report --period 2026-Q4 --as-of 2027-02-01T00:00:00Z --output q.json").code, 78);
  auto j = nlohmann::json::parse(slurp(dir / "q.json"));
  EXPECT_EQ(j["accounts"][0]["failed_credit_months"], nlohmann::json::array({"2026-11"}));
  EXPECT_EQ(j["tiers"][0]["credits_final"], false);
}

TEST(Quarter, CsvSaysWhetherEachMonthsCreditIsFinal) {
  auto dir = quarter_project("quarter-csv-final");
  auto r = run_vow(dir, "report --period 2026-Q4 --as-of 2026-12-01T00:00:00Z --format csv");
  EXPECT_NE(r.out.find(",credit,,,,,,,,,,,1000.00,USD,true,month,,,,,,,,,,,,,,,,\n"), std::string::npos) << r.out;
  auto running = run_vow(dir, "report --period 2026-Q4 --as-of 2026-11-15T00:00:00Z --format csv");
  EXPECT_NE(running.out.find("2026-11,acme,Acme Corp,gold,red,credit,,,,,,,,,,,"), std::string::npos) << running.out;
  EXPECT_NE(running.out.find(",USD,false,month,,,,,,,,,,,,,,,,\n"), std::string::npos) << running.out;
}
