// Durations as each format writes them. OpenSLO v1's shorthand is a count
// and one letter, where `M` is a month and `m` a minute; v1alpha writes a
// count and a unit name. Vow writes slices as "1m", "5m", "1h", "1d".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vow::slo {

// A calendar-free length or a calendar unit: seconds for s/m/h/d/w, months
// for M/Q/Y (a quarter is 3, a year 12).
struct Length {
  std::int64_t count = 0;
  char unit = 's';  // one of s m h d w M Q Y, as OpenSLO v1 writes it
};

// "2w", "1M", "5m"; nullopt when not `<count><unit>`.
std::optional<Length> parse_shorthand(std::string_view text);

// A whole number, 0 or more ("30"); nullopt otherwise.
std::optional<std::int64_t> parse_count(std::string_view text);

// v1alpha's `unit` ("Second" ... "Year", any case) and `count`.
std::optional<Length> from_unit_name(std::string_view unit, std::int64_t count);

// "2 weeks", "1 minute", "1 month", for messages.
std::string spelled(const Length& l);

// Months when the unit is M, Q or Y; nullopt otherwise.
std::optional<std::int64_t> months_of(const Length& l);

// Seconds when the unit is s, m, h, d or w; nullopt otherwise.
std::optional<std::int64_t> seconds_of(const Length& l);

// A slice Vow accepts (a minute or more that divides a day) as Vow writes
// it ("1h30m" style); nullopt otherwise.
std::optional<std::string> vow_slice(std::int64_t seconds);

}  // namespace vow::slo
