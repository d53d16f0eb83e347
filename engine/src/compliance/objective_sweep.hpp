// An objective's (or a term measured by events') figures after each
// change, in time order (alerts.md, slis.md): a window becoming known (its
// `at`), a slice ending, and for a ratio the period's end. Pure.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "compliance/objectives.hpp"
#include "compliance/slices.hpp"

namespace vow {

// The objective's figures as they stand after each change, in time order.
class ObjectiveSweep {
 public:
  ObjectiveSweep(const Objective& o, const Zone& zone, Interval period, Instant as_of,
                 std::span<const SliWindow* const> windows)
      : o_(o), m_(o.measure), period_(period) {
    if (m_.method != SliMethod::Ratio) {
      grid_ = slice_grid(zone, period, m_.slice);
      counts_.resize(grid_.size());
      ended_.resize(grid_.size());
    }
    for (const SliWindow* w : windows)
      if (w->start >= period.a && w->start < period.b) changes_.push_back({w->at, w, 0});
    for (std::size_t i = 0; i < grid_.size(); ++i)
      if (grid_.end_of(i) <= as_of) changes_.push_back({grid_.end_of(i), nullptr, i});
    // A ratio is judged at the period's end: an instant to look at, changing nothing.
    if (m_.method == SliMethod::Ratio && period.b <= as_of) changes_.push_back({period.b, nullptr, kTick});
    // At one instant, windows before slice ends: a slice ending as its last window arrives counts it.
    std::stable_sort(changes_.begin(), changes_.end(), [](const Change& a, const Change& b) {
      return a.at < b.at || (a.at == b.at && a.window && !b.window);
    });
  }

  // Calls `fn(t, budget, met)` after the changes at each instant t, in order; false stops.
  template <typename Fn>
  void run(Fn&& fn) {
    for (std::size_t k = 0; k < changes_.size();) {
      Instant t = changes_[k].at;
      for (; k < changes_.size() && changes_[k].at == t; ++k) apply(changes_[k]);
      if (!fn(t, budget(), met())) return;
    }
  }

 private:
  static constexpr std::size_t kTick = std::numeric_limits<std::size_t>::max();
  struct Change {
    Instant at;
    const SliWindow* window;  // or a slice end
    std::size_t slice;
  };

  void apply(const Change& c) {
    if (!c.window) {
      if (c.slice == kTick) return;
      ended_[c.slice] = true;
      account(c.slice, +1);
      return;
    }
    const SliWindow& w = *c.window;
    if (m_.method == SliMethod::Ratio) {
      good_ += w.good;
      total_ += w.total;
      return;
    }
    std::size_t i = grid_.at(w.start);
    if (i == grid_.size() || w.end - w.start > grid_.end_of(i) - grid_.starts[i]) return;  // counts nowhere
    if (ended_[i]) account(i, -1);
    counts_[i].good += w.good;
    counts_[i].total += w.total;
    if (ended_[i]) account(i, +1);
  }

  // Adds (or takes away) an ended slice's part of the figure.
  void account(std::size_t i, int sign) {
    const SliceCounts& c = counts_[i];
    if (m_.method == SliMethod::Timeslices) {
      if (bad_slice(c, m_.min_total, m_.rate_num, m_.rate_den)) bad_ += sign;
    } else if (c.total > 0) {
      errors_.add(c, sign);
    }
  }

  double budget() const {
    if (m_.method == SliMethod::Ratio)
      return total_ == 0 ? 0 : budget_used(total_ - good_, total_, o_).value_or(INFINITY);
    auto n = static_cast<std::int64_t>(grid_.size());
    if (m_.method == SliMethod::Timeslices) return budget_used(bad_, n, o_).value_or(INFINITY);
    return errors_.budget(n, o_).value_or(INFINITY);
  }

  bool met() const {
    if (m_.method == SliMethod::Ratio) return total_ == 0 || at_least(good_, total_, o_);
    auto n = static_cast<std::int64_t>(grid_.size());
    if (n == 0) return true;
    if (m_.method == SliMethod::Timeslices) return at_least(n - bad_, n, o_);
    return errors_.met(n, o_);
  }

  const Objective& o_;
  const SliMeasure& m_;
  Interval period_;
  SliceGrid grid_;
  std::vector<SliceCounts> counts_;
  std::vector<bool> ended_;
  std::vector<Change> changes_;
  Count good_ = 0, total_ = 0;
  std::int64_t bad_ = 0;
  ErrorRates errors_;
};

}  // namespace vow
