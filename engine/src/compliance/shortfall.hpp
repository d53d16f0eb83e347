// How far an account fell short, in one unit for every kind of target: the
// share of its error budget used. Uptime 97.659% against 99.9% used 23.4 times
// the 0.1% of downtime allowed; P0 response 0/1 against 95% used 20 times the
// 5% of late tickets allowed. Ranking by this unit keeps "2.241 points short
// of uptime" above "1.300 points short" whatever else each account missed.
#pragma once

#include <string>
#include <vector>

#include "vow/report.hpp"

namespace vow {

struct Shortfall {
  std::vector<std::string> reasons;  // one sentence per missed (or nearly missed) target
  double worst = 0;                  // the largest share of an error budget used, by any target
  double total = 0;                  // the sum over every target that was missed
  int late_notices = 0;
};

Shortfall shortfall_of(const AccountReport& a);

// Worst first: red before yellow before green, then the worst share of a
// budget, then the sum of the misses, then late notices; ties by customer id.
bool more_severe(const AccountReport& a, const Shortfall& sa, const AccountReport& b, const Shortfall& sb);

// Every account, worst first, in the order above.
std::vector<const AccountReport*> by_severity(const std::vector<AccountReport>& accounts);

}  // namespace vow
