// Spreadsheet formulas in CSV: a text cell that a spreadsheet would run is
// neutralised (OWASP), and the numbers Vow writes stay numbers.
#include <gtest/gtest.h>

#include "../hostile_text.hpp"
#include "vow/instant.hpp"
#include "vow/render.hpp"

using namespace vow;
using hostile::kFormula;

namespace {

// Rows of cells; the test texts hold no quoted commas.
using Rows = std::vector<std::vector<std::string>>;

Rows split(const std::string& csv) {
  Rows rows;
  size_t start = 0;
  for (size_t end; (end = csv.find('\n', start)) != std::string::npos; start = end + 1) {
    std::vector<std::string> cells;
    std::string line = csv.substr(start, end - start);
    size_t from = 0;
    for (size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
      cells.push_back(line.substr(from, comma - from));
    cells.push_back(line.substr(from));
    rows.push_back(cells);
  }
  return rows;
}

std::string cell_of(const Rows& rows, size_t row, const std::string& column) {
  for (size_t i = 0; i < rows[0].size(); ++i)
    if (rows[0][i] == column) return rows.at(row).at(i);
  ADD_FAILURE() << "no column " << column;
  return std::string();
}

}  // namespace

TEST(Csv, ReportNeutralisesFormulasInTextCells) {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "@SUM(A1)";
  a.name = kFormula;
  a.tier = "+cmd|' /C calc'!A0";
  a.status = Status::Red;
  a.response["-P1"] = PriorityFigures{3600, 1, 0, 1.0, {}, {}};
  a.credit = CreditFigures{};
  a.credit->amount = "-12.50";
  a.credit->currency = "USD";
  r.accounts.push_back(a);
  std::string csv = to_csv(r);
  hostile::expect_safe_csv(csv);
  EXPECT_NE(csv.find("2026-10,\"'@SUM(A1)\",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",\"'+cmd|' /C calc'!A0\""),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",response,\"'-P1\",,,,,1.000000,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",credit,,,,,,,,,,,-12.50,USD,false,month,,,,,,,,,,,,,,,,\n"), std::string::npos)
      << csv;  // a number Vow wrote
}

TEST(Csv, CreditsAndStatusNeutraliseFormulasInTextCells) {
  CreditsReport c;
  c.period = "2026-10";
  CreditFigures f;
  f.customer = "=1+1";
  f.name = "+Acme";
  f.amount = "-12.50";
  f.currency = "USD";
  f.monthly_fee = "100.00";
  f.fee = "100.00";
  f.percent = -12.5;
  f.formula = "-rules/acme.lua:3";
  f.note = "\t=cmd";
  c.credits.push_back(f);
  std::string credits = to_csv(c);
  hostile::expect_safe_csv(credits);
  EXPECT_NE(credits.find("2026-10,\"'=1+1\",\"'+Acme\",-12.50,USD,100.00,-12.500000,false,\"'-rules/"
                         "acme.lua:3\",\"'\t=cmd\",100.00\n"),
            std::string::npos)
      << credits;

  StatusReport s;
  s.clocks.push_back(StatusClock{"acme", "=Acme", kFormula, "response", "@P1", false, kNever, 60, 100, 0.6, 0.5});
  s.notices.push_back(StatusNotice{"acme", "Acme", "\r=1", "update", 0, true});
  s.accounts.push_back(StatusAccount{"-c", "-C", "2026-10", "warning", 99.5, 0.9, ""});
  std::string status = to_csv(s);
  hostile::expect_safe_csv(status);
  EXPECT_NE(status.find("clock,acme,\"'=Acme\","), std::string::npos) << status;
  EXPECT_NE(status.find("notice,acme,Acme,\"'\r=1\",update notice,"), std::string::npos) << status;
  EXPECT_NE(status.find("account,\"'-c\",\"'-C\",,uptime,"), std::string::npos) << status;
}

// Issue 8, point 11: a column holds one unit. The old `value` column held an
// uptime percent (99.5), a compliance rate (0.9) and a credit amount in turn,
// and no currency said what the amount was in.
TEST(Csv, EachColumnHoldsOneUnitAndMoneyItsCurrency) {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "acme";
  a.name = "Acme";
  a.status = Status::Red;
  a.compliance_target = 0.95;
  UptimeFigures u;
  u.target = 99.9;
  u.percent = 99.5;
  u.downtime_seconds = 13392;
  u.eligible_seconds = 2678400;
  a.uptime = u;
  a.response["P1"] = PriorityFigures{3600, 9, 1, 0.9, {}, {}};
  a.credit = CreditFigures{};
  a.credit->amount = "250.00";
  a.credit->currency = "EUR";
  r.accounts.push_back(a);
  std::string csv = to_csv(r);
  Rows rows = split(csv);
  ASSERT_EQ(rows.size(), 4u) << csv;
  auto cell = [&](size_t row, const std::string& column) { return cell_of(rows, row, column); };
  EXPECT_EQ(cell(1, "metric"), "uptime");
  EXPECT_EQ(cell(1, "percent"), "99.500000");
  EXPECT_EQ(cell(1, "target_percent"), "99.900000");
  EXPECT_EQ(cell(1, "downtime_seconds"), "13392.000000");
  EXPECT_EQ(cell(1, "rate"), "");
  EXPECT_EQ(cell(2, "metric"), "response");
  EXPECT_EQ(cell(2, "rate"), "0.900000");
  EXPECT_EQ(cell(2, "target_rate"), "0.950000");
  EXPECT_EQ(cell(2, "target_seconds"), "3600.000000");
  EXPECT_EQ(cell(2, "percent"), "");
  EXPECT_EQ(cell(3, "metric"), "credit");
  EXPECT_EQ(cell(3, "amount"), "250.00");
  EXPECT_EQ(cell(3, "currency"), "EUR");
  EXPECT_EQ(cell(3, "percent"), "");
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size()) << csv;
}

// Issue 12: the CSV report carries what JSON does for 1.1 accounts: exempt
// clocks beside achieved and breached, the exceptions applied, and the
// satisfaction figures with the tickets on time but unhappy.
TEST(Csv, ExemptClocksExceptionsAndRatingsHaveTheirRows) {
  Report r;
  r.period = "2026-11";
  AccountReport a;
  a.customer = "acme";
  a.name = "Acme";
  a.status = Status::Green;
  a.compliance_target = 0.95;
  PriorityFigures p1{3600, 1, 0, 1.0, {}, {}};
  p1.exempt = 2;
  a.response["P1"] = p1;
  a.exceptions.push_back(AppliedException{"EXC-7", *parse_instant("2026-10-20T00:00:00Z"),
                                          *parse_instant("2026-10-20T06:00:00Z"), "all", "Data migration", "VP CS"});
  a.csat = Csat{5, 2, 0.4, {"T1"}};
  a.csat_by_priority["P1"] = Csat{4, 1, 0.25, {"T1"}};
  a.csat_by_priority["P2"] = Csat{1, 1, 1.0, {}};
  r.accounts.push_back(a);
  std::string csv = to_csv(r);
  Rows rows = split(csv);
  ASSERT_EQ(rows.size(), 7u) << csv;
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size()) << csv;
  auto cell = [&](size_t row, const std::string& column) { return cell_of(rows, row, column); };
  EXPECT_EQ(cell(1, "metric"), "response");
  EXPECT_EQ(cell(1, "achieved"), "1");
  EXPECT_EQ(cell(1, "exempt"), "2");
  EXPECT_EQ(cell(2, "metric"), "exception");
  EXPECT_EQ(cell(2, "subject"), "EXC-7");
  EXPECT_EQ(cell(2, "start"), "2026-10-20T00:00:00Z");
  EXPECT_EQ(cell(2, "end"), "2026-10-20T06:00:00Z");
  EXPECT_EQ(cell(2, "scope"), "all");
  EXPECT_EQ(cell(2, "reason"), "Data migration");
  EXPECT_EQ(cell(2, "approved_by"), "VP CS");
  EXPECT_EQ(cell(2, "exempt"), "");
  EXPECT_EQ(cell(3, "metric"), "csat");
  EXPECT_EQ(cell(3, "priority"), "");
  EXPECT_EQ(cell(3, "rated"), "5");
  EXPECT_EQ(cell(3, "good"), "2");
  EXPECT_EQ(cell(3, "rate"), "0.400000");
  EXPECT_EQ(cell(3, "met_but_unhappy"), "1");
  EXPECT_EQ(cell(4, "priority"), "P1");
  EXPECT_EQ(cell(4, "rate"), "0.250000");
  EXPECT_EQ(cell(5, "priority"), "P2");
  EXPECT_EQ(cell(5, "met_but_unhappy"), "0");
  EXPECT_EQ(cell(6, "metric"), "met_but_unhappy");
  EXPECT_EQ(cell(6, "subject"), "T1");
}

// An account without ratings has no csat row: an empty rate is not a rate of 0.
TEST(Csv, NoRatingsNoSatisfactionRow) {
  Report r;
  r.period = "2026-11";
  AccountReport a;
  a.customer = "acme";
  a.name = "Acme";
  r.accounts.push_back(a);
  EXPECT_EQ(to_csv(r).find(",csat,"), std::string::npos) << to_csv(r);
}
