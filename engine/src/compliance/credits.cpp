#include "compliance/credits.hpp"

#include <algorithm>

namespace vow {

double schedule_percent(const std::vector<ScheduleRow>& rows, std::optional<double> uptime_percent) {
  double best = 0;
  if (!uptime_percent) return best;
  for (const auto& r : rows)
    if (r.inclusive ? *uptime_percent <= r.bound : *uptime_percent < r.bound) best = std::max(best, r.percent);
  return best;
}

Decimal schedule_credit(const Contract& c, const std::vector<UptimeFigures>& uptimes) {
  auto percent_of = [&](const UptimeFigures* u) {
    return Decimal::from_double(schedule_percent(c.credit.rows, u ? std::optional<double>(u->percent) : std::nullopt));
  };
  const std::string& term = c.credit.term;
  if (term == "*") {
    Decimal sum;
    for (std::size_t i = 0; i < c.uptimes.size() && i < uptimes.size(); ++i)
      sum = sum + percent_of(&uptimes[i]) * Decimal::from_double(c.fee_share(c.uptimes[i]));
    return sum;
  }
  auto it = std::find_if(uptimes.begin(), uptimes.end(),
                         [&](const UptimeFigures& u) { return term.empty() || u.name == term; });
  return percent_of(it == uptimes.end() ? nullptr : &*it);
}

Decimal settle_credit(std::optional<double> percent, std::optional<double> amount, const Decimal& fee,
                      double cap_percent, const std::string& currency, std::optional<double> cap_days,
                      int period_days) {
  return settle_exact_credit(percent ? std::optional<Decimal>(Decimal::from_double(*percent)) : std::nullopt, amount,
                             fee, cap_percent, currency, cap_days, period_days);
}

Decimal settle_exact_credit(const std::optional<Decimal>& percent, std::optional<double> amount, const Decimal& fee,
                            double cap_percent, const std::string& currency, std::optional<double> cap_days,
                            int period_days) {
  const Decimal hundred = Decimal::integer(100);
  Decimal raw = percent ? *percent / hundred * fee : Decimal::from_double(amount.value_or(0));
  Decimal cap = Decimal::from_double(cap_percent) / hundred * fee;
  if (cap_days && period_days > 0) {
    Decimal by_days = Decimal::from_double(*cap_days) * fee / Decimal::integer(period_days);
    if (by_days < cap) cap = by_days;
  }
  if (raw.negative()) raw = Decimal();
  if (cap < raw) raw = cap;
  return raw.rounded(minor_unit_digits(currency));
}

}  // namespace vow
