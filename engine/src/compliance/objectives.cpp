#include "compliance/objectives.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <charconv>
#include <string_view>

#include "compliance/slices.hpp"

namespace vow {
namespace {

using boost::multiprecision::int256_t;

const char* method_name(SliMethod m) {
  return m == SliMethod::Ratio ? "ratio" : m == SliMethod::Timeslices ? "timeslices" : "ratio_timeslices";
}

// 100 × good >= target × total, exactly, with the target as num / den.
bool at_least(std::int64_t good, std::int64_t total, std::int64_t num, std::int64_t den) {
  return int256_t(100) * good * den >= int256_t(num) * total;
}

// What share of the error budget `failed` of `count` uses; none when no
// failure is allowed and one happened (an infinite share).
std::optional<double> budget(double failed, double count, double target) {
  double allowed = (1 - target / 100) * count;
  if (allowed <= 0) return failed > 0 ? std::nullopt : std::optional<double>(0.0);
  return failed / allowed;
}

}  // namespace

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

ObjectiveFigures objective_figures(const Objective& o, const Zone& zone, std::string_view customer, Interval within,
                                   Instant as_of, const Facts& f) {
  ObjectiveFigures r;
  r.name = o.name;
  r.sli = o.measure.sli;
  r.method = method_name(o.measure.method);
  r.target = o.target;
  r.clause = o.clause;
  const SliMeasure& m = o.measure;
  std::vector<const Event*> windows = windows_of(f, m.sli, customer);
  if (m.method == SliMethod::Ratio) {
    std::int64_t good = 0, total = 0;
    for (const Event* w : windows) {
      if (w->start < within.a || w->start >= within.b) continue;
      // Saturates past int64: 2^63 events are not a period's.
      if (__builtin_add_overflow(good, w->good, &good)) good = INT64_MAX;
      if (__builtin_add_overflow(total, w->total, &total)) total = INT64_MAX;
    }
    r.good = good;
    r.total = total;
    if (total > 0) {
      r.percent = 100.0 * static_cast<double>(good) / static_cast<double>(total);
      r.met = at_least(good, total, o.target_num, o.target_den);
    }
    r.budget_consumed = total > 0 ? budget(static_cast<double>(total - good), static_cast<double>(total), o.target)
                                  : std::optional<double>(0.0);
    return r;
  }
  // Slices end by as_of to count; those after it count as good (the figure only falls).
  SliceGrid grid = slice_grid(zone, within, m.slice);
  std::vector<const Event*> too_long;
  std::vector<SliceCounts> counts = count_slices(grid, windows, &too_long);
  for (const Event* w : too_long) r.windows_left_out.push_back(w->id);
  auto n = static_cast<std::int64_t>(grid.size());
  r.slices = n;
  if (m.method == SliMethod::Timeslices) {
    std::int64_t bad = 0;
    for (std::size_t i = 0; i < grid.size(); ++i)
      if (grid.end_of(i) <= as_of && bad_slice(counts[i], m.min_total, m.rate_num, m.rate_den)) ++bad;
    r.bad_slices = bad;
    if (n > 0) {
      r.percent = 100.0 * static_cast<double>(n - bad) / static_cast<double>(n);
      r.met = at_least(n - bad, n, o.target_num, o.target_den);
    }
    r.budget_consumed = budget(static_cast<double>(bad), static_cast<double>(n), o.target);
    return r;
  }
  // ratio_timeslices: the mean of the slices' error rates, a slice without
  // events (or not ended) at 0. Rates are fractions of differing
  // denominators: summed in floating point (ADR 0048).
  double errors = 0;
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (grid.end_of(i) <= as_of && counts[i].total > 0)
      errors += static_cast<double>(counts[i].total - counts[i].good) / static_cast<double>(counts[i].total);
  if (n > 0) {
    r.percent = 100.0 * (1 - errors / static_cast<double>(n));
    r.met = *r.percent >= o.target;
  }
  r.budget_consumed = budget(errors, static_cast<double>(n), o.target);
  return r;
}

}  // namespace vow
