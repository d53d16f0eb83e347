// Spreadsheet formulas in CSV: a text cell that a spreadsheet would run is
// neutralised (OWASP), and the numbers Vow writes stay numbers.
#include <gtest/gtest.h>

#include "../hostile_text.hpp"
#include "vow/render.hpp"

using namespace vow;
using hostile::kFormula;

TEST(Csv, ReportNeutralisesFormulasInTextCells) {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "@SUM(A1)";
  a.name = kFormula;
  a.tier = "+cmd|' /C calc'!A0";
  a.status = "red";
  a.response["-P1"] = PriorityFigures{3600, 1, 0, 1.0};
  a.credit = CreditFigures{};
  a.credit->amount = "-12.50";
  a.credit->currency = "USD";
  r.accounts.push_back(a);
  std::string csv = to_csv(r);
  hostile::expect_safe_csv(csv);
  EXPECT_NE(csv.find("2026-10,\"'@SUM(A1)\",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",\"'+cmd|' /C calc'!A0\""),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",response,\"'-P1\",1.000000,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",credit,,-12.50,,,"), std::string::npos) << csv;  // a number Vow wrote
}

TEST(Csv, CreditsAndStatusNeutraliseFormulasInTextCells) {
  CreditsReport c;
  c.period = "2026-10";
  CreditFigures f;
  f.customer = "=1+1";
  f.amount = "-12.50";
  f.currency = "USD";
  f.monthly_fee = "100.00";
  f.percent = -12.5;
  f.formula = "-rules/acme.lua:3";
  f.note = "\t=cmd";
  c.credits.push_back(f);
  std::string credits = to_csv(c);
  hostile::expect_safe_csv(credits);
  EXPECT_NE(credits.find("2026-10,\"'=1+1\",-12.50,USD,100.00,-12.500000,false,\"'-rules/acme.lua:3\",\"'\t=cmd\"\n"),
            std::string::npos)
      << credits;

  StatusReport s;
  s.clocks.push_back(StatusClock{"acme", kFormula, "response", "@P1", false, kNever, 60, 100, 0.6, 0.5});
  s.notices.push_back(StatusNotice{"acme", "\r=1", "update", 0, true});
  s.accounts.push_back(StatusAccount{"-c", "2026-10", "warning", 99.5, 0.9});
  std::string status = to_csv(s);
  hostile::expect_safe_csv(status);
  EXPECT_NE(status.find("notice,acme,\"'\r=1\",communications,"), std::string::npos) << status;
  EXPECT_NE(status.find("account,\"'-c\",,uptime,"), std::string::npos) << status;
}
