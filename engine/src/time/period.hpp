// Reporting periods: a month `YYYY-MM` or a quarter `YYYY-Qn`, cut at local
// midnight in a contract's time zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "time/intervals.hpp"
#include "time/zone.hpp"

namespace vow {

struct Period {
  int year = 0;
  int first_month = 1;  // 1..12
  int months = 1;       // 1 or 3
  bool is_quarter() const { return months == 3; }
  std::string label() const;
  int days() const;                         // calendar days in it: 28 to 31 for a month, 90 to 92 for a quarter
  Interval bounds(const Zone& zone) const;  // [p0, p1)
  bool operator==(const Period&) const = default;
};

std::optional<Period> parse_period(std::string_view text);
Period month_containing(Instant t, const Zone& zone);
// The calendar quarter holding `t`, or holding the month `p`.
Period quarter_containing(Instant t, const Zone& zone);
Period quarter_of(const Period& p);
Period next_month(const Period& p);
// The month or quarter before / after `p`.
Period previous(const Period& p);
Period following(const Period& p);

}  // namespace vow
