#include "time/civil_text.hpp"

#include "time/zone.hpp"

namespace vow {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

int digits(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t k = at; k < at + n; ++k) v = v * 10 + (s[k] - '0');
  return v;
}

}  // namespace

std::optional<int> parse_clock_time(std::string_view s, bool end) {
  if (s.size() != 5 || s[2] != ':' || !digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4])) return std::nullopt;
  int h = digits(s, 0, 2), m = digits(s, 3, 2);
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end))) return std::nullopt;
  return h * 60 + m;
}

std::optional<std::pair<int, int>> parse_clock_range(std::string_view s) {
  if (s.size() != 11 || s[5] != '-') return std::nullopt;
  auto a = parse_clock_time(s.substr(0, 5), false);
  auto b = a ? parse_clock_time(s.substr(6, 5), true) : std::nullopt;
  if (!a || !b) return std::nullopt;
  return std::pair{*a, *b};
}

std::optional<std::int64_t> parse_civil_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!digit(s[i])) return std::nullopt;
  int y = digits(s, 0, 4);
  unsigned mo = static_cast<unsigned>(digits(s, 5, 2)), d = static_cast<unsigned>(digits(s, 8, 2));
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  std::int64_t day = days_from_civil(y, mo, d);
  int yy;
  unsigned mm, dd;
  civil_from_days(day, yy, mm, dd);
  if (yy != y || mm != mo || dd != d) return std::nullopt;
  return day;
}

}  // namespace vow
