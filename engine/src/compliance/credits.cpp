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

Decimal settle_credit(std::optional<double> percent, std::optional<double> amount, const Decimal& fee,
                      double cap_percent, const std::string& currency, std::optional<double> cap_days,
                      int period_days) {
  const Decimal hundred = Decimal::integer(100);
  Decimal raw = percent ? Decimal::from_double(*percent) / hundred * fee : Decimal::from_double(amount.value_or(0));
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
