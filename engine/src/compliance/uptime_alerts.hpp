// The uptime alert kinds (docs/alerts.md): uptime.budget_warning and
// uptime.breached for every commitment period up to as_of, and
// uptime.burn_rate for each episode of each burn-rate rule. Each `at` is the
// first instant at which the condition held when evaluated as of that
// instant (compliance/uptime_timeline.hpp), compared exactly.
#pragma once

#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "compliance/uptime.hpp"
#include "vow/report.hpp"

namespace vow {

// Appends the uptime alerts of `c` that exist as of `as_of`, in no
// particular order. Nothing for a contract without an uptime term.
void uptime_alerts(const Contract& c, Instant as_of, const Facts& f, const ExcludeFn& exclude, std::vector<Alert>& out);

}  // namespace vow
