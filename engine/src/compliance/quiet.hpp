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

// The first outage.started event of each outage with an event after
// as_of (an event stamped ahead of the moment it was stored).
std::vector<const Event*> outages_ahead(const EventIndex& x, Instant as_of);

// `clocks`: the instant until which the contract's clock alerts hold;
// a ticket opened later (one stored with its opening ahead) ends it too.
// Nothing when an outage that affects the contract is going on as of
// as_of, ended so recently that a notice of it may still fall due, or has
// an event ahead (`ahead`, from outages_ahead).
std::optional<Instant> quiet_until(const Contract& c, Instant as_of, Instant clocks, const Facts& f,
                                   std::span<const Event* const> ahead);

}  // namespace vow
