#include "compliance/compliance_alerts.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "compliance/money.hpp"
#include "time/period.hpp"

namespace vow {
namespace {

struct Counts {
  int achieved = 0, breached = 0;
  bool fired = false;
};

// achieved / (achieved + breached) < target, exactly: integers against the
// decimal the contract wrote. For a whole `achieved`, achieved < target x n
// is achieved < ceil(target x n); the ceilings are worked out once per n.
class Below {
 public:
  explicit Below(double target) : target_(Decimal::from_double(target)) {}
  bool operator()(const Counts& c) {
    std::size_t n = static_cast<std::size_t>(c.achieved) + static_cast<std::size_t>(c.breached);
    if (n == 0) return false;
    while (least_.size() <= n)
      least_.push_back((target_ * Decimal::integer(static_cast<long long>(least_.size()))).ceiling());
    return c.achieved < least_[n];
  }

 private:
  Decimal target_;
  std::vector<long long> least_;  // [n]: ceil(target x n)
};

}  // namespace

std::optional<RateStep> rate_step(const ClockResult& clock) {
  using S = ClockResult::State;
  if (clock.state != S::Achieved && clock.state != S::Breached) return std::nullopt;
  RateStep s;
  s.at = clock.settled;
  s.achieved = clock.state == S::Achieved;
  // A breach at d counts once d < t. One at its stop (the priority changed
  // at that very instant) counts from the stop on, like an achievement: the
  // stop is an event at `at`, there as of t = at.
  s.strict = !s.achieved && !(clock.stopped && clock.stop == clock.settled);
  s.metric = clock.metric;
  s.priority = clock.priority;
  return s;
}

void below_target_alerts(const Contract& c, std::vector<RateStep> steps, std::vector<Alert>& out) {
  if (steps.empty()) return;
  Below below(c.compliance_target);
  const Contract* terms = &c;  // the period's (amendments: terms.md)
  const Zone& zone = c.zone ? *c.zone : Zone::utc();
  // In time order; at one instant the steps counted at it before those
  // counted just after it.
  std::sort(steps.begin(), steps.end(),
            [](const RateStep& a, const RateStep& b) { return std::tie(a.at, a.strict) < std::tie(b.at, b.strict); });
  Interval bounds{0, 0};
  std::string label;
  std::map<std::pair<Metric, std::string_view>, Counts> period;  // this period's counts so far
  std::vector<std::pair<Metric, std::string_view>> touched;
  for (std::size_t i = 0; i < steps.size();) {
    const Instant x = steps[i].at;
    const bool strict = steps[i].strict;
    if (x < bounds.a || x >= bounds.b) {
      Period p = c.period_at(x);
      bounds = p.bounds(zone);
      label = p.label();
      terms = &c.in_force(p);
      below = Below(terms->compliance_target);
      period.clear();
    }
    // One batch: the steps that change the rate at the same moment (as of
    // x, or just after it).
    touched.clear();
    for (; i < steps.size() && steps[i].at == x && steps[i].strict == strict; ++i) {
      const RateStep& s = steps[i];
      const auto& targets = terms->targets(s.metric);
      if (targets.find(std::string(s.priority)) == targets.end()) continue;
      Counts& n = period[{s.metric, s.priority}];
      (s.achieved ? n.achieved : n.breached)++;
      touched.emplace_back(s.metric, s.priority);
    }
    for (const auto& key : touched) {
      Counts& n = period[key];
      if (n.fired || !below(n)) continue;
      n.fired = true;
      Alert a;
      a.kind = "compliance.below_target";
      a.severity = "warning";
      a.customer = c.id;
      a.customer_name = c.name;
      a.metric = metric_name(key.first);
      a.priority = key.second;
      a.period = label;
      // At x itself for a step counted as of x; for a breach the infimum of
      // the instants after it, x too, with the figures just after it.
      a.at = x;
      a.achieved = n.achieved;
      a.breached = n.breached;
      a.rate = static_cast<double>(n.achieved) / (n.achieved + n.breached);
      a.id = a.kind + ":" + a.customer + ":" + a.metric + ":" + a.priority + ":" + a.period;
      out.push_back(std::move(a));
    }
  }
}

void compliance_alerts(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch,
                       std::vector<Alert>& out) {
  if (!c.has_ticket_targets()) return;
  std::vector<RateStep> steps;
  for_each_ticket_clock(c, as_of, f, scratch, [&](const TicketHistory&, const ClockResult& clock) {
    if (f.exempt(c.id, clock.start)) return;
    if (auto s = rate_step(clock)) steps.push_back(*s);
  });
  below_target_alerts(c, std::move(steps), out);
}

}  // namespace vow
