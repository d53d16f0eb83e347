// An uptime term's downtime as Vow knew it at each instant (docs/alerts.md):
// evaluated as of t, only events with at <= t exist, an open outage runs up
// to t, `min_outage` admits an outage once it has lasted that long and
// `exclude(o)` sees it without a stop while it is open. What is known only
// changes at a few instants (starts, ends, min_outage anniversaries,
// announcements and cancellations of maintenance); between them the
// downtime over any window is linear in t. Pure: facts in, figures out.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compliance/bad_slices.hpp"
#include "compliance/facts.hpp"
#include "compliance/money.hpp"
#include "compliance/terms.hpp"
#include "compliance/uptime.hpp"
#include "time/intervals.hpp"

namespace vow {

// Downtime as two integers of ms: `major` counts whole, `partial` with the
// term's partial_weight.
struct Downtime {
  Millis major = 0, partial = 0;
};

// The exact test `major + partial_weight × partial >= k` (or `> k`), k a
// decimal; doubles settle what is far from the edge, Decimal the rest.
class Threshold {
 public:
  Threshold(double partial_weight, const Decimal& k);
  bool reached(Downtime d, bool strict) const;
  // Growing by `major_rate` and `partial_rate` (0 or 1) per ms from `d`,
  // the real x >= 0 at which the sum reaches k, rounded up, and whether x
  // is a whole ms (where a strict test does not hold yet). Nullopt when it
  // does not grow.
  struct Crossing {
    Millis at = 0;
    bool exact = false;
  };
  std::optional<Crossing> solve(Downtime d, int major_rate, int partial_rate) const;
  double value(Downtime d) const;                        // major + w × partial, for output
  double limit() const { return kd_ * (1 + 1e-9) + 1; }  // above k, whatever the rounding

 private:
  Decimal w_, k_;
  double wd_, kd_;
};

// What was known in one stretch between change points: the term's combined
// down and partial spans, open outages running on (to kNever).
struct Known {
  Intervals down, part;
  std::vector<Millis> down_before, part_before;  // measure of the spans before each one
  Downtime within(Interval window) const;
};

// The outages and maintenance windows of the facts by customer, found once
// for every contract of an evaluation: those scoped to some customers under
// each of them, the others for all.
struct EventsByCustomer {
  explicit EventsByCustomer(const Facts& facts);
  const Facts& facts;                  // for the sli.counted windows (1.1), already by customer
  std::vector<const Outage*> outages;  // for every customer
  std::vector<const Maintenance*> windows;
  std::unordered_map<std::string_view, std::vector<const Outage*>> outages_of;
  std::unordered_map<std::string_view, std::vector<const Maintenance*>> windows_of;
  std::unordered_map<std::string_view, std::vector<const ExceptionGrant*>> exceptions_of;  // for uptime (1.1)
};

class UptimeTimeline {
 public:
  UptimeTimeline(const UptimeTerm& term, std::string_view customer, const EventsByCustomer& events, Instant as_of,
                 const ExcludeFn& exclude);
  UptimeTimeline(const UptimeTerm& term, std::string_view customer, const Facts& facts, Instant as_of,
                 const ExcludeFn& exclude)
      : UptimeTimeline(term, customer, EventsByCustomer(facts), as_of, exclude) {}

  bool empty() const { return outages_.empty() && slices_.empty(); }
  // The instants at which what is known changes, sorted, unique, <= as_of;
  // before the first, no outage is known.
  const std::vector<Instant>& changes() const { return changes_; }
  // What was known in the stretch [changes()[i], changes()[i+1]). Kept,
  // within a bound on memory: the reference holds until the next call.
  const Known& stretch(std::size_t i) const;
  // The same within `range` alone (its spans cut there), made afresh and
  // not kept: for a walk that looks at a few hours at a time, whose cost
  // then grows with what the range holds, not with all the term's history
  // (thousands of bad slices a month, ADR 0049).
  Known stretch_within(std::size_t i, Interval range) const { return known_at(changes_[i], range); }
  // The spans stretch() keeps at most before it drops them all (tests: a small bound).
  void keep_at_most(std::size_t spans) { keep_spans_ = spans; }
  // The stretch that t falls in; npos before the first change.
  std::size_t stretch_of(Instant t) const;
  // Every outage's span as of as_of (open ones up to as_of) and every slice
  // ever bad, whether or not it counts: bounds what any stretch can hold.
  const Intervals& ever() const { return ever_; }
  Downtime as_of(Instant t, Interval window) const;
  // The last instant at which what is known of the spans that touch `p`
  // changes: after it (and after p's end) p's downtime is final.
  Instant settled(Interval p) const;
  // Appends what identifies the events the term sees (two contracts with
  // the same terms and signature have the same timeline).
  void signature(std::string& out) const;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  struct Out {
    const Event* started;
    Instant start;
    std::optional<Instant> end;
    int service;
    bool partial;
    mutable std::optional<bool> excluded_open, excluded_closed;
  };
  struct Window {
    int service;  // -1: an exception of a term without services (1.1)
    Interval span;
    Instant announced, cancelled;
  };
  Known known_at(Instant t, Interval range = {std::numeric_limits<Instant>::min(), kNever}) const;

  const UptimeTerm& term_;
  ExcludeFn exclude_;  // a copy: callers often pass a temporary
  std::vector<Out> outages_;
  std::vector<Window> windows_;
  std::vector<BadSlice> slices_;  // 1.1: downtime from the term's indicator
  std::vector<Instant> changes_;
  Intervals ever_;
  std::vector<std::pair<Instant, Interval>> touches_;  // last change of what is known of a span
  mutable std::vector<std::optional<Known>> stretches_;
  mutable std::size_t kept_spans_ = 0;  // in stretches_
  std::size_t keep_spans_ = std::size_t{1} << 21;
};

}  // namespace vow
