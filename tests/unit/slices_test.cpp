// Slices and objectives (contract language 1.1, slis.md): the grid on DST
// days, exact bad-slice tests, windows longer than their slice, and the
// `objectives` field as `vow check` reads it.
#include "compliance/slices.hpp"

#include <gtest/gtest.h>

#include "compliance/objectives.hpp"
#include "contract_problems.hpp"

using namespace vow;

namespace {

Instant at(const char* text) {
  return *parse_instant(text);
}

std::string contract(const std::string& objectives) {
  return "contract \"acme\" {\n  objectives = " + objectives + ",\n}\n";
}

}  // namespace

TEST(Slices, ADstDayHasItsLastSliceShorterOrLonger) {
  const Zone& ny = *Zone::find("America/New_York");
  // 2026-11-01 has 25 hours in New York (EDT to EST at 02:00).
  Interval day{at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z")};
  SliceGrid hours = slice_grid(ny, day, 3'600'000);
  ASSERT_EQ(hours.size(), 24u);
  EXPECT_EQ(hours.end_of(23) - hours.starts[23], 2 * 3'600'000);  // 23:00 local, two hours long
  SliceGrid whole = slice_grid(ny, day, kDay);
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole.end_of(0) - whole.starts[0], 25 * 3'600'000);
  // 2026-03-08 has 23: a day slice is 23 hours; hourly slices are 23.
  Interval spring{at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z")};
  EXPECT_EQ(slice_grid(ny, spring, 3'600'000).size(), 23u);
  SliceGrid two = slice_grid(ny, spring, 2 * 3'600'000);
  ASSERT_EQ(two.size(), 12u);
  EXPECT_EQ(two.end_of(11) - two.starts[11], 3'600'000);  // the last, one hour short
  EXPECT_EQ(slice_grid(ny, spring, kDay).end_of(0) - at("2026-03-08T05:00:00Z"), 23 * 3'600'000);
}

TEST(Slices, WindowsGoToTheSliceOfTheirStartAndLongOnesNowhere) {
  SliceGrid g = slice_grid(Zone::utc(), {at("2026-11-01T00:00:00Z"), at("2026-11-01T01:00:00Z")}, 60'000);
  ASSERT_EQ(g.size(), 60u);
  Event a, b, c;
  a.start = at("2026-11-01T00:00:30Z"), a.end = at("2026-11-01T00:01:30Z"), a.good = 9, a.total = 10;
  b.start = at("2026-11-01T00:00:00Z"), b.end = at("2026-11-01T00:00:20Z"), b.good = 1, b.total = 1;
  c.start = at("2026-11-01T00:05:00Z"), c.end = at("2026-11-01T00:07:00Z"), c.good = 0, c.total = 3;
  std::vector<const Event*> too_long;
  auto counts = count_slices(g, {&a, &b, &c}, &too_long);
  EXPECT_EQ(counts[0].good, 10);
  EXPECT_EQ(counts[0].total, 11);
  EXPECT_EQ(counts[5].total, 0);
  ASSERT_EQ(too_long.size(), 1u);
  EXPECT_EQ(too_long[0], &c);
}

TEST(Slices, BadIsExactAtTheRateTheContractWrote) {
  std::int64_t num, den;
  ASSERT_TRUE(decimal_fraction(5, 6, num, den));
  EXPECT_EQ(num, 5);
  EXPECT_EQ(den, 1);
  // 5% of 100 is 5 failures: not above 5%, so good; 6 is bad.
  EXPECT_FALSE(bad_slice({95, 100}, 1, num, den));
  EXPECT_TRUE(bad_slice({94, 100}, 1, num, den));
  // 0.1 is not a binary fraction: 1 failure in 1000 is exactly 0.1%, not above.
  ASSERT_TRUE(decimal_fraction(0.1, 6, num, den));
  EXPECT_EQ(num, 1);
  EXPECT_EQ(den, 10);
  EXPECT_FALSE(bad_slice({999, 1000}, 1, num, den));
  EXPECT_TRUE(bad_slice({998, 1000}, 1, num, den));
  // Under min_total, and without counts, a slice is good.
  EXPECT_FALSE(bad_slice({0, 99}, 100, num, den));
  EXPECT_TRUE(bad_slice({0, 100}, 100, num, den));
  EXPECT_FALSE(bad_slice({0, 0}, 1, num, den));
  // Counts near 2^63 do not overflow the comparison.
  EXPECT_TRUE(bad_slice({INT64_MAX / 2, INT64_MAX}, 1, num, den));
  EXPECT_FALSE(decimal_fraction(0.1234567, 6, num, den));
}

TEST(ObjectivesField, EachProblemNamesTheObjectiveAndTheKey) {
  expect_problem(contract(R"({ { name = "Page", sli = "p" } })"), "field \"objectives.1.target\" is required");
  expect_problem(contract(R"({ { name = "Page", target = 95 } })"), "field \"objectives.1.sli\" is required");
  expect_problem(contract(R"({ { name = "Page", sli = "p", target = 95 }, { name = "Page", sli = "q", target = 9 } })"),
                 "field \"objectives.2.name\": \"Page\" names another objective too");
  expect_problem(
      contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslice" } })"),
      "field \"objectives.1.method\" must be \"ratio\", \"timeslices\" or \"ratio_timeslices\" (did you mean "
      "\"timeslices\"?)");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", max_error_rate = 5 } })"),
                 "field \"objectives.1.slice\" is required with this method");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", slice = "7m",
                                 max_error_rate = 5 } })"),
                 "field \"objectives.1.slice\" must divide a day");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", slice = "1m" } })"),
                 "field \"objectives.1.max_error_rate\" is required with slices");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, slice = "1m" } })"),
                 "field \"objectives.1.slice\" applies to the methods");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "ratio_timeslices", slice = "1h",
                                 max_error_rate = 5 } })"),
                 "field \"objectives.1.max_error_rate\" applies to slices");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, method = "timeslices", slice = "1m",
                                 max_error_rate = 5, min_total = 0.5 } })"),
                 "field \"objectives.1.min_total\" must be a whole number");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 95, trget = 1 } })"),
                 "field \"objectives.1.trget\" is unknown (did you mean \"target\"?)");
  expect_problem(contract(R"({ name = "P", sli = "p", target = 95 })"), "one objective needs braces around it too");
  expect_problem(contract(R"({ { name = "P", sli = "p", target = 101 } })"),
                 "field \"objectives.1.target\" must be a percent between 0 and 100");
  EXPECT_TRUE(problems_of(contract(R"({ { name = "P", sli = "p", target = 99.5, method = "timeslices", slice = "5m",
                                         max_error_rate = 0, min_total = 100, clause = "§4" } })"))
                  .empty());
}
