// IANA time zones, with the spec's rules for local times that do not exist
// (a DST gap moves them forward by the gap) or exist twice (the earlier wins).
#pragma once

#include <string>
#include <string_view>

#include "vow/instant.hpp"

namespace date {
class time_zone;
}

namespace vow {

constexpr Millis kDay = 86'400'000;

struct LocalTime {
  std::int64_t day;  // days since 1970-01-01 on the local calendar
  Millis of_day;     // ms since local midnight
};

class Zone {
 public:
  // The zone named `name`, or nullptr when the system tz database has none.
  // Zones live for the whole process.
  static const Zone* find(std::string_view name);
  static const Zone& utc();

  const std::string& name() const { return name_; }
  Instant to_instant(std::int64_t local_day, Millis of_day) const;
  LocalTime to_local(Instant t) const;
  // What people call the zone at `t`: "EDT", "CET", "UTC"; "UTC+03" where
  // the tz database has no letters for it.
  std::string abbreviation(Instant t) const;

 private:
  Zone(std::string name, const date::time_zone* tz) : name_(std::move(name)), tz_(tz) {}
  std::string name_;
  const date::time_zone* tz_;  // nullptr: UTC
};

// Days since 1970-01-01 of a civil date, and back.
std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(std::int64_t days, int& y, unsigned& m, unsigned& d);
// 0 = Monday ... 6 = Sunday
int weekday_of(std::int64_t days);

}  // namespace vow
