#include "compliance/bad_slices.hpp"

#include <algorithm>

#include "compliance/slices.hpp"

namespace vow {
namespace {

// The states of the slice `span` holding `windows` (each known at its `at`).
std::vector<std::pair<Instant, bool>> states_of(const SliMeasure& m, Interval span,
                                                std::vector<const SliWindow*>& windows, Instant as_of) {
  std::vector<std::pair<Instant, bool>> out;
  if (span.b > as_of) return out;
  std::sort(windows.begin(), windows.end(), [](const SliWindow* x, const SliWindow* y) { return x->at < y->at; });
  SliceCounts c;
  std::size_t k = 0;
  // At the slice's end, every window known by then; later, each arrival.
  for (Instant t = span.b;;) {
    for (; k < windows.size() && windows[k]->at <= t; ++k) {
      c.good += windows[k]->good;
      c.total += windows[k]->total;
    }
    bool bad = bad_slice(c, m.min_total, m.rate_num, m.rate_den);
    if (out.empty() ? bad : out.back().second != bad) out.push_back({t, bad});
    if (k == windows.size() || windows[k]->at > as_of) break;
    t = windows[k]->at;
  }
  return out;
}

}  // namespace

bool BadSlice::bad_at(Instant t) const {
  auto it = std::upper_bound(states.begin(), states.end(), t,
                             [](Instant x, const std::pair<Instant, bool>& s) { return x < s.first; });
  return it != states.begin() && std::prev(it)->second;
}

Interval slice_of(const Zone& zone, Instant t, Millis length) {
  std::int64_t day = zone.to_local(t).day;
  Instant midnight = zone.to_instant(day, 0), next = zone.to_instant(day + 1, 0);
  // A 25-hour day's last slice is longer: the slices past a day's count fold into it.
  std::int64_t k = std::min((t - midnight) / length, kDay / length - 1);
  Instant start = midnight + k * length;
  return {start, k + 1 >= kDay / length ? next : std::min(next, start + length)};
}

std::vector<BadSlice> bad_slices(const SliMeasure& m, const Zone& zone, std::span<const SliWindow* const> windows,
                                 Interval within, Instant as_of, std::vector<const SliWindow*>* too_long) {
  std::vector<BadSlice> out;
  std::vector<const SliWindow*> in_slice;
  Interval span{0, 0};
  auto close = [&] {
    if (in_slice.empty()) return;
    auto states = states_of(m, span, in_slice, as_of);
    if (!states.empty()) out.push_back({span, std::move(states)});
    in_slice.clear();
  };
  // within.a is a slice's start (a period's, or none): its windows start there or later.
  auto first = std::lower_bound(windows.begin(), windows.end(), within.a,
                                [](const SliWindow* w, Instant t) { return w->start < t; });
  for (const SliWindow* w : std::span(first, windows.end())) {
    if (w->start >= as_of || w->start >= within.b) break;
    if (w->start < span.a || w->start >= span.b) {
      close();
      span = slice_of(zone, w->start, m.slice);
    }
    if (w->end - w->start <= span.length())
      in_slice.push_back(w);
    else if (too_long)
      too_long->push_back(w);
  }
  close();
  return out;
}

Intervals bad_as_of(const std::vector<BadSlice>& slices, Instant t, Interval within) {
  Intervals out;
  for (const BadSlice& s : slices)
    if (s.span.a < within.b && within.a < s.span.b && s.bad_at(t)) out.push_back(s.span);
  return clip(normalize(std::move(out)), within);
}

}  // namespace vow
