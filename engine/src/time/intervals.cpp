#include "time/intervals.hpp"

#include <algorithm>

namespace vow {

Intervals normalize(Intervals v) {
  std::erase_if(v, [](const Interval& i) { return i.b <= i.a; });
  std::sort(v.begin(), v.end(), [](const Interval& l, const Interval& r) { return l.a < r.a; });
  Intervals out;
  for (const auto& i : v) {
    if (!out.empty() && i.a <= out.back().b)
      out.back().b = std::max(out.back().b, i.b);
    else
      out.push_back(i);
  }
  return out;
}

Intervals unite(const Intervals& x, const Intervals& y) {
  Intervals all;
  all.reserve(x.size() + y.size());
  all.insert(all.end(), x.begin(), x.end());
  all.insert(all.end(), y.begin(), y.end());
  return normalize(std::move(all));
}

Intervals intersect(const Intervals& x, const Intervals& y) {
  Intervals out;
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    Instant a = std::max(x[i].a, y[j].a), b = std::min(x[i].b, y[j].b);
    if (a < b) out.push_back({a, b});
    if (x[i].b < y[j].b)
      ++i;
    else
      ++j;
  }
  return out;
}

Intervals subtract(const Intervals& x, const Intervals& y) {
  Intervals out;
  size_t j = 0;
  for (const auto& iv : x) {
    Instant a = iv.a;
    while (j < y.size() && y[j].b <= a) ++j;
    size_t k = j;
    while (k < y.size() && y[k].a < iv.b) {
      if (y[k].a > a) out.push_back({a, y[k].a});
      a = std::max(a, y[k].b);
      if (a >= iv.b) break;
      ++k;
    }
    if (a < iv.b) out.push_back({a, iv.b});
  }
  return out;
}

Intervals clip(const Intervals& x, Interval w) {
  return intersect(x, Intervals{w});
}

Millis measure(const Intervals& x) {
  Millis total = 0;
  for (const auto& i : x) total += i.length();
  return total;
}

}  // namespace vow
