// Credit arithmetic (spec/semantics.md, "Credits"): exact, clamped, rounded.
#pragma once

#include <optional>
#include <vector>

#include "compliance/money.hpp"
#include "compliance/terms.hpp"
#include "vow/report.hpp"

namespace vow {

// The largest percent among the rows that match the uptime percent (`below`
// strictly, `at_most` inclusively); 0 without rows that match or without
// an uptime term.
double schedule_percent(const std::vector<ScheduleRow>& rows, std::optional<double> uptime_percent);

// percent (of fee) or amount, clamped to [0, cap% of fee] and, with
// `cap_days` (credit_cap_days, 1.1), to fee × cap_days / period_days, rounded
// half away from zero to the currency's minor unit.
Decimal settle_credit(std::optional<double> percent, std::optional<double> amount, const Decimal& fee,
                      double cap_percent, const std::string& currency, std::optional<double> cap_days = std::nullopt,
                      int period_days = 0);
// The same with an exact percent (a schedule over several terms).
Decimal settle_exact_credit(const std::optional<Decimal>& percent, std::optional<double> amount, const Decimal& fee,
                            double cap_percent, const std::string& currency,
                            std::optional<double> cap_days = std::nullopt, int period_days = 0);

// A schedule's percent of the fee (terms.md): the rows applied to its
// term's uptime (the first term by default), or with term "*" to each term,
// adding up percent × fee_share, exactly. `uptimes` are the period's
// figures in the contract's order of terms.
Decimal schedule_credit(const Contract& c, const std::vector<UptimeFigures>& uptimes);

}  // namespace vow
