#include "time/intervals.hpp"

#include <gtest/gtest.h>

using namespace vow;

TEST(Intervals, NormalizeMergesOverlapsAndTouchingAndDropsEmpty) {
  auto n = normalize({{5, 10}, {0, 3}, {3, 4}, {8, 12}, {20, 20}});
  EXPECT_EQ(n, (Intervals{{0, 4}, {5, 12}}));
  EXPECT_EQ(measure(n), 11);
}

TEST(Intervals, SetOperations) {
  Intervals x{{0, 10}, {20, 30}}, y{{5, 25}};
  EXPECT_EQ(unite(x, y), (Intervals{{0, 30}}));
  EXPECT_EQ(intersect(x, y), (Intervals{{5, 10}, {20, 25}}));
  EXPECT_EQ(subtract(x, y), (Intervals{{0, 5}, {25, 30}}));
  EXPECT_EQ(subtract(x, Intervals{{0, 2}, {4, 6}, {8, 22}}), (Intervals{{2, 4}, {6, 8}, {22, 30}}));
  EXPECT_EQ(clip(x, {8, 21}), (Intervals{{8, 10}, {20, 21}}));
  EXPECT_TRUE(subtract(x, x).empty());
}
