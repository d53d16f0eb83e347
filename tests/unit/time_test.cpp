#include <gtest/gtest.h>

#include "time/calendar.hpp"
#include "time/period.hpp"
#include "time/zone.hpp"

using namespace vow;

namespace {
Instant at(const char* s) {
  return *parse_instant(s);
}
}  // namespace

TEST(Instant, ParsesOffsetsAndFractions) {
  EXPECT_EQ(at("2026-10-03T06:15:00.250-04:00"), at("2026-10-03T10:15:00.250Z"));
  EXPECT_EQ(format_instant(at("2026-10-03T10:15:00.250Z")), "2026-10-03T10:15:00.250Z");
  EXPECT_EQ(format_instant(at("2026-10-03T10:15:00.000Z")), "2026-10-03T10:15:00Z");
  EXPECT_EQ(at("2026-10-03T10:15:00.1239Z") % 1000, 123);  // kept to the millisecond
}

TEST(Instant, RefusesWhatIsNotRfc3339) {
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-10-03T10:15Z", "2026-10-03 10:15:00Z", "2026-13-01T00:00:00Z",
                          "2026-10-03T24:00:00Z", "2026-10-03T10:15:00", "2026-10-03T10:15:00+0400", "", "yesterday",
                          "2026-10-03T10:15:00.Z", "2026-10-03T10:15:60Z"})
    EXPECT_FALSE(parse_instant(bad).has_value()) << bad;
}

TEST(Zone, GapMovesForwardByTheGapAndOverlapTakesTheEarlier) {
  const Zone& ny = *Zone::find("America/New_York");
  // 2026-03-08 02:30 does not exist in New York: it becomes 03:30 EDT.
  EXPECT_EQ(ny.to_instant(days_from_civil(2026, 3, 8), (2 * 60 + 30) * 60'000), at("2026-03-08T07:30:00Z"));
  // 2026-11-01 01:30 happens twice: the first (EDT) is taken.
  EXPECT_EQ(ny.to_instant(days_from_civil(2026, 11, 1), (1 * 60 + 30) * 60'000), at("2026-11-01T05:30:00Z"));
  EXPECT_EQ(Zone::find("Mars/Olympus"), nullptr);
}

TEST(Period, MonthsAreCutAtLocalMidnightAndDstMonthsDifferInLength) {
  auto oct = *parse_period("2026-10");
  Interval berlin = oct.bounds(*Zone::find("Europe/Berlin"));
  EXPECT_EQ(berlin.a, at("2026-09-30T22:00:00Z"));
  EXPECT_EQ(berlin.b, at("2026-10-31T23:00:00Z"));
  EXPECT_EQ(berlin.length(), (31 * 24 + 1) * 3'600'000LL);
  auto q4 = *parse_period("2026-Q4");
  EXPECT_EQ(q4.bounds(Zone::utc()).b, at("2027-01-01T00:00:00Z"));
  EXPECT_EQ(q4.label(), "2026-Q4");
  EXPECT_FALSE(parse_period("2026-13"));
  EXPECT_FALSE(parse_period("2026-Q5"));
  EXPECT_EQ(month_containing(at("2026-10-31T23:30:00Z"), *Zone::find("Europe/Berlin")).label(), "2026-11");
}

TEST(Calendar, HolidaysAreClosedAndIntervalsMayEndAt2400) {
  WeeklyHours week;
  week[0] = {{9 * 60, 18 * 60}};   // Monday
  week[5] = {{20 * 60, 24 * 60}};  // Saturday to midnight
  Calendar cal(Zone::find("America/New_York"), week, {days_from_civil(2026, 10, 12)});
  Intervals out;
  CalendarCache cache;
  cal.open_within(at("2026-10-10T00:00:00Z"), at("2026-10-20T00:00:00Z"), out, cache);
  // Sat 10th 20:00-24:00 EDT, (Mon 12th is a holiday), Sat 17th, Mon 19th.
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (Interval{at("2026-10-11T00:00:00Z"), at("2026-10-11T04:00:00Z")}));
  EXPECT_EQ(out[1], (Interval{at("2026-10-18T00:00:00Z"), at("2026-10-18T04:00:00Z")}));
  EXPECT_EQ(out[2], (Interval{at("2026-10-19T13:00:00Z"), at("2026-10-19T22:00:00Z")}));
}

TEST(Calendar, DayAcrossTheDstChangeHasItsRealLength) {
  WeeklyHours week;
  for (auto& d : week) d = {{0, 24 * 60}};
  Calendar cal(Zone::find("America/New_York"), week, {});
  Intervals out;
  CalendarCache cache;
  cal.open_within(at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z"), out, cache);
  EXPECT_EQ(measure(out), 25 * 3'600'000LL);
}

// Contract language 1.1, business days: the close of the n-th open day after
// the local date of an instant, skipping holidays and closed days.
TEST(Calendar, CloseOfTheNthOpenDayAfterTheLocalDate) {
  const Zone& ny = *Zone::find("America/New_York");
  WeeklyHours week;
  for (int d = 0; d < 5; ++d) week[d] = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  week[5] = {{20 * 60, 24 * 60}};  // Saturday evening, to midnight
  Calendar cal(&ny, week, {days_from_civil(2026, 11, 26)});
  CalendarCache cache;
  // Friday 2026-11-13 23:30 EST is 04:30Z on Saturday: its local date is Friday.
  EXPECT_EQ(cal.close_of_open_day(at("2026-11-14T04:30:00Z"), 1, ny, cache), at("2026-11-15T05:00:00Z"));  // Sat 24:00
  EXPECT_EQ(cal.close_of_open_day(at("2026-11-14T04:30:00Z"), 2, ny, cache), at("2026-11-16T23:00:00Z"));  // Mon 18:00
  // Wednesday before Thanksgiving: Thursday is closed, Friday is next.
  EXPECT_EQ(cal.close_of_open_day(at("2026-11-25T15:00:00Z"), 1, ny, cache), at("2026-11-27T23:00:00Z"));
  // Across the end of DST: Friday 10-30 EDT to Monday 11-02 18:00 EST.
  EXPECT_EQ(cal.close_of_open_day(at("2026-10-30T14:00:00Z"), 2, ny, cache), at("2026-11-02T23:00:00Z"));
  // 24x7 has no zone of its own: the days are those of the zone given.
  Calendar always;
  EXPECT_EQ(always.close_of_open_day(at("2026-11-15T03:00:00Z"), 1, ny, cache), at("2026-11-16T05:00:00Z"));
  EXPECT_EQ(always.close_of_open_day(at("2026-11-15T03:00:00Z"), 1, Zone::utc(), cache), at("2026-11-17T00:00:00Z"));
  // A calendar that is never open has no close.
  EXPECT_EQ(Calendar(&ny, WeeklyHours{}, {}).close_of_open_day(at("2026-11-15T03:00:00Z"), 1, ny, cache), kNever);
}
