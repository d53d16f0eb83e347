// Alerts (docs/alerts.md): a pure function of the contracts, the ledger and
// an instant. An alert exists as of `as_of` when its condition held as of
// some instant no later; its `at` is the first such instant.
#pragma once

#include <vector>

#include "compliance/clocks.hpp"
#include "compliance/compliance_alerts.hpp"
#include "vow/report.hpp"

namespace vow {

// The `%.14g` form of a level in an alert id: 0.8, not 0.80000000000000004.
std::string level_text(double level);

// Appends the clock.warning, clock.breached and clock.escalated alerts of every ticket clock
// of `c` that exist as of `as_of`, in no particular order. With `settled`,
// also appends each settled clock's RateStep there (for
// below_target_alerts), so the clocks are worked out once. Gives the
// instant until which they hold (ticket_alerts), the earliest of its tickets'.
Instant clock_alerts(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch, std::vector<Alert>& out,
                     std::vector<RateStep>* settled = nullptr);

// The same for one ticket of `c`. Gives the instant until which, with no
// event added to the ticket, the same alerts and steps hold: they are
// those as of any instant in [as_of, until) (ADR 0039).
Instant ticket_alerts(const Contract& c, const TicketHistory& t, Instant as_of, const Facts& f, ClockScratch& scratch,
                      std::vector<Alert>& out, std::vector<RateStep>* settled = nullptr);

// By at, then id.
void sort_alerts(std::vector<Alert>& alerts);

}  // namespace vow
