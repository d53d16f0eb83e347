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

void Calendar::open_within(Instant from, Instant to, Intervals& out) const {
  if (from >= to) return;
  if (always_open()) {
    out.push_back({from, to});
    return;
  }
  // One local day of slack on each side covers any UTC offset.
  std::int64_t first = zone_->to_local(from).day - 1, last = zone_->to_local(to).day + 1;
  for (std::int64_t day = first; day <= last; ++day) {
    if (holidays_.count(day)) continue;
    for (const auto& [open, close] : hours_[weekday_of(day)]) {
      Instant a = zone_->to_instant(day, open * 60'000LL);
      Instant b = zone_->to_instant(day, close * 60'000LL);
      a = std::max(a, from);
      b = std::min(b, to);
      if (a >= b) continue;
      if (!out.empty() && a <= out.back().b)
        out.back().b = std::max(out.back().b, b);
      else
        out.push_back({a, b});
    }
  }
}

}  // namespace vow
