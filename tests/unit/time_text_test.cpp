// Durations, clock times and dates as contracts write them, apart from the
// Lua that carries them.
#include <gtest/gtest.h>

#include "time/civil_text.hpp"
#include "time/durations.hpp"
#include "time/zone.hpp"

using namespace vow;

TEST(Duration, ReadsUnitsInOrderToMilliseconds) {
  EXPECT_EQ(parse_duration("90s"), 90'000);
  EXPECT_EQ(parse_duration("30m"), 30 * 60'000);
  EXPECT_EQ(parse_duration("1h30m"), 90 * 60'000);
  EXPECT_EQ(parse_duration("2d"), 2 * 86'400'000LL);
  EXPECT_EQ(parse_duration("1d2h3m4s"), ((26 * 60 + 3) * 60 + 4) * 1000LL);
  EXPECT_EQ(parse_duration("0s"), 0);
  EXPECT_EQ(parse_duration("999999999d"), 999'999'999LL * 86'400'000LL);  // nine digits, no overflow
}

TEST(Duration, RefusesWhatCouldBeReadTwoWays) {
  for (const char* bad :
       {"", "h", "30", "1.5h", "30m1h", "1h1h", "-5m", "5 m", "5M", "1w", "1000000000s", "1h30", "m30", " 5m"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
}

TEST(ClockTime, ReadsMinutesSinceMidnightAndTwentyFourOnlyAsAnEnd) {
  EXPECT_EQ(parse_clock_time("00:00", false), 0);
  EXPECT_EQ(parse_clock_time("09:30", false), 9 * 60 + 30);
  EXPECT_EQ(parse_clock_time("23:59", false), 23 * 60 + 59);
  EXPECT_EQ(parse_clock_time("24:00", true), 24 * 60);
  EXPECT_FALSE(parse_clock_time("24:00", false));
  for (const char* bad : {"24:01", "25:00", "09:60", "9:00", "09:0", "0900", "09-00", "ab:cd", ""})
    EXPECT_FALSE(parse_clock_time(bad, true).has_value()) << bad;
}

TEST(ClockTime, RangesLeaveTheOrderToTheCaller) {
  EXPECT_EQ(parse_clock_range("09:00-18:00"), (std::pair{540, 1080}));
  EXPECT_EQ(parse_clock_range("00:00-24:00"), (std::pair{0, 1440}));
  EXPECT_EQ(parse_clock_range("18:00-09:00"), (std::pair{1080, 540}));  // "must end after it starts" is the caller's
  for (const char* bad : {"24:00-24:00", "09:00 - 18:00", "09:00-18", "09:00_18:00", "9:00-18:00", "09:00-18:00 "})
    EXPECT_FALSE(parse_clock_range(bad).has_value()) << bad;
}

TEST(CivilDate, ReadsDaysSinceTheEpochAndRefusesDatesThatDoNotExist) {
  EXPECT_EQ(parse_civil_date("1970-01-01"), 0);
  EXPECT_EQ(parse_civil_date("2026-11-26"), days_from_civil(2026, 11, 26));
  EXPECT_EQ(parse_civil_date("2028-02-29"), days_from_civil(2028, 2, 29));
  for (const char* bad : {"2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
                          "2026-1-01", "2026/01/01", "26-01-01", "2026-01-01T00:00", ""})
    EXPECT_FALSE(parse_civil_date(bad).has_value()) << bad;
}
