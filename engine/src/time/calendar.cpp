#include "time/calendar.hpp"

#include <algorithm>

namespace vow {

Calendar::Calendar(const Zone* zone, WeeklyHours hours, std::set<std::int64_t> holidays)
    : zone_(zone), hours_(std::move(hours)), holidays_(std::move(holidays)) {
  for (auto& day : hours_) std::sort(day.begin(), day.end());
}

bool Calendar::never_open() const {
  if (always_open()) return false;
  return std::all_of(hours_.begin(), hours_.end(), [](const DayHours& d) { return d.empty(); });
}

void Calendar::cover(std::int64_t first_day, std::int64_t last_day, CalendarCache::Days& c) const {
  std::int64_t cached_days = c.index.empty() ? 0 : static_cast<std::int64_t>(c.index.size()) - 1;
  if (cached_days > 0 && first_day >= c.first && last_day < c.first + cached_days) return;
  // Grow with a margin, so that walking on day by day rebuilds rarely.
  std::int64_t lo = first_day - 62, hi = last_day + 62;
  if (cached_days > 0) lo = std::min(lo, c.first), hi = std::max(hi, c.first + cached_days - 1);
  c.first = lo;
  c.index.assign(1, 0);
  c.open.clear();
  for (std::int64_t day = lo; day <= hi; ++day) {
    if (!holidays_.count(day))
      for (const auto& [open, close] : hours_[weekday_of(day)]) {
        Instant a = zone_->to_instant(day, open * 60'000LL), b = zone_->to_instant(day, close * 60'000LL);
        if (a < b) c.open.push_back({a, b});
      }
    c.index.push_back(static_cast<std::uint32_t>(c.open.size()));
  }
}

void Calendar::open_within(Instant from, Instant to, Intervals& out, CalendarCache& cache) const {
  if (from >= to) return;
  if (always_open()) {
    out.push_back({from, to});
    return;
  }
  // One local day of slack on each side covers any UTC offset.
  std::int64_t first = zone_->to_local(from).day - 1, last = zone_->to_local(to).day + 1;
  CalendarCache::Days& c = cache.days_[this];
  cover(first, last, c);
  auto begin = c.open.begin() + c.index[first - c.first];
  auto end = c.open.begin() + c.index[last - c.first + 1];
  for (auto it = begin; it != end; ++it) {
    Instant a = std::max(it->a, from), b = std::min(it->b, to);
    if (a >= b) continue;
    if (!out.empty() && a <= out.back().b)
      out.back().b = std::max(out.back().b, b);
    else
      out.push_back({a, b});
  }
}

Instant Calendar::close_of_open_day(Instant t, int n, const Zone& zone, CalendarCache& cache) const {
  if (n < 1 || never_open()) return kNever;
  if (always_open()) return zone.to_instant(zone.to_local(t).day + n + 1, 0);
  std::int64_t day = zone_->to_local(t).day;
  CalendarCache::Days& c = cache.days_[this];
  for (std::int64_t d = day + 1; d <= day + 3660; ++d) {
    cover(d, d, c);
    auto first = c.index[d - c.first], last = c.index[d - c.first + 1];
    if (first < last && --n == 0) return c.open[last - 1].b;
  }
  return kNever;
}

}  // namespace vow
