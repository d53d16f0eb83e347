// Calls into contract code at evaluation time: `exclude(o)` and `credit(m)`.
#pragma once

#include <optional>
#include <string>

#include "compliance/uptime.hpp"
#include "contracts/sandbox.hpp"
#include "contracts/terms.hpp"
#include "vow/report.hpp"

namespace vow {

struct FormulaOutcome {
  std::optional<double> amount;   // in the currency
  std::optional<double> percent;  // of the monthly fee
  std::optional<std::string> note;
};

// True when the contract's exclude(o) leaves the outage out. Errors are
// returned in `error` ("FILE:LINE: message", then the Lua frames it came
// through as a "stack traceback:") and count as "not excluded".
bool call_exclude(Sandbox& box, const UptimeTerm& term, const OutageView& o, std::string& error);

// Runs a credit function with `m` built from `inputs`; errors as for call_exclude.
std::optional<FormulaOutcome> call_credit(Sandbox& box, const CreditTerm& term, const CreditFigures& inputs,
                                          std::string& error);

}  // namespace vow
