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

std::string owed_text(const Owed& o) {
  std::string out = o.currency.empty() ? o.amount : o.amount + " " + o.currency;
  // The months that owe something, so that a quarter's total can be traced.
  std::string parts;
  for (const auto& m : o.months)
    if (Decimal::parse(m.amount).value_or(Decimal()) != Decimal())
      parts += (parts.empty() ? "" : ", ") + m.period + ": " + m.amount;
  for (const auto& m : o.failed) parts += (parts.empty() ? "" : ", ") + m + ": formula failed";
  if (!parts.empty()) out += " (" + parts + ")";
  if (o.incomplete)
    out += " (incomplete)";
  else if (!o.final)
    out += " (provisional)";
  return out;
}

}  // namespace vow
