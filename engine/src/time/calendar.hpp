// Business calendars: weekly opening hours and holidays in one time zone.
// `open(C)` of the spec is the union of these intervals.
#pragma once

#include <array>
#include <set>
#include <utility>
#include <vector>

#include "time/intervals.hpp"
#include "time/zone.hpp"

namespace vow {

// Minutes since local midnight, [open, close), close <= 24 * 60.
using DayHours = std::vector<std::pair<int, int>>;
using WeeklyHours = std::array<DayHours, 7>;  // Monday first

// Not thread-safe: open intervals are cached per local day as they are asked for.
class Calendar {
 public:
  Calendar() = default;  // 24x7
  Calendar(const Zone* zone, WeeklyHours hours, std::set<std::int64_t> holidays);

  bool always_open() const { return zone_ == nullptr; }
  // Appends, in order, the open intervals intersecting [from, to).
  void open_within(Instant from, Instant to, Intervals& out) const;
  // True when no week has an open minute (nothing could ever be measured).
  bool never_open() const;

 private:
  void cover(std::int64_t first_day, std::int64_t last_day) const;

  const Zone* zone_ = nullptr;
  WeeklyHours hours_{};
  std::set<std::int64_t> holidays_;  // local day numbers
  // Open intervals of the local days [cache_first_, cache_first_ + days), as
  // instants; day d's are cache_[cache_index_[d - first] .. cache_index_[d - first + 1]).
  mutable std::int64_t cache_first_ = 0;
  mutable std::vector<std::uint32_t> cache_index_;
  mutable Intervals cache_;
};

}  // namespace vow
