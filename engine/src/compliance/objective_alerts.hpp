// objective.budget_warning and objective.breached (alerts.md, slis.md): the
// first instant in a period at which an objective's budget used reaches
// budget_warn, or its percent falls below target (for a ratio, not before
// the period's end). An objective's figures change only when a window
// becomes known (its `at`) and when a slice ends, so only those instants
// are looked at.
#pragma once

#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "vow/report.hpp"

namespace vow {

// Appends the objective alerts of `c` existing as of `as_of`, for every
// month from the first window of its indicators, under each month's terms.
void objective_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out);

// The next instant after `as_of` at which an objective of `c`, or an uptime
// term read from an indicator, may change
// with no event added: the end of the slice running then (kNever without
// sliced objectives). A ratio changes only with events, or at its period's end.
Instant objectives_quiet_until(const Contract& c, Instant as_of);

}  // namespace vow
