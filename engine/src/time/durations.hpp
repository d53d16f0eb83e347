// Lengths of time as contracts write them: "90s", "30m", "1h30m", "2d".
#pragma once

#include <optional>
#include <string_view>

#include "vow/instant.hpp"

namespace vow {

// Units d h m s, each at most once and in that order, at most nine digits
// each, no decimals and no sign: what a person reading the contract expects
// "1h30m" to mean, with nothing left to guess ("1.5h", "30m1h").
std::optional<Millis> parse_duration(std::string_view text);

}  // namespace vow
