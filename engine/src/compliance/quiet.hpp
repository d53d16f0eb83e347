// Until when a contract's alerts stay those of as_of if no event is added
// (docs/adr/0039): what lets `vow serve` wake for a customer at the instant
// its alerts change instead of asking again and again. Clocks say it
// themselves (ticket_alerts); outages and their notices are not worked
// out here: while one may still change a contract's alerts, the answer is
// "not known" and the caller looks ahead.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "compliance/event_index.hpp"
#include "compliance/facts.hpp"
#include "compliance/terms.hpp"

namespace vow {

// The outage.started events of each outage, and the maintenance.scheduled
// events of each maintenance window, with an event after as_of (one stamped
// ahead of the moment it was stored): a window cancelled or moved then can
// count an ended outage's downtime from then on. Also the exception events
// and job completions (1.1) with an event ahead, and the sli.counted
// windows ahead.
struct ChangesAhead {
  std::vector<const Event*> events;
  std::vector<const WindowScope*> windows;  // those with a window ahead
};
ChangesAhead changes_ahead(const EventIndex& x, Instant as_of);

// `clocks`: the instant until which the contract's clock alerts hold;
// a ticket opened later (one stored with its opening ahead) ends it too.
// Nothing when an outage that affects the contract is going on as of
// as_of, ended so recently that a notice of it may still fall due or that
// a burn-rate rule, looked at each whole minute, has not yet seen its end,
// or when an outage or maintenance window of it has an event ahead
// (`ahead`, from changes_ahead).
std::optional<Instant> quiet_until(const Contract& c, Instant as_of, Instant clocks, const Facts& f,
                                   const ChangesAhead& ahead);

}  // namespace vow
