#include "time/durations.hpp"

namespace vow {

// Scanned by hand: std::regex recurses per character.
std::optional<Millis> parse_duration(std::string_view s) {
  const char units[] = {'d', 'h', 'm', 's'};
  const long long scale[] = {86400, 3600, 60, 1};
  if (s.empty()) return std::nullopt;
  long long total = 0;
  size_t i = 0, next_unit = 0;
  while (i < s.size()) {
    size_t start = i;
    long long n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (i - start >= 9) return std::nullopt;
      n = n * 10 + (s[i++] - '0');
    }
    if (i == start || i == s.size()) return std::nullopt;
    while (next_unit < 4 && units[next_unit] != s[i]) ++next_unit;
    if (next_unit == 4) return std::nullopt;
    total += n * scale[next_unit++];
    ++i;
  }
  return total * 1000;
}

}  // namespace vow
