// Downtime from an indicator (contract language 1.1, slis.md): the slices
// of an uptime term's indicator that are bad, and when Vow knew it. A slice
// counts once as_of reaches its end, with the windows known by then; a
// window that arrives later may turn it bad, or good again. Pure.
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "compliance/event_store.hpp"
#include "compliance/terms.hpp"
#include "time/intervals.hpp"
#include "time/zone.hpp"

namespace vow {

struct BadSlice {
  Interval span;
  // (from, bad) in time order: the slice's state from each instant on;
  // before the first it is not counted.
  std::vector<std::pair<Instant, bool>> states;
  bool bad_at(Instant t) const;
  Instant last_change() const { return states.back().first; }
};

// The slice of `length` holding `t`, cut as slice_grid cuts a day.
Interval slice_of(const Zone& zone, Instant t, Millis length);

// Every slice of `windows` (sorted by start, one indicator and customer)
// starting in `within` (from a slice's start) that is bad at some instant up to as_of, in time
// order. Windows longer than their slice count nowhere: added to
// `too_long` when given.
std::vector<BadSlice> bad_slices(const SliMeasure& m, const Zone& zone, std::span<const SliWindow* const> windows,
                                 Interval within, Instant as_of, std::vector<const SliWindow*>* too_long = nullptr);

// The spans of `slices` bad as of `t`, within `within`.
Intervals bad_as_of(const std::vector<BadSlice>& slices, Instant t, Interval within);

}  // namespace vow
