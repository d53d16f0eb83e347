#include "slo/durations.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace vow::slo {
namespace {

struct Unit {
  char letter;
  const char* name;  // v1alpha's spelling
  const char* singular;
  const char* plural;
};

constexpr std::array<Unit, 8> kUnits{{{'s', "second", "second", "seconds"},
                                      {'m', "minute", "minute", "minutes"},
                                      {'h', "hour", "hour", "hours"},
                                      {'d', "day", "day", "days"},
                                      {'w', "week", "week", "weeks"},
                                      {'M', "month", "month", "months"},
                                      {'Q', "quarter", "quarter", "quarters"},
                                      {'Y', "year", "year", "years"}}};

const Unit* unit_of(char letter) {
  for (const Unit& u : kUnits)
    if (u.letter == letter) return &u;
  return nullptr;
}

constexpr std::int64_t kDay = 86'400;

}  // namespace

std::optional<std::int64_t> parse_count(std::string_view t) {
  if (t.empty()) return std::nullopt;
  std::int64_t n = 0;
  for (char c : t) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || n > 1'000'000'000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::optional<Length> parse_shorthand(std::string_view t) {
  if (t.size() < 2 || !unit_of(t.back())) return std::nullopt;
  auto n = parse_count(t.substr(0, t.size() - 1));
  if (!n) return std::nullopt;
  return Length{*n, t.back()};
}

std::optional<Length> from_unit_name(std::string_view unit, std::int64_t count) {
  std::string u(unit);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const Unit& k : kUnits)
    if (u == k.name) return Length{count, k.letter};
  return std::nullopt;
}

std::string spelled(const Length& l) {
  const Unit* u = unit_of(l.unit);
  return std::to_string(l.count) + " " + (l.count == 1 ? u->singular : u->plural);
}

std::optional<std::int64_t> months_of(const Length& l) {
  if (l.unit == 'M') return l.count;
  if (l.unit == 'Q') return l.count * 3;
  if (l.unit == 'Y') return l.count * 12;
  return std::nullopt;
}

std::optional<std::int64_t> seconds_of(const Length& l) {
  switch (l.unit) {
    case 's':
      return l.count;
    case 'm':
      return l.count * 60;
    case 'h':
      return l.count * 3'600;
    case 'd':
      return l.count * kDay;
    case 'w':
      return l.count * 7 * kDay;
    default:
      return std::nullopt;
  }
}

std::optional<std::string> vow_slice(std::int64_t s) {
  if (s < 60 || s > kDay || kDay % s != 0) return std::nullopt;
  if (s == kDay) return "1d";
  std::string out;
  if (s >= 3'600) out += std::to_string(s / 3'600) + "h";
  if (s % 3'600 >= 60) out += std::to_string(s % 3'600 / 60) + "m";
  if (s % 60) out += std::to_string(s % 60) + "s";
  return out;
}

}  // namespace vow::slo
