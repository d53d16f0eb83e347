// The portfolio view of a report: pure functions over account results.
#pragma once

#include <vector>

#include "vow/report.hpp"

namespace vow {

std::vector<TierSummary> summarize_tiers(const std::vector<AccountReport>& accounts);

// Accounts with the worst experience, worst first, each with why.
std::vector<AccountFlag> flag_accounts(const std::vector<AccountReport>& accounts, size_t limit);

// `history` holds earlier periods' reports, oldest first; `current` is last.
std::vector<Trend> trends(const std::vector<const Report*>& history, const Report& current,
                          const std::vector<AccountFlag>& flags);

}  // namespace vow
