// Objectives beside uptime (contract language 1.1, slis.md): a share of an
// indicator's events (ratio), of its slices (timeslices) or one minus the
// mean error rate of its slices (ratio_timeslices) against a target. Pure.
#pragma once

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "compliance/facts.hpp"
#include "compliance/slices.hpp"
#include "compliance/terms.hpp"
#include "time/intervals.hpp"
#include "vow/report.hpp"

namespace vow {

// `o` for `customer` over `within` (the period, in the contract's zone
// `zone`), as of as_of.
ObjectiveFigures objective_figures(const Objective& o, const Zone& zone, std::string_view customer, Interval within,
                                   Instant as_of, const Facts& f);

// 100 × good >= target × total, exactly, with the target as written.
bool at_least(const Count& good, const Count& total, const Objective& o);

// The share of the error budget that `failed` of `count` uses: failed /
// ((1 − target / 100) × count), from the exact integers; none when the
// target allows no failure and one happened (an infinite share).
std::optional<double> budget_used(const Count& failed, const Count& count, const Objective& o);

// The error rates (total − good) / total of ended slices, summed: in double
// precision, and exactly where a comparison with the target is close.
class ErrorRates {
 public:
  void add(const SliceCounts& c, int sign = 1);
  double sum() const { return sum_; }
  // Whether 100 × (1 − sum / n) >= target.
  bool met(std::int64_t n, const Objective& o) const;
  // The share of the error budget used. Summed in doubles; one within
  // 1e-11 of a decimal of four places (a budget_warn such as 0.8) is summed
  // again exactly, so that a budget used of exactly 0.8 reads 0.8, not
  // 0.7999999999999999, and a warning at 0.8 is not missed.
  std::optional<double> budget(std::int64_t n, const Objective& o) const;

 private:
  double sum_ = 0;
  std::map<std::pair<Count, Count>, long> rates_;  // (failed, total) -> how many slices have it
};

// `v` (a percent the contract wrote, such as 99.9 or 0.1) as an exact
// fraction num / den of at most `max_decimals` decimals; false when it has more.
bool decimal_fraction(double v, int max_decimals, std::int64_t& num, std::int64_t& den);

}  // namespace vow
