#include "compliance/clocks.hpp"

#include <algorithm>

namespace vow {
namespace {

constexpr Millis kWeek = 7 * 86'400'000LL;
constexpr int kSearchWeeks = 52 * 10;  // past ten years a deadline is "never"

struct Mark {  // an event's place in the order of application
  Instant at;
  std::int64_t seq;
  bool operator<=(const Mark& o) const { return at < o.at || (at == o.at && seq <= o.seq); }
};

struct PriorityChange {
  Mark when;
  std::string priority;
};

struct ClockSpec {
  Metric metric;
  Mark start;
  std::optional<Mark> stop;
  const Intervals* paused;
};

const Target* target_of(const std::map<std::string, Target>& targets, const std::string& priority) {
  auto it = targets.find(priority);
  return it == targets.end() ? nullptr : &it->second;
}

ClockResult run_clock(const ClockSpec& spec, const std::vector<PriorityChange>& prios,
                      const std::map<std::string, Target>& targets, Instant as_of) {
  ClockResult r;
  r.metric = spec.metric;
  r.start = spec.start.at;
  r.stopped = spec.stop.has_value();
  const Intervals& paused = *spec.paused;
  // The priority in effect at the start, then every later change that
  // applies before the stop.
  size_t k = 0;
  while (k + 1 < prios.size() && prios[k + 1].when <= spec.start) ++k;
  size_t current = k;
  for (; k < prios.size(); ++k) {
    // A change at the stop's instant applies only if it came first.
    if (spec.stop && !(prios[k].when <= *spec.stop)) break;
    current = k;
    Instant from = std::max(prios[k].when.at, spec.start.at);
    Instant next = k + 1 < prios.size() ? prios[k + 1].when.at : kNever;
    const Target* t = target_of(targets, prios[k].priority);
    if (!t) continue;
    Instant d = std::max(from, first_instant_beyond(*t->calendar, spec.start.at, paused, t->target));
    bool stopped_before = spec.stop && spec.stop->at <= d;
    if (d < next && !stopped_before && d < as_of) {
      r.state = ClockResult::State::Breached;
      r.settled = d;
      r.deadline = d;
      r.priority = prios[k].priority;
      r.has_target = true;
      r.target = t->target;
      return r;
    }
  }
  r.priority = prios[current].priority;
  const Target* t = target_of(targets, r.priority);
  if (spec.stop) {
    r.settled = spec.stop->at;
    if (!t) {
      r.state = ClockResult::State::Untracked;
    } else {
      r.has_target = true;
      r.target = t->target;
      r.elapsed = elapsed_between(*t->calendar, spec.start.at, paused, spec.stop->at);
      r.state = r.elapsed <= t->target ? ClockResult::State::Achieved : ClockResult::State::Breached;
    }
    return r;
  }
  r.state = ClockResult::State::InProgress;
  if (t) {
    r.has_target = true;
    r.target = t->target;
    r.elapsed = elapsed_between(*t->calendar, spec.start.at, paused, as_of);
    // As if it ran on from as_of without a pause: pauses end at as_of.
    r.deadline = std::max(prios[current].when.at,
                          first_instant_beyond(*t->calendar, spec.start.at, paused, t->target));
  }
  return r;
}

}  // namespace

Millis elapsed_between(const Calendar& cal, Instant start, const Intervals& paused, Instant t) {
  if (t <= start) return 0;
  Intervals open;
  cal.open_within(start, t, open);
  return measure(subtract(open, paused));
}

Instant first_instant_beyond(const Calendar& cal, Instant start, const Intervals& paused, Millis budget) {
  if (cal.never_open()) return kNever;
  Millis used = 0;
  Instant from = start;
  for (int i = 0; i < kSearchWeeks; ++i) {
    Instant to = from + std::max(kWeek, budget - used + kWeek / 7);
    Intervals open;
    cal.open_within(from, to, open);
    for (const Interval& iv : subtract(open, paused)) {
      if (used + iv.length() > budget) return iv.a + (budget - used);
      used += iv.length();
    }
    from = to;
  }
  return kNever;
}

std::vector<ClockResult> ticket_clocks(const TicketHistory& ticket, const Contract& contract, Instant as_of) {
  const Event& opened = *ticket.opened;
  std::vector<PriorityChange> prios{{{opened.at, opened.seq}, opened.priority}};
  Intervals paused;
  std::optional<Mark> response_stop;
  std::vector<std::pair<Mark, std::optional<Mark>>> cycles{{{opened.at, opened.seq}, std::nullopt}};
  TicketStatus status = TicketStatus::Open;
  Instant pause_since = kNever;  // kNever: not paused
  auto is_stop = [](TicketStatus s) { return s == TicketStatus::Solved || s == TicketStatus::Closed; };

  for (const Event* e : ticket.events) {
    Mark m{e->at, e->seq};
    switch (e->type) {
      case EventType::TicketPriorityChanged:
        prios.push_back({m, e->priority});
        break;
      case EventType::TicketReplied:
        if (e->by_agent && e->is_public && !response_stop) response_stop = m;
        break;
      case EventType::TicketStatusChanged: {
        if (pause_since != kNever && !contract.pause_on.count(e->status)) {
          paused.push_back({pause_since, e->at});
          pause_since = kNever;
        } else if (pause_since == kNever && contract.pause_on.count(e->status)) {
          pause_since = e->at;
        }
        if (is_stop(e->status)) {
          if (!response_stop) response_stop = m;
          if (!cycles.back().second) cycles.back().second = m;
        } else if (is_stop(status)) {
          cycles.push_back({m, std::nullopt});
        }
        status = e->status;
        break;
      }
      default:
        break;
    }
  }
  if (pause_since != kNever) paused.push_back({pause_since, std::max(pause_since, as_of)});
  paused = normalize(std::move(paused));

  std::vector<ClockResult> out;
  if (!contract.response.empty()) {
    static const Intervals never_paused;  // a response clock never pauses
    out.push_back(run_clock({Metric::Response, cycles.front().first, response_stop, &never_paused}, prios,
                            contract.response, as_of));
  }
  if (!contract.resolution.empty()) {
    for (const auto& [start, stop] : cycles)
      out.push_back(run_clock({Metric::Resolution, start, stop, &paused}, prios, contract.resolution, as_of));
  }
  for (auto& c : out) c.ticket = opened.ref;
  return out;
}

}  // namespace vow
