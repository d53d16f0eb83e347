// How far an account fell short, in one unit for every kind of target: the
// share of its error budget used. Uptime 97.659% against 99.9% used 23.4 times
// the 0.1% of downtime allowed; P0 response 0/1 against 95% used 20 times the
// 5% of late tickets allowed. A missed uptime ranks before missed ticket
// targets (it is the promise credits are paid on, and one late ticket of one
// would otherwise outweigh a day down); within each, the larger share of a
// budget is worse, so "2.241 points short" ranks above "1.300 points short"
// whatever else each account missed.
#pragma once

#include <string>
#include <vector>

#include "vow/report.hpp"

namespace vow {

struct Shortfall {
  std::vector<Miss> reasons;  // each missed (or nearly missed) target, in the order the outputs list them
  double worst = 0;           // the largest share of an error budget used, by any target
  bool uptime_missed = false;
  double uptime_used = 0;     // share of the uptime budget used
  double uptime_short = 0;    // points below target; orders misses of a 100% target, whose budget is 0
  double tickets_worst = 0;   // the largest share used by a response or resolution target
  double tickets_failed = 0;  // the largest share of late tickets, for the same reason
  double total = 0;           // the sum over every target that was missed
  int late_notices = 0;
};

// `with_reasons` false: the figures alone, for ranking many accounts
// without listing the misses of each.
Shortfall shortfall_of(const AccountReport& a, bool with_reasons = true);

// Worst first: red before yellow before green; then a missed uptime before
// none, by the share of its budget used (then by points short); then the
// largest share a ticket target used (then the largest share late); then
// the sum of the misses, late notices, and the uptime budget used by an
// account that met its target; ties by id.
bool more_severe(const AccountReport& a, const Shortfall& sa, const AccountReport& b, const Shortfall& sb);

// Every account, worst first, in the order above.
std::vector<const AccountReport*> by_severity(const std::vector<AccountReport>& accounts);

}  // namespace vow
