#include "compliance/objectives.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <charconv>
#include <cmath>
#include <string_view>

#include "compliance/slices.hpp"

namespace vow {
namespace {

using boost::multiprecision::int256_t;

const char* method_name(SliMethod m) {
  return m == SliMethod::Ratio ? "ratio" : m == SliMethod::Timeslices ? "timeslices" : "ratio_timeslices";
}

}  // namespace

bool at_least(const Count& good, const Count& total, const Objective& o) {
  return int256_t(100) * int256_t(good) * o.target_den >= int256_t(o.target_num) * int256_t(total);
}

std::optional<double> budget_used(const Count& failed, const Count& count, const Objective& o) {
  // failed × 100 × den / ((100 × den − num) × count): one rounding, at the end.
  int256_t allowed = (int256_t(100) * o.target_den - o.target_num) * int256_t(count);
  if (allowed <= 0) return failed > 0 ? std::nullopt : std::optional<double>(0.0);
  int256_t used = int256_t(failed) * 100 * o.target_den;
  using boost::multiprecision::cpp_int;
  return boost::multiprecision::cpp_rational(cpp_int(used), cpp_int(allowed)).convert_to<double>();
}

void ErrorRates::add(const SliceCounts& c, int sign) {
  if (c.total <= 0 || c.good >= c.total) return;  // a rate of 0 adds nothing
  sum_ += sign * static_cast<double>(c.total - c.good) / static_cast<double>(c.total);
  if ((rates_[{c.total - c.good, c.total}] += sign) == 0) rates_.erase({c.total - c.good, c.total});
}

namespace {

// The sum of the slices' error rates, exactly.
boost::multiprecision::cpp_rational exact_sum(const std::map<std::pair<Count, Count>, long>& rates) {
  boost::multiprecision::cpp_rational sum = 0;
  for (const auto& [rate, k] : rates)
    sum += boost::multiprecision::cpp_rational(boost::multiprecision::cpp_int(rate.first),
                                               boost::multiprecision::cpp_int(rate.second)) *
           k;
  return sum;
}

}  // namespace

bool ErrorRates::met(std::int64_t n, const Objective& o) const {
  // 100 × (1 − sum / n) >= num / den  <=>  100 × den × sum <= n × (100 × den − num).
  double lhs = 100.0 * static_cast<double>(o.target_den) * sum_;
  double rhs = static_cast<double>(n) * static_cast<double>(100 * o.target_den - o.target_num);
  if (std::abs(lhs - rhs) > 1e-9 * std::max(1.0, std::abs(rhs))) return lhs < rhs;
  // Close: settled exactly.
  return 100 * o.target_den * exact_sum(rates_) <=
         boost::multiprecision::cpp_rational(n) * (100 * o.target_den - o.target_num);
}

std::optional<double> ErrorRates::budget(std::int64_t n, const Objective& o) const {
  double allowed = static_cast<double>(100 * o.target_den - o.target_num) * static_cast<double>(n);
  if (allowed <= 0) return sum_ > 0 ? std::nullopt : std::optional<double>(0.0);
  double used = sum_ * 100.0 * static_cast<double>(o.target_den) / allowed;
  if (rates_.empty()) return 0.0;  // also when sliding windows left a remainder in sum_
  double decimal = std::round(used * 1e4) / 1e4;
  if (std::abs(used - decimal) > 1e-11 * std::max(1.0, decimal)) return used;
  // Near a threshold a contract could name: the exact figure, rounded once.
  using boost::multiprecision::cpp_rational;
  cpp_rational exact = exact_sum(rates_) * 100 * o.target_den / (cpp_rational(n) * (100 * o.target_den - o.target_num));
  return exact.convert_to<double>();
}

bool decimal_fraction(double v, int max_decimals, std::int64_t& num, std::int64_t& den) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc() || v < 0 || v > 1e12) return false;
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  auto dot = text.find('.');
  int decimals = dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
  if (decimals > max_decimals) return false;
  num = 0;
  for (char c : text)
    if (c != '.') num = num * 10 + (c - '0');
  den = 1;
  for (int i = 0; i < decimals; ++i) den *= 10;
  return true;
}

namespace {

// The figures of `windows` read by `o`, but its name, target and clause.
ObjectiveFigures figures_of(const Objective& o, const Zone& zone, std::span<const SliWindow* const> windows,
                            Interval within, Instant as_of) {
  ObjectiveFigures r;
  r.method = method_name(o.measure.method);
  const SliMeasure& m = o.measure;
  if (m.method == SliMethod::Ratio) {
    Count good = 0, total = 0;
    for (const SliWindow* w : windows)
      if (w->start >= within.a && w->start < within.b) good += w->good, total += w->total;
    // Shown as 64-bit numbers: a month's counts past 2^63 are not shown exactly.
    auto shown = [](const Count& v) { return v > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(v); };
    r.good = shown(good);
    r.total = shown(total);
    if (total > 0) {
      r.percent = 100.0 * static_cast<double>(good) / static_cast<double>(total);
      r.met = at_least(good, total, o);
      r.budget_consumed = budget_used(total - good, total, o);
    } else {
      r.budget_consumed = 0.0;
    }
    return r;
  }
  // Slices end by as_of to count; those after it count as good (the figure only falls).
  SliceGrid grid = slice_grid(zone, within, m.slice);
  std::vector<const SliWindow*> too_long;
  std::vector<SliceCounts> counts = count_slices(grid, windows, &too_long);
  for (const SliWindow* w : too_long) r.windows_left_out.emplace_back(w->id);
  auto n = static_cast<std::int64_t>(grid.size());
  r.slices = n;
  if (m.method == SliMethod::Timeslices) {
    std::int64_t bad = 0;
    for (std::size_t i = 0; i < grid.size(); ++i)
      if (grid.end_of(i) <= as_of && bad_slice(counts[i], m.min_total, m.rate_num, m.rate_den)) ++bad;
    r.bad_slices = bad;
    if (n > 0) {
      r.percent = 100.0 * static_cast<double>(n - bad) / static_cast<double>(n);
      r.met = at_least(n - bad, n, o);
    }
    r.budget_consumed = n > 0 ? budget_used(bad, n, o) : std::optional<double>(0.0);
    return r;
  }
  // ratio_timeslices: the mean of the slices' error rates, a slice without
  // events (or not ended) at 0.
  ErrorRates errors;
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (grid.end_of(i) <= as_of) errors.add(counts[i]);
  if (n > 0) {
    r.percent = 100.0 * (1 - errors.sum() / static_cast<double>(n));
    r.met = errors.met(n, o);
  }
  r.budget_consumed = n > 0 ? errors.budget(n, o) : std::optional<double>(0.0);
  return r;
}

}  // namespace

ObjectiveFigures objective_figures(const Objective& o, const Zone& zone, std::string_view customer, Interval within,
                                   Instant as_of, const Facts& f) {
  std::span<const SliWindow* const> windows = windows_of(f, o.measure.sli, customer);
  auto key = IndicatorMemo::key(o.measure, windows, zone, within, as_of, o.target_num, o.target_den);
  ObjectiveFigures r = f.memo.objective(key, [&] { return figures_of(o, zone, windows, within, as_of); });
  r.name = o.name;
  r.sli = o.measure.sli;  // not in the key: lists of no windows are alike whatever their indicator
  r.target = o.target;
  r.clause = o.clause;
  return r;
}

}  // namespace vow
