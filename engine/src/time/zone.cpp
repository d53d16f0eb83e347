#include "time/zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <map>
#include <memory>
#include <mutex>

namespace vow {

const Zone* Zone::find(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Zone>, std::less<>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second.get();
  const date::time_zone* tz = nullptr;
  if (name != "UTC") {
    try {
      tz = date::locate_zone(std::string(name));
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  auto zone = std::unique_ptr<Zone>(new Zone(std::string(name), tz));
  const Zone* raw = zone.get();
  cache.emplace(std::string(name), std::move(zone));
  return raw;
}

const Zone& Zone::utc() {
  static const Zone* z = find("UTC");
  return *z;
}

Instant Zone::to_instant(std::int64_t local_day, Millis of_day) const {
  Millis local_ms = local_day * kDay + of_day;
  if (!tz_) return local_ms;
  using namespace std::chrono;
  auto secs = local_ms >= 0 ? local_ms / 1000 : -((-local_ms + 999) / 1000);
  Millis frac = local_ms - secs * 1000;
  date::local_seconds ls{seconds{secs}};
  auto info = tz_->get_info(ls);
  // unique: its offset; nonexistent: the offset before the gap, which lands
  // the gap's length later; ambiguous: the first (earlier) instant.
  auto offset = info.first.offset;
  return (secs - offset.count()) * 1000 + frac;
}

LocalTime Zone::to_local(Instant t) const {
  Millis local_ms = t;
  if (tz_) {
    using namespace std::chrono;
    auto secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
    auto info = tz_->get_info(date::sys_seconds{seconds{secs}});
    local_ms = t + info.offset.count() * 1000;
  }
  std::int64_t day = local_ms >= 0 ? local_ms / kDay : -((-local_ms + kDay - 1) / kDay);
  return {day, local_ms - day * kDay};
}

std::string Zone::abbreviation(Instant t) const {
  if (!tz_) return "UTC";
  using namespace std::chrono;
  auto secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
  const date::sys_info info = tz_->get_info(date::sys_seconds{seconds{secs}});
  bool letters = info.abbrev.find_first_of("+-0123456789") == std::string::npos && !info.abbrev.empty();
  return letters ? info.abbrev : "UTC" + info.abbrev;
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

void civil_from_days(std::int64_t days, int& y, unsigned& m, unsigned& d) {
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  y = static_cast<int>(ymd.year());
  m = static_cast<unsigned>(ymd.month());
  d = static_cast<unsigned>(ymd.day());
}

int weekday_of(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

}  // namespace vow
