// Objectives beside uptime (contract language 1.1, slis.md): a share of an
// indicator's events (ratio), of its slices (timeslices) or one minus the
// mean error rate of its slices (ratio_timeslices) against a target. Pure.
#pragma once

#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "time/intervals.hpp"
#include "vow/report.hpp"

namespace vow {

// `o` for `customer` over `within` (the period, in the contract's zone
// `zone`), as of as_of.
ObjectiveFigures objective_figures(const Objective& o, const Zone& zone, std::string_view customer, Interval within,
                                   Instant as_of, const Facts& f);

// `v` (a percent the contract wrote, such as 99.9 or 0.1) as an exact
// fraction num / den of at most `max_decimals` decimals; false when it has more.
bool decimal_fraction(double v, int max_decimals, std::int64_t& num, std::int64_t& den);

}  // namespace vow
