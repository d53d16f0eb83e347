#include "time/period.hpp"

#include <chrono>
#include <cstdio>

namespace vow {

int Period::days() const {
  using namespace std::chrono;
  int n = 0;
  for (int i = 0; i < months; ++i) {
    year_month ym =
        year_month{std::chrono::year{year}, month{static_cast<unsigned>(first_month)}} + std::chrono::months{i};
    n += static_cast<int>(static_cast<unsigned>((ym / last).day()));
  }
  return n;
}

std::string Period::label() const {
  char buf[32];
  if (is_quarter())
    std::snprintf(buf, sizeof buf, "%04d-Q%d", year, (first_month - 1) / 3 + 1);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, first_month);
  return buf;
}

Interval Period::bounds(const Zone& zone) const {
  int end_year = year, end_month = first_month + months;
  if (end_month > 12) {
    end_month -= 12;
    ++end_year;
  }
  return {zone.to_instant(days_from_civil(year, first_month, 1), 0),
          zone.to_instant(days_from_civil(end_year, end_month, 1), 0)};
}

std::optional<Period> parse_period(std::string_view s) {
  auto num = [&](size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  Period p;
  if (!num(0, 4, p.year) || s.size() < 7 || s[4] != '-') return std::nullopt;
  if (s.size() == 7 && (s[5] == 'Q' || s[5] == 'q')) {
    int q;
    if (!num(6, 1, q) || q < 1 || q > 4) return std::nullopt;
    p.first_month = (q - 1) * 3 + 1;
    p.months = 3;
    return p;
  }
  if (s.size() != 7 || !num(5, 2, p.first_month) || p.first_month < 1 || p.first_month > 12) return std::nullopt;
  return p;
}

Period month_containing(Instant t, const Zone& zone) {
  int y;
  unsigned m, d;
  civil_from_days(zone.to_local(t).day, y, m, d);
  return Period{y, static_cast<int>(m), 1};
}

Period quarter_of(const Period& p) {
  return Period{p.year, (p.first_month - 1) / 3 * 3 + 1, 3};
}

Period quarter_containing(Instant t, const Zone& zone) {
  return quarter_of(month_containing(t, zone));
}

Period previous(const Period& p) {
  int month = p.first_month - p.months;
  return month >= 1 ? Period{p.year, month, p.months} : Period{p.year - 1, month + 12, p.months};
}

Period following(const Period& p) {
  int month = p.first_month + p.months;
  return month <= 12 ? Period{p.year, month, p.months} : Period{p.year + 1, month - 12, p.months};
}

Period next_month(const Period& p) {
  return p.first_month == 12 ? Period{p.year + 1, 1, 1} : Period{p.year, p.first_month + 1, 1};
}

}  // namespace vow
