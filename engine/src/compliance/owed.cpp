#include "compliance/owed.hpp"

#include "compliance/money.hpp"

namespace vow {

std::optional<Owed> owed(const AccountReport& a) {
  if (a.credit) return Owed{a.credit->amount, a.credit->currency, a.credit->final, false, {}, {}};
  if (a.monthly_credits.empty() && a.failed_credit_months.empty()) return std::nullopt;
  Owed o;
  o.currency = a.monthly_credits.empty() ? "" : a.monthly_credits.front().currency;
  o.failed = a.failed_credit_months;
  o.incomplete = !o.failed.empty();
  Decimal sum;
  for (const auto& c : a.monthly_credits) {
    // Amounts are Vow's own exact decimals; one that does not parse would be a bug, not input.
    if (auto v = Decimal::parse(c.amount)) sum = sum + *v;
    o.final = o.final && c.final;
    o.months.push_back({c.period, c.amount});
  }
  // A quarter whose last month has not begun is not final either.
  if (a.monthly_credits.size() + o.failed.size() < 3) o.final = false;
  o.amount = sum.format(minor_unit_digits(o.currency));
  return o;
}

}  // namespace vow
