// Credit arithmetic (spec/semantics.md, "Credits"): exact, clamped, rounded.
#pragma once

#include <optional>
#include <vector>

#include "compliance/money.hpp"
#include "compliance/terms.hpp"

namespace vow {

// The largest percent among rows whose `below` is strictly above the
// uptime percent; 0 without rows that match or without an uptime term.
double schedule_percent(const std::vector<ScheduleRow>& rows, std::optional<double> uptime_percent);

// percent (of fee) or amount, clamped to [0, cap% of fee], rounded half away
// from zero to the currency's minor unit.
Decimal settle_credit(std::optional<double> percent, std::optional<double> amount, const Decimal& fee,
                      double cap_percent, const std::string& currency);

}  // namespace vow
