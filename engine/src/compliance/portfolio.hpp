// The portfolio view of a report: pure functions over account results.
#pragma once

#include <vector>

#include "vow/report.hpp"

namespace vow {

std::vector<TierSummary> summarize_tiers(const std::vector<AccountReport>& accounts);

// How badly an account fell short: red before yellow before green, then by
// how far short. Higher is worse; the one order every ranked view uses.
double account_severity(const AccountReport& a);

// All accounts, worst first by account_severity (ties by customer id).
std::vector<const AccountReport*> worst_first(const std::vector<AccountReport>& accounts);

// Accounts with the worst experience, worst first, each with why.
std::vector<AccountFlag> flag_accounts(const std::vector<AccountReport>& accounts, size_t limit);

// `history` holds earlier periods' reports, oldest first; `current` is last.
std::vector<Trend> trends(const std::vector<const Report*>& history, const Report& current,
                          const std::vector<AccountFlag>& flags);

// Accounts projected to miss a target next period: the budget burn of a
// period still running, or the linear trend of finished periods.
std::vector<Risk> project_risks(const std::vector<const Report*>& history, const Report& current,
                                const std::string& next_period, Instant as_of);

}  // namespace vow
