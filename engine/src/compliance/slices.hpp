// Slices (contract language 1.1, slis.md): a period cut into pieces of a
// fixed length from each local midnight, and the sli.counted windows of
// one indicator and one customer summed into them. Pure.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "compliance/facts.hpp"
#include "time/intervals.hpp"
#include "time/zone.hpp"

namespace vow {

// The slices of `within` (local midnights to local midnights of `zone`):
// from each midnight, `length` after `length`; the day's last slice ends at
// the next midnight, so a DST day has its last slice shorter or longer
// (ADR 0048). `length` divides a day.
struct SliceGrid {
  std::vector<Instant> starts;  // ascending; slice i is [starts[i], starts[i + 1]) or [starts.back(), end)
  Instant end = 0;
  std::size_t size() const { return starts.size(); }
  Instant end_of(std::size_t i) const { return i + 1 < starts.size() ? starts[i + 1] : end; }
  // The slice holding `t`, or size() when none does.
  std::size_t at(Instant t) const;
};
SliceGrid slice_grid(const Zone& zone, Interval within, Millis length);

// The end of the slice holding `t`, by the same rule, without the grid.
Instant slice_end_after(const Zone& zone, Instant t, Millis length);

// Counts are at most 2^63 each and a period holds many windows: sums are
// 128-bit, which no month of windows can overflow.
using Count = boost::multiprecision::int128_t;
struct SliceCounts {
  Count good = 0, total = 0;
};

// The windows of indicator `sli` known for `customer`: its own and those
// for everyone, overlapping ones left out (listed in facts' problems).
std::span<const SliWindow* const> windows_of(const Facts& f, std::string_view sli, std::string_view customer);

// The counts of `windows` per slice of `grid`: a window counts in the slice
// holding its start; one longer than that slice counts nowhere and is
// appended to `too_long`.
std::vector<SliceCounts> count_slices(const SliceGrid& grid, std::span<const SliWindow* const> windows,
                                      std::vector<const SliWindow*>* too_long = nullptr);

// Whether a slice is bad: total >= min_total and 100 × (total − good) >
// max_error_rate × total, compared exactly with the decimal the contract
// wrote (`max_error_rate` as a fraction num / den).
bool bad_slice(const SliceCounts& c, std::int64_t min_total, std::int64_t rate_num, std::int64_t rate_den);

}  // namespace vow
