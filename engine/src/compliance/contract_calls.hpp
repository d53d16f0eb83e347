// The contract code the arithmetic calls while it evaluates: a contract's
// exclude(o) and its credit(m). compliance/ defines the interface in its own
// types; contracts/ implements it with Lua (contracts/calls.hpp), and a test
// or an embedder can implement it in C++.
#pragma once

#include <optional>
#include <string>

#include "compliance/terms.hpp"
#include "compliance/uptime.hpp"
#include "vow/report.hpp"

namespace vow {

// What a credit function returned: exactly one of amount and percent.
struct FormulaOutcome {
  std::optional<double> amount;   // in the currency
  std::optional<double> percent;  // of the monthly fee
  std::optional<std::string> note;
};

class ContractCalls {
 public:
  virtual ~ContractCalls() = default;

  // True when the uptime term's exclude leaves the outage out. Called only
  // for a term of `c` that has one (exclude_fn). An error is put in `error`
  // ("FILE:LINE: message") and counts as "not excluded".
  virtual bool exclude(const Contract& c, const UptimeTerm& term, const OutageView& o, std::string& error) = 0;

  // The contract's credit function (credit.kind == Function) given `m`;
  // nullopt with `error` set when it failed or returned something unusable.
  virtual std::optional<FormulaOutcome> credit(const Contract& c, const CreditFigures& m, std::string& error) = 0;
};

}  // namespace vow
