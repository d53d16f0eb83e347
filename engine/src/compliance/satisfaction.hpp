// Contract language 1.1 (terms.md): what an account's report says beside
// its compliance: the exceptions applied to it in a period, and the
// customers' satisfaction ratings counted there.
#pragma once

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "vow/report.hpp"

namespace vow {

// The exceptions granted to `c` and not revoked whose window meets `period`, by start.
std::vector<AppliedException> exceptions_in(const Contract& c, Interval period, const Facts& f);

// The ratings of `c`'s tickets counted in `period` (a ticket's latest, in
// the period holding its instant, under the priority in effect then), into
// a.csat and a.csat_by_priority.
void count_ratings(const Contract& c, Interval period, Instant as_of, const Facts& f, AccountReport& a);

}  // namespace vow
