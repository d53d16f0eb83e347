// Text from contracts and events in Markdown: escaped, kept on its line,
// never a tag, a heading or an extra table cell.
#include <gtest/gtest.h>

#include "../hostile_text.hpp"
#include "output/markdown_text.hpp"
#include "vow/render.hpp"

using namespace vow;
using hostile::kMarkup;

namespace {

PriorityTable one_priority(const std::string& name) {
  PriorityTable t;
  t[name] = PriorityFigures{3600, 1, 1, 0.5, {}, {}};
  return t;
}

Report hostile_report() {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "c|1`x`";
  a.name = kMarkup;
  a.tier = "gold*|";
  a.status = Status::Red;
  a.uptime = UptimeFigures{};
  a.uptime->percent = 99.731;
  a.uptime->target = 99.9;
  a.response = one_priority("P1|<b>");
  a.communications = one_priority("update\n|");
  a.credit = CreditFigures{};
  a.credit->amount = "100.00";
  a.credit->currency = "U|D";
  r.accounts.push_back(a);
  AccountReport plain;
  plain.customer = "acme_1";
  plain.name = "Acme_Corp *Ltd* [x](y) \\ #1";
  plain.status = Status::Green;
  r.accounts.push_back(plain);
  r.tiers.push_back(TierSummary{"gold\n# y",
                                Status::Red,
                                kMarkup,
                                Miss{.value = 99.731, .target = 99.9, .budget_used = 2.69},
                                1,
                                0,
                                0,
                                1,
                                99.731,
                                {},
                                {},
                                {}});
  r.tiers.back().credits["U|D"] = "100.00";
  r.flags.push_back(
      AccountFlag{"c|1`x`", kMarkup, Status::Red, 1, {Miss{.kind = Miss::Kind::TicketTarget, .priority = kMarkup}}});
  r.trends.push_back(Trend{"c|1`x`", true, {TrendPoint{"2026-10", 99.731, {}, {}, Status::Red}}});
  r.trends.push_back(Trend{"gold|\n# y", false, {TrendPoint{"2026-10", 99.731, {}, {}, Status::Red}}});
  r.risks.push_back(
      Risk{"c|1`x`", "uptime", RiskBasis{.budget_used = 0.62, .month_elapsed = 0.4}, 99.18, 99.5, "2026-11"});
  r.problems.push_back(ProblemLine{"ev|<script>1\n# y", EventProblem{.subject = kMarkup}});
  r.errors.push_back(Diagnostic{"rules/acme.lua", 4, "boom " + kMarkup});
  return r;
}

}  // namespace

TEST(Markdown, ReportEscapesTextFromContractsAndEvents) {
  std::string md = to_markdown(hostile_report());
  hostile::expect_safe_markdown(md);
  EXPECT_NE(md.find("| &lt;script&gt;alert(1)&lt;/script&gt; \\| x \\# y ("), std::string::npos) << md;
  EXPECT_NE(md.find("c\\|1\\`x\\`"), std::string::npos) << md;  // no code span can hold a backtick or a pipe
  EXPECT_NE(md.find("gold\\*\\|"), std::string::npos) << md;
  EXPECT_NE(md.find("P1\\|&lt;b&gt;: 50.0% (1/2)"), std::string::npos) << md;
  EXPECT_NE(md.find("100.00 U\\|D"), std::string::npos) << md;
  EXPECT_NE(md.find("### gold \\# y: red"), std::string::npos) << md;
  EXPECT_NE(md.find("- rules/acme.lua:4: boom &lt;script&gt;"), std::string::npos) << md;
  // Punctuation that would turn into emphasis, links or escapes is kept literal.
  EXPECT_NE(md.find("Acme\\_Corp \\*Ltd\\* \\[x\\](y) \\\\ \\#1 (`acme_1`)"), std::string::npos) << md;
  // Vow's own figures are not touched.
  EXPECT_NE(md.find("| 99.731% | 99.900% |"), std::string::npos) << md;
}

TEST(Markdown, CreditsAndStatusEscapeTextFromContractsAndEvents) {
  CreditsReport c;
  c.period = "2026-10";
  CreditFigures f;
  f.customer = "c|1";
  f.amount = "12.50";
  f.currency = "USD";
  f.monthly_fee = "100.00";
  f.fee = "100.00";
  f.formula = "rules/<x>.lua:3";
  f.note = kMarkup;
  c.credits.push_back(f);
  std::string credits = to_markdown(c);
  hostile::expect_safe_markdown(credits);
  EXPECT_NE(credits.find("| c\\|1 | 12.50 USD | 100.00 |"), std::string::npos) << credits;

  StatusReport s;
  s.clocks.push_back(StatusClock{"acme", "<i>Acme</i>", kMarkup, "response", "P1|", false, kNever, 60, 100, 0.6, 0.5});
  s.notices.push_back(StatusNotice{"acme", "", "o|1\n# y", "update", 0, true});
  s.accounts.push_back(StatusAccount{"<b>c", "", "2026-10", "warning", 99.5, 0.9, ""});
  std::string status = to_markdown(s);
  hostile::expect_safe_markdown(status);
  EXPECT_NE(status.find("- &lt;i&gt;Acme&lt;/i&gt; (`acme`) ticket &lt;script&gt;alert(1)&lt;/script&gt; \\| x \\# y "
                        "response P1\\|: 60%"),
            std::string::npos)
      << status;
  EXPECT_NE(status.find("outage o\\|1 \\# y: update notice"), std::string::npos) << status;
  EXPECT_NE(status.find("- &lt;b&gt;c 2026-10: warning"), std::string::npos) << status;
}

TEST(MarkdownText, ControlCharactersDoNotReachTheReader) {
  std::string out = md::text("a\x1b[2Jb\x07");
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x07'), std::string::npos) << out;
}

// Contract language 1.1: a quarterly commitment's month owes nothing of its
// own, and a quarter's credits show the quarter's fee.
TEST(Markdown, AQuarterlyAccountsMonthSaysItsCreditIsPerQuarter) {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "gh";
  a.name = "GitHub";
  a.quarterly = true;
  a.has_credit_term = true;
  r.accounts.push_back(a);
  std::string md = to_markdown(r);
  EXPECT_NE(md.find("| GitHub (`gh`) | - | green | - | - | - | - | - | - | per quarter |"), std::string::npos) << md;

  CreditsReport c;
  c.period = "2026-Q4";
  CreditFigures f;
  f.customer = "gh";
  f.name = "GitHub";
  f.amount = "320.00";
  f.currency = "USD";
  f.monthly_fee = "1066.67";
  f.fee = "3200.00";
  c.credits.push_back(f);
  std::string credits = to_markdown(c);
  EXPECT_NE(credits.find("| Customer | Amount | Quarter's fee |"), std::string::npos) << credits;
  EXPECT_NE(credits.find("| GitHub (`gh`) | 320.00 USD | 3200.00 |"), std::string::npos) << credits;
}
