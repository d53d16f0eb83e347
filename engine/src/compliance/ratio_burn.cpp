#include "compliance/ratio_burn.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <limits>
#include <map>

#include "compliance/bad_slices.hpp"
#include "compliance/objectives.hpp"
#include "compliance/slices.hpp"

namespace vow {
namespace {

constexpr Millis kMinute = 60'000;

Instant minute_floor(Instant t) {
  Instant m = t / kMinute * kMinute;
  return m > t ? m - kMinute : m;
}

Instant minute_ceil(Instant t) {
  Instant m = minute_floor(t);
  return m == t ? m : m + kMinute;
}

// The events counted in one window length: failed and all.
struct Sums {
  Count failed = 0, total = 0;
};

}  // namespace

std::vector<BurnEpisode> ratio_burn_episodes(const UptimeTerm& u, const std::vector<BurnRule>& rules,
                                             std::span<const SliWindow* const> windows, Instant as_of, Instant since) {
  std::vector<BurnEpisode> out;
  if (u.target >= 100.0 || windows.empty()) return out;
  using boost::multiprecision::int256_t;
  const Instant last = minute_floor(as_of);
  const int256_t slack = int256_t(100) * u.target_den - u.target_num;  // (100 − target) × den
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const BurnRule& rule = rules[r];
    auto burn = [&](const Sums& s) {
      double share = static_cast<double>(s.failed) / static_cast<double>(s.total);
      return share / (1.0 - u.target / 100.0);
    };
    // burn >= factor  <=>  failed × 100 × den × fden >= fnum × (100 − target) × den × total, exactly
    // for a factor of up to 6 decimals (10 / 3 has no such form: compared in doubles).
    std::int64_t fnum = 0, fden = 1;
    const bool exact = decimal_fraction(rule.factor, 6, fnum, fden);
    auto holds = [&](const Sums& s) {
      if (s.total <= 0) return false;
      if (!exact) return burn(s) >= rule.factor;
      return int256_t(s.failed) * 100 * u.target_den * fden >= int256_t(fnum) * slack * int256_t(s.total);
    };
    // A window starting at s, known at a, is in [t − W, t) at the whole
    // minutes t from max(a, s + 1 ms) rounded up to s + W: its changes.
    std::map<Instant, std::pair<Sums, Sums>> changes;  // by minute: what enters (+) and leaves (−), long and short
    for (const SliWindow* w : windows) {
      if (w->at > as_of) continue;
      // A window longer than its slice counts nowhere (slis.md), in burn rates too.
      if (u.measure->method == SliMethod::RatioTimeslices &&
          w->end - w->start > slice_of(*u.zone, w->start, u.measure->slice).length())
        continue;
      Count failed = w->total - w->good;
      for (int k = 0; k < 2; ++k) {
        Millis length = k == 0 ? rule.long_window : rule.short_window;
        Instant from = minute_ceil(std::max(w->at, w->start + 1)), to = minute_floor(w->start + length) + kMinute;
        if (from >= to || from > last) continue;
        Sums& in = k == 0 ? changes[from].first : changes[from].second;
        in.failed += failed;
        in.total += w->total;
        Sums& gone = k == 0 ? changes[to].first : changes[to].second;
        gone.failed -= failed;
        gone.total -= w->total;
      }
    }
    if (since > std::numeric_limits<Instant>::min() && since <= last) changes[since];  // looked at there
    Sums long_now, short_now;
    bool held = false;
    for (const auto& [minute, delta] : changes) {
      if (minute > last) break;
      long_now.failed += delta.first.failed;
      long_now.total += delta.first.total;
      short_now.failed += delta.second.failed;
      short_now.total += delta.second.total;
      // Until the next change every minute is as this one: an episode starts where holding begins.
      bool now = minute >= since && holds(long_now) && holds(short_now);
      if (now && !held) out.push_back({static_cast<int>(r + 1), minute, burn(long_now), burn(short_now)});
      if (held && !now) out.back().until = minute;  // the episode just pushed is this rule's
      held = now;
    }
  }
  return out;
}

}  // namespace vow
