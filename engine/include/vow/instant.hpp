// Instants: milliseconds since the Unix epoch, UTC. Every computation in Vow
// is on these and on half-open intervals of them.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace vow {

using Instant = std::int64_t;  // ms since 1970-01-01T00:00:00Z
using Millis = std::int64_t;   // a length of time in ms

inline constexpr Instant kNever = std::numeric_limits<Instant>::max();
inline constexpr Millis kSecond = 1000;

// RFC 3339 with `Z` or a numeric offset, seconds required, fraction optional
// (kept to the millisecond). Returns nullopt for anything else, including
// impossible dates such as 2026-02-30.
std::optional<Instant> parse_instant(std::string_view text);

// `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` only when the milliseconds are not zero.
std::string format_instant(Instant t);

// The system clock's time now, to the millisecond.
Instant now_instant();

}  // namespace vow
