// Wall-clock times and calendar dates as contracts write them: opening
// hours "09:00-18:00" and holidays "2026-12-25".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace vow {

// "HH:MM" to minutes since midnight. Only the end of an interval may be
// "24:00", so a day can be open to its very end without "23:59" losing a minute.
std::optional<int> parse_clock_time(std::string_view text, bool end_of_interval);

// "HH:MM-HH:MM" to [open, close) in minutes. The order is left to the caller,
// which reports "must end after it starts" apart from "is not HH:MM-HH:MM".
std::optional<std::pair<int, int>> parse_clock_range(std::string_view text);

// "YYYY-MM-DD" to days since 1970-01-01; dates that do not exist
// ("2026-02-30") are refused rather than rolled over.
std::optional<std::int64_t> parse_civil_date(std::string_view text);

}  // namespace vow
