#include <gtest/gtest.h>

#include "vow/render.hpp"

using namespace vow;

TEST(Html, NamesAreEscapedAndThePageIsSelfContained) {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "x";
  a.name = "<script>alert(1)</script> & Co";
  a.status = Status::Green;
  r.accounts.push_back(a);
  std::string html = to_html(r);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // no external resources
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(Html, QuotesAndCurrenciesFromContractsAreEscaped) {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "x' onmouseover='alert(1)";
  a.name = "O'Brien";
  a.status = Status::Red;
  a.uptime = UptimeFigures{};
  a.credit = CreditFigures{};
  a.credit->amount = "1.00";
  a.credit->currency = "<img src=x>";
  r.accounts.push_back(a);
  r.tiers.push_back(TierSummary{"gold", Status::Red, "", std::nullopt, 1, 0, 0, 1, std::nullopt, {}, {}, {}});
  r.tiers.back().credits["<img src=y>"] = "1.00";
  std::string html = to_html(r);
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("x' onmouseover"), std::string::npos) << html;
  EXPECT_NE(html.find("O&#39;Brien"), std::string::npos) << html;
  EXPECT_NE(html.find("1.00 &lt;img src=x&gt;"), std::string::npos) << html;
}
