#include "compliance/slices.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>

namespace vow {

std::size_t SliceGrid::at(Instant t) const {
  if (starts.empty() || t < starts.front() || t >= end) return starts.size();
  return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), t) - starts.begin()) - 1;
}

SliceGrid slice_grid(const Zone& zone, Interval within, Millis length) {
  SliceGrid g;
  g.end = within.b;
  if (length <= 0 || within.b <= within.a) return g;
  const std::int64_t per_day = kDay / length;
  for (std::int64_t day = zone.to_local(within.a).day;; ++day) {
    Instant midnight = zone.to_instant(day, 0), next = zone.to_instant(day + 1, 0);
    if (midnight >= within.b) break;
    // The day's last slice ends at the next midnight: a 23-hour day's is
    // shorter (or gone, when the day ends where it would start), a 25-hour
    // day's longer.
    for (std::int64_t k = 0; k < per_day; ++k) {
      Instant start = midnight + k * length;
      if (start >= next) break;
      if (start >= within.a && start < within.b) g.starts.push_back(start);
    }
  }
  return g;
}

Instant slice_end_after(const Zone& zone, Instant t, Millis length) {
  std::int64_t day = zone.to_local(t).day;
  Instant midnight = zone.to_instant(day, 0), next = zone.to_instant(day + 1, 0);
  std::int64_t k = (t - midnight) / length;
  // As slice_grid cuts the day: the last slice of the day runs to midnight.
  return k + 1 >= kDay / length ? next : std::min(next, midnight + (k + 1) * length);
}

std::span<const SliWindow* const> windows_of(const Facts& f, std::string_view sli, std::string_view customer) {
  if (auto c = f.sli_of.find(customer); c != f.sli_of.end())
    if (auto s = c->second.find(sli); s != c->second.end()) return s->second;
  if (auto s = f.sli_for_all.find(sli); s != f.sli_for_all.end()) return s->second;
  return {};
}

std::vector<SliceCounts> count_slices(const SliceGrid& grid, std::span<const SliWindow* const> windows,
                                      std::vector<const SliWindow*>* too_long) {
  std::vector<SliceCounts> out(grid.size());
  for (const SliWindow* w : windows) {
    std::size_t i = grid.at(w->start);
    if (i == grid.size()) continue;
    if (w->end - w->start > grid.end_of(i) - grid.starts[i]) {
      if (too_long) too_long->push_back(w);
      continue;
    }
    out[i].good += w->good;
    out[i].total += w->total;
  }
  return out;
}

bool bad_slice(const SliceCounts& c, std::int64_t min_total, std::int64_t rate_num, std::int64_t rate_den) {
  if (c.total <= 0 || c.total < min_total) return false;
  using boost::multiprecision::int256_t;
  // 100 × (total − good) > (num / den) × total, in integers.
  return int256_t(100) * int256_t(c.total - c.good) * rate_den > int256_t(rate_num) * int256_t(c.total);
}

}  // namespace vow
