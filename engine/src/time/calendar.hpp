// Business calendars: weekly opening hours and holidays in one time zone.
// `open(C)` of the spec is the union of these intervals.
#pragma once

#include <array>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "time/intervals.hpp"
#include "time/zone.hpp"

namespace vow {

// Minutes since local midnight, [open, close), close <= 24 * 60.
using DayHours = std::vector<std::pair<int, int>>;
using WeeklyHours = std::array<DayHours, 7>;  // Monday first

class Calendar;

// Open intervals of calendars, per local day, kept as they are asked for.
// The cache is the caller's (one per thread: a query's clock scratch), so
// that a Calendar never changes and threads share it (docs/adr/0021).
class CalendarCache {
 private:
  friend class Calendar;
  // Local days [first, first + days) as instants; day d's intervals are
  // open[index[d - first] .. index[d - first + 1]).
  struct Days {
    std::int64_t first = 0;
    std::vector<std::uint32_t> index;
    Intervals open;
  };
  std::unordered_map<const Calendar*, Days> days_;
};

class Calendar {
 public:
  Calendar() = default;  // 24x7
  Calendar(const Zone* zone, WeeklyHours hours, std::set<std::int64_t> holidays);

  bool always_open() const { return zone_ == nullptr; }
  // Appends, in order, the open intervals intersecting [from, to).
  void open_within(Instant from, Instant to, Intervals& out, CalendarCache& cache) const;
  // True when no week has an open minute (nothing could ever be measured).
  bool never_open() const;
  // Its holidays' dates (days since 1970-01-01).
  const std::set<std::int64_t>& holidays() const { return holidays_; }
  // The close of the n-th open day (n >= 1) after the local date of `t`
  // (contract language 1.1, business days): the end of that day's last
  // open interval. A 24x7 calendar has no zone of its own: every day of
  // `zone` is open and closes at midnight. kNever past ten years.
  Instant close_of_open_day(Instant t, int n, const Zone& zone, CalendarCache& cache) const;

 private:
  void cover(std::int64_t first_day, std::int64_t last_day, CalendarCache::Days& c) const;

  const Zone* zone_ = nullptr;
  WeeklyHours hours_{};
  std::set<std::int64_t> holidays_;  // local day numbers
};

}  // namespace vow
