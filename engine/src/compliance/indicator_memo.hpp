// Figures of an indicator that many accounts read the same way, computed
// once a query: the 10,000 accounts of a tier reading the same shared
// indicators would otherwise each sweep the same month of windows again
// (docs/performance.md, issue 13). Pure.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "compliance/bad_slices.hpp"
#include "compliance/event_store.hpp"
#include "compliance/terms.hpp"
#include "time/intervals.hpp"
#include "time/zone.hpp"
#include "vow/event.hpp"
#include "vow/report.hpp"

namespace vow {

// An uptime term's indicator read in slices: its bad slices, and the ids
// of the windows longer than their slice, which count nowhere.
struct IndicatorSlices {
  std::vector<BadSlice> bad;
  std::vector<std::string> left_out;
};

class IndicatorMemo {
 public:
  // Everything the figures depend on. The windows are named by where
  // their list lives in the facts: two customers reading the same list
  // read the same windows.
  struct Key {
    std::uintptr_t windows = 0;
    std::size_t count = 0;
    SliMethod method = SliMethod::Ratio;
    Millis slice = 0;
    std::int64_t min_total = 0, rate_num = 0, rate_den = 1, target_num = 0, target_den = 1;
    std::uintptr_t zone = 0;
    Instant a = 0, b = 0, as_of = 0;
    auto operator<=>(const Key&) const = default;
  };
  static Key key(const SliMeasure& m, std::span<const SliWindow* const> windows, const Zone& zone, Interval within,
                 Instant as_of, std::int64_t target_num = 0, std::int64_t target_den = 1);

  // Keys name lists by address: a copy of the facts holds its lists
  // elsewhere, so it starts with an empty memo rather than one whose
  // addresses could be reused by other lists.
  IndicatorMemo() = default;
  IndicatorMemo(const IndicatorMemo&) {}
  IndicatorMemo(IndicatorMemo&&) noexcept {}
  IndicatorMemo& operator=(const IndicatorMemo&) {
    clear();
    return *this;
  }
  IndicatorMemo& operator=(IndicatorMemo&&) noexcept {
    clear();
    return *this;
  }

  // The figures for `k`, from `compute` the first time they are asked.
  template <class F>
  const ObjectiveFigures& objective(const Key& k, F&& compute) {
    return once(objectives_, k, compute);
  }
  template <class F>
  const IndicatorSlices& bad_slices(const Key& k, F&& compute) {
    return once(bad_slices_, k, compute);
  }
  template <class F>
  std::int64_t slice_count(const Key& k, F&& compute) {
    return once(slice_counts_, k, compute);
  }
  template <class F>
  std::optional<Instant> missed_at(const Key& k, F&& compute) {
    return once(missed_at_, k, compute);
  }

  void clear() {
    objectives_.clear();
    bad_slices_.clear();
    slice_counts_.clear();
    missed_at_.clear();
  }

 private:
  template <class T, class F>
  static const T& once(std::map<Key, T>& table, const Key& k, F& compute) {
    auto it = table.find(k);
    if (it == table.end()) it = table.emplace(k, compute()).first;
    return it->second;
  }

  std::map<Key, ObjectiveFigures> objectives_;
  std::map<Key, IndicatorSlices> bad_slices_;
  std::map<Key, std::int64_t> slice_counts_;
  std::map<Key, std::optional<Instant>> missed_at_;
};

}  // namespace vow
