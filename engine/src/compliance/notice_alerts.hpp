// notice.overdue alerts (docs/alerts.md, "Notices"): the communications
// clocks of `vow report` and `vow status`, read as alerts.
#pragma once

#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "vow/report.hpp"

namespace vow {

// Appends a notice.overdue alert for every communications clock of every
// outage affecting `c` that is unmet as of `as_of`: its deadline is past
// (deadline < as_of) and nothing met it by then. Nothing without
// `communications` terms.
void notice_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out);

}  // namespace vow
