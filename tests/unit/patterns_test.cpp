// The bound on Lua's pattern matcher: what contracts write every day runs,
// what backtracks without end is refused before it starts.
#include "contracts/patterns.hpp"

#include <gtest/gtest.h>

#include <string>

#include "model/utf8.hpp"

using namespace vow;

TEST(PatternCost, EverydayPatternsOnLongSubjectsAreAllowed) {
  std::string words;
  for (int i = 0; i < 2000; ++i) words += "svc-" + std::to_string(i) + " ";  // ~18 KB
  for (const char* p : {"^%s*(.-)%s*$", "%d+", "^api%-", "(%w+)=(%w+)", "[%a_][%w_]*", "%f[%w]%w+", "svc%-1999"})
    EXPECT_LT(pattern_cost(words, p, true), kPatternBudget) << p;
}

TEST(PatternCost, BacktrackingRepetitionsOverLongRunsAreRefused) {
  std::string as(100'000, 'a');
  EXPECT_GT(pattern_cost(as, ".-.-.-b", true), kPatternBudget);
  EXPECT_GT(pattern_cost(as, "a*a*b", true), kPatternBudget);
  EXPECT_GT(pattern_cost(as, "(.-)%1b", true), kPatternBudget);
  // The same pattern on a short subject is cheap.
  EXPECT_LT(pattern_cost("aaaaaaaaaa", ".-.-.-b", true), kPatternBudget);
}

TEST(PatternCost, AnchorsAndRunsTightenTheBound) {
  std::string s(10'000, 'x');
  EXPECT_LT(pattern_cost(s, "^x*$", true), pattern_cost(s, "^x*$", false));  // gmatch does not anchor
  EXPECT_LT(pattern_cost(s, "y*z", true), 1e6);                              // 'y' never runs: one step per start
}

TEST(PatternCost, MalformedPatternsAreNegative) {
  EXPECT_LT(pattern_cost("abc", "[a", true), 0);
  EXPECT_LT(pattern_cost("abc", "abc%", true), 0);
  EXPECT_LT(pattern_cost("abc", "%b(", true), 0);
  EXPECT_LT(pattern_cost("abc", "%f", true), 0);
  EXPECT_GE(pattern_cost("abc", "[]]", true), 0);  // ']' first in a set is a member
  EXPECT_GE(pattern_cost("abc", "[^]a]", true), 0);
}

TEST(Utf8, ValidAndMended) {
  EXPECT_TRUE(valid_utf8("Café Zürich — 東京 😀"));
  EXPECT_FALSE(valid_utf8("caf\xe9"));           // Latin-1
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xe2\x82"));          // cut short
  EXPECT_EQ(mend_utf8("caf\xe9!"), "caf\xef\xbf\xbd!");
  EXPECT_EQ(mend_utf8("ok"), "ok");
  EXPECT_TRUE(valid_utf8(mend_utf8("\xff\xfe\xe2\x82\xc3(")));
}

TEST(Utf8, PrintableHasNoControlCharacters) {
  EXPECT_EQ(printable("a\x1b]0;title\x07z"), "a\xEF\xBF\xBD]0;title\xEF\xBF\xBDz");
  EXPECT_EQ(printable("tab\tand\nline"), "tab\tand\nline");
  EXPECT_EQ(printable("csi \xC2\x9B"
                      "2J"),
            "csi \xEF\xBF\xBD"
            "2J");  // C1 CSI
  EXPECT_EQ(printable("caf\xC3\xA9 \x7F"), "caf\xC3\xA9 \xEF\xBF\xBD");
  EXPECT_EQ(clip_text(std::string(3000, 'x'), 10), "xxxxxxxxxx [... 2990 bytes cut]");
}
