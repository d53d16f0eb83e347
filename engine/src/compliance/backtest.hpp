// Scoring forecasts against what happened (ADR 0013): pure arithmetic.
#pragma once

#include <optional>
#include <vector>

#include "vow/report.hpp"

namespace vow {

struct ClockOutcome {
  Instant at;  // when it settled
  bool achieved;
};

// A month's on-time rate misses `target` from the instant after which the
// rate of the clocks settled so far stays below it to the month's end:
// that instant, or null when the month ends at or above the target.
std::optional<Instant> rate_missed_at(std::vector<ClockOutcome> settled, double target);

// Counts a month's cases (or every month's, for the totals).
BacktestMonth score(std::string period, int accounts, std::vector<BacktestCase> cases);

}  // namespace vow
