#include <gtest/gtest.h>

#include "compliance/credits.hpp"

using namespace vow;

TEST(Money, PercentOfAFeeIsExactBeforeRounding) {
  // 15% of 7777.77 is 1166.6655: binary floating point would give 1166.66.
  EXPECT_EQ(settle_credit(15.0, std::nullopt, *Decimal::parse("7777.77"), 100, "USD").format(2), "1166.67");
}

TEST(Money, RoundsHalfAwayFromZeroToTheMinorUnit) {
  EXPECT_EQ(Decimal::parse("0.125")->format(2), "0.13");
  EXPECT_EQ(Decimal::parse("-0.125")->format(2), "-0.13");
  EXPECT_EQ(Decimal::parse("0.124")->format(2), "0.12");
  EXPECT_EQ(Decimal::parse("1234.5")->format(minor_unit_digits("JPY")), "1235");
  EXPECT_EQ(minor_unit_digits("KRW"), 0);
  EXPECT_EQ(minor_unit_digits("EUR"), 2);
}

TEST(Money, CapAndFloorClampTheAmount) {
  Decimal fee = Decimal::integer(2000);
  EXPECT_EQ(settle_credit(15.0, std::nullopt, fee, 5, "USD").format(2), "100.00");
  EXPECT_EQ(settle_credit(std::nullopt, -50.0, fee, 100, "USD").format(2), "0.00");
  EXPECT_EQ(settle_credit(std::nullopt, 150.0, fee, 100, "USD").format(2), "150.00");
}

TEST(Money, AcvOverTwelveStaysUnroundedUntilTheEnd) {
  Decimal fee = Decimal::integer(100000) / Decimal::integer(12);  // 8333.333...
  EXPECT_EQ(fee.format(2), "8333.33");
  EXPECT_EQ(settle_credit(15.0, std::nullopt, fee, 100, "USD").format(2), "1250.00");
}

TEST(Schedule, LargestPercentAmongRowsStrictlyAbove) {
  std::vector<ScheduleRow> rows{{99.9, 10}, {99.0, 25}, {95.0, 100}};
  EXPECT_EQ(schedule_percent(rows, 99.95), 0);
  EXPECT_EQ(schedule_percent(rows, 99.9), 0);  // strictly above
  EXPECT_EQ(schedule_percent(rows, 99.5), 10);
  EXPECT_EQ(schedule_percent(rows, 98.0), 25);
  EXPECT_EQ(schedule_percent(rows, 50.0), 100);
  EXPECT_EQ(schedule_percent(rows, std::nullopt), 0);
}
