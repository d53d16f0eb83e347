#include "compliance/backtest.hpp"

#include <algorithm>

namespace vow {

std::optional<Instant> rate_missed_at(std::vector<ClockOutcome> settled, double target) {
  std::stable_sort(settled.begin(), settled.end(),
                   [](const ClockOutcome& a, const ClockOutcome& b) { return a.at < b.at; });
  int on_time = 0, all = 0;
  std::optional<Instant> below_since;
  for (size_t i = 0; i < settled.size();) {
    Instant at = settled[i].at;
    // Clocks settling at the same instant move the rate together.
    for (; i < settled.size() && settled[i].at == at; ++i) on_time += settled[i].achieved, ++all;
    bool below = static_cast<double>(on_time) / all < target;
    if (!below)
      below_since.reset();
    else if (!below_since)
      below_since = at;
  }
  return below_since;
}

BacktestMonth score(std::string period, int accounts, std::vector<BacktestCase> cases) {
  BacktestMonth m;
  m.period = std::move(period);
  m.accounts = accounts;
  std::vector<double> early;
  for (const auto& c : cases) {
    m.flags += c.flagged_at.has_value();
    if (!c.breached_at) {
      m.false_flags += c.flagged_at.has_value();
      continue;
    }
    ++m.breaches;
    if (c.flagged_at && *c.flagged_at < *c.breached_at) {
      ++m.flagged_ahead;
      early.push_back(static_cast<double>(*c.breached_at - *c.flagged_at) / (24.0 * 3600 * 1000));
    } else {
      ++m.missed;
    }
  }
  if (!early.empty()) {
    std::sort(early.begin(), early.end());
    size_t n = early.size();
    m.median_days_early = n % 2 ? early[n / 2] : (early[n / 2 - 1] + early[n / 2]) / 2;
  }
  m.cases = std::move(cases);
  return m;
}

}  // namespace vow
