#include <gtest/gtest.h>

#include "vow/render.hpp"

using namespace vow;

TEST(Html, NamesAreEscapedAndThePageIsSelfContained) {
  Report r;
  r.period = "2026-10";
  AccountReport a;
  a.customer = "x";
  a.name = "<script>alert(1)</script> & Co";
  a.status = "green";
  r.accounts.push_back(a);
  std::string html = to_html(r);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // no external resources
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}
