// What an account owes for a report's period, whatever the period: a month's
// credit, or for a quarter the sum of the credits of its months so far.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vow/report.hpp"

namespace vow {

struct Owed {
  std::string amount;  // in the currency's minor unit, exact
  std::string currency;
  bool final = true;        // false while any month in it is still running
  bool incomplete = false;  // a month's formula failed: the amount leaves it out
  struct Month {
    std::string period, amount;
  };
  std::vector<Month> months;        // a quarter's months, oldest first; empty for a month
  std::vector<std::string> failed;  // months whose formula failed
};

// nullopt when the account has no credit term, or its formula failed.
std::optional<Owed> owed(const AccountReport& a);

// "10500.00 USD", "14250.00 USD (2026-10: 10500.00, 2026-11: 3750.00)", with
// " (provisional)" while not final; "(2026-11: formula failed) (incomplete)"
// when a month could not be computed.
std::string owed_text(const Owed& o);

}  // namespace vow
