// What `vow status` says of a contract's objectives and scheduled jobs
// (contract language 1.1) in its commitment period running at as_of: the
// ones lost or at risk, as it says of uptime terms (docs/adr/0051). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "time/period.hpp"
#include "vow/report.hpp"

namespace vow {

// The level `vow status` gives a term in its running period: "breached" when
// missed for good (`can_rise`: a ratio before its period's end may still
// rise), "warning" when missed but able to rise or at `budget_warn` of its
// budget, "" otherwise.
std::string status_level(bool met, bool can_rise, const std::optional<double>& budget, double budget_warn);

// `c` is the whole contract (its versions), `terms` those in force for `period`.
void objective_status(const Contract& c, const Contract& terms, const Period& period, Instant as_of, const Facts& f,
                      std::vector<StatusObjective>& out);
void job_status(const Contract& c, const Contract& terms, const Period& period, Instant as_of, const Facts& f,
                std::vector<StatusJob>& out);

}  // namespace vow
