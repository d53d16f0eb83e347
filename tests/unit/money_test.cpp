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
  std::vector<ScheduleRow> rows{
      {.bound = 99.9, .percent = 10}, {.bound = 99.0, .percent = 25}, {.bound = 95.0, .percent = 100}};
  EXPECT_EQ(schedule_percent(rows, 99.95), 0);
  EXPECT_EQ(schedule_percent(rows, 99.9), 0);  // strictly above
  EXPECT_EQ(schedule_percent(rows, 99.5), 10);
  EXPECT_EQ(schedule_percent(rows, 98.0), 25);
  EXPECT_EQ(schedule_percent(rows, 50.0), 100);
  EXPECT_EQ(schedule_percent(rows, std::nullopt), 0);
}

// terms.md (1.1): `at_most = B` matches an uptime of B itself. GitHub's
// "less than or equal to 99.9%, but greater than 99.0%": exactly 99.9% pays
// 10%, as the engine works the percent out (30 days, 43m12s down).
TEST(Schedule, AtMostRowsIncludeTheirBound) {
  std::vector<ScheduleRow> rows{{.bound = 99.9, .inclusive = true, .percent = 10},
                                {.bound = 99.0, .inclusive = false, .percent = 25}};
  double whole = 2'592'000'000.0, down = 2'592'000.0;
  double exactly = 100.0 * (whole - down) / whole;
  EXPECT_EQ(schedule_percent(rows, exactly), 10);
  EXPECT_EQ(schedule_percent(rows, 99.90001), 0);
  EXPECT_EQ(schedule_percent(rows, 99.0), 10);  // `below = 99.0` is strict
  EXPECT_EQ(schedule_percent(rows, 98.99), 25);
  rows[0].inclusive = false;
  EXPECT_EQ(schedule_percent(rows, exactly), 0);  // `below = 99.9`: not 99.9 itself
}

// terms.md (1.1): credit_cap_days caps at fee × days / days in the period,
// beside credit_cap; the lower cap wins, exactly.
TEST(Money, CreditCapDaysIsThatManyDaysOfThePeriodsFee) {
  Decimal fee = Decimal::integer(1000);
  EXPECT_EQ(settle_credit(25.0, std::nullopt, fee, 100, "USD", 3.0, 30).format(2), "100.00");
  EXPECT_EQ(settle_credit(25.0, std::nullopt, fee, 100, "USD", 3.0, 31).format(2), "96.77");    // 3000/31
  EXPECT_EQ(settle_credit(25.0, std::nullopt, fee, 5, "USD", 3.0, 30).format(2), "50.00");      // credit_cap lower
  EXPECT_EQ(settle_credit(5.0, std::nullopt, fee, 100, "USD", 3.0, 30).format(2), "50.00");     // under both caps
  EXPECT_EQ(settle_credit(25.0, std::nullopt, fee, 100, "USD", 90.0, 92).format(2), "250.00");  // a quarter's days
}
