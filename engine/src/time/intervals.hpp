// Sets of half-open intervals [a, b) of instants, kept sorted and disjoint.
#pragma once

#include <vector>

#include "vow/instant.hpp"

namespace vow {

struct Interval {
  Instant a = 0;
  Instant b = 0;
  Millis length() const { return b > a ? b - a : 0; }
  bool operator==(const Interval&) const = default;
};

using Intervals = std::vector<Interval>;  // sorted, disjoint, non-empty members

// Sorts, drops empty members and merges overlapping or touching ones.
Intervals normalize(Intervals v);
Intervals unite(const Intervals& x, const Intervals& y);
Intervals intersect(const Intervals& x, const Intervals& y);
Intervals subtract(const Intervals& x, const Intervals& y);
Intervals clip(const Intervals& x, Interval window);
Millis measure(const Intervals& x);

}  // namespace vow
