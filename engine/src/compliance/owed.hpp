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

}  // namespace vow
