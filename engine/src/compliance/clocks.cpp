#include "compliance/clocks.hpp"

#include <algorithm>

#include "compliance/money.hpp"

namespace vow {
namespace {

constexpr Millis kWeek = 7 * 86'400'000LL;
constexpr int kSearchWeeks = 52 * 10;  // past ten years a deadline is "never"

using Mark = ClockScratch::Mark;
using PriorityChange = ClockScratch::PriorityChange;

// Whether `a` applies no later than `b`: by instant, then by ingest order.
bool not_after(const Mark& a, const Mark& b) {
  return a.at < b.at || (a.at == b.at && a.seq <= b.seq);
}

struct ClockSpec {
  Metric metric;
  Mark start;
  std::optional<Mark> stop;
  const Intervals* paused;
};

struct Context {
  const std::map<std::string, Target>* targets;
  const std::vector<std::string>* names;
  ClockScratch* scratch;
  Instant as_of;

  const Target* target_of(std::uint32_t priority) const {
    auto it = targets->find((*names)[priority]);
    return it == targets->end() ? nullptr : &it->second;
  }
};

Millis elapsed_with(const Calendar& cal, Instant start, const Intervals& paused, Instant t, ClockScratch& s) {
  if (t <= start) return 0;
  s.open.clear();
  cal.open_within(start, t, s.open, s.calendars);
  if (paused.empty()) return measure(s.open);
  return measure(subtract(s.open, paused));
}

// A clock's target under `t`: fixed, or (1.1) business_days(n) worked out
// from the clock's start.
Millis target_for(const Target& t, Instant start, ClockScratch& s) {
  if (t.business_days == 0) return t.target;
  Instant close = t.calendar->close_of_open_day(start, t.business_days, *t.zone, s.calendars);
  if (close == kNever) return kSearchWeeks * kWeek;  // no open day in ten years: never reached
  return elapsed_with(*t.calendar, start, Intervals{}, close, s);
}

// The first instant at which the elapsed time passes `budget` (a breach:
// elapsed > target), or with `reach` the first at which it reaches it (a
// warning: elapsed >= level × target). The two differ where the budget runs
// out at a closing time: reached then, passed only at the next opening.
Instant beyond_with(const Calendar& cal, Instant start, const Intervals& paused, Millis budget, ClockScratch& s,
                    bool reach = false) {
  if (cal.never_open()) return kNever;
  if (reach && budget <= 0) return start;
  if (cal.always_open() && paused.empty()) return start + budget;
  Millis used = 0;
  Instant from = start;
  for (int i = 0; i < kSearchWeeks; ++i) {
    Instant to = from + std::max(kWeek / 7, budget - used + kWeek / 7);
    s.open.clear();
    cal.open_within(from, to, s.open, s.calendars);
    const Intervals& counted = paused.empty() ? s.open : (s.counted = subtract(s.open, paused));
    for (const Interval& iv : counted) {
      if (reach ? used + iv.length() >= budget : used + iv.length() > budget) return iv.a + (budget - used);
      used += iv.length();
    }
    from = to;
  }
  return kNever;
}

// The pauses as they stood at `t`: one going on then ends there.
Intervals paused_as_of(const Intervals& paused, Instant t) {
  Intervals out;
  for (const Interval& iv : paused)
    if (iv.a < t) out.push_back({iv.a, std::min(iv.b, t)});
  return out;
}

}  // namespace

Millis ClockScratch::level_budget(double w, Millis target) {
  for (const auto& [level, t, budget] : level_budgets)
    if (level == w && t == target) return budget;
  // elapsed / T >= w, exactly: elapsed is whole milliseconds, w the decimal written.
  Millis budget = (Decimal::from_double(w) * Decimal::integer(target)).ceiling();
  if (level_budgets.size() >= 64) level_budgets.clear();  // many contracts' pairs: start again
  level_budgets.emplace_back(w, target, budget);
  return budget;
}

namespace {

// The levels a clock reaches while priority `k` is in effect: from `from`,
// before `until` (the next change or the stop) and no later than the
// segment's breach instant `d` (the clock is in progress until d included).
void note_levels(const ClockSpec& spec, const Context& cx, std::size_t clock, std::size_t k, const Target& t,
                 Millis target, Instant from, Instant until, Instant d, std::vector<char>& done) {
  ClockScratch& s = *cx.scratch;
  const Intervals& paused = *spec.paused;
  const Calendar& cal = *t.calendar;
  Millis before = elapsed_with(cal, spec.start.at, paused, from, s);
  for (std::size_t i = 0; i < s.levels->size(); ++i) {
    if (done[i]) continue;
    Millis budget = s.level_budget((*s.levels)[i], target);
    Instant at = before >= budget ? from : beyond_with(cal, spec.start.at, paused, budget, s, true);
    if (at >= until || at > d) continue;
    if (at > cx.as_of) {
      s.changes = std::min(s.changes, at);
      continue;
    }
    done[i] = 1;
    Intervals then = paused_as_of(paused, at);
    Instant deadline = std::max(s.prios[k].when.at, beyond_with(cal, spec.start.at, then, target, s));
    s.reached.push_back({clock, i, at, (*cx.names)[s.prios[k].priority], deadline});
  }
}

ClockResult run_clock(const ClockSpec& spec, const Context& cx, std::size_t index) {
  const auto& prios = cx.scratch->prios;
  ClockResult r;
  r.metric = spec.metric;
  r.start = spec.start.at;
  r.stopped = spec.stop.has_value();
  if (spec.stop) r.stop = spec.stop->at;
  const Intervals& paused = *spec.paused;
  // The priority in effect at the start, then every later change that
  // applies before the stop.
  size_t k = 0;
  while (k + 1 < prios.size() && not_after(prios[k + 1].when, spec.start)) ++k;
  size_t current = k;
  std::vector<char> done(cx.scratch->levels ? cx.scratch->levels->size() : 0);
  for (; k < prios.size(); ++k) {
    // A change at the stop's instant applies only if it came first.
    if (spec.stop && !not_after(prios[k].when, *spec.stop)) break;
    current = k;
    const Target* t = cx.target_of(prios[k].priority);
    if (!t) continue;
    Instant from = std::max(prios[k].when.at, spec.start.at);
    Instant next = k + 1 < prios.size() ? prios[k + 1].when.at : kNever;
    Millis target = target_for(*t, spec.start.at, *cx.scratch);
    Instant d = std::max(from, beyond_with(*t->calendar, spec.start.at, paused, target, *cx.scratch));
    bool stopped_before = spec.stop && spec.stop->at <= d;
    if (cx.scratch->levels)
      note_levels(spec, cx, index, k, *t, target, from, std::min(next, spec.stop ? spec.stop->at : kNever), d, done);
    // A breach at d exists once d < as_of: from d + 1 ms on.
    if (d < next && !stopped_before && d >= cx.as_of && d != kNever)
      cx.scratch->changes = std::min(cx.scratch->changes, d + 1);
    if (d < next && !stopped_before && d < cx.as_of) {
      r.state = ClockResult::State::Breached;
      r.settled = d;
      r.deadline = d;
      r.priority = (*cx.names)[prios[k].priority];
      r.has_target = true;
      r.target = target;
      return r;
    }
  }
  r.priority = (*cx.names)[prios[current].priority];
  const Target* t = cx.target_of(prios[current].priority);
  if (spec.stop) {
    r.settled = spec.stop->at;
    if (!t) {
      r.state = ClockResult::State::Untracked;
    } else {
      r.has_target = true;
      r.target = target_for(*t, spec.start.at, *cx.scratch);
      r.elapsed = elapsed_with(*t->calendar, spec.start.at, paused, spec.stop->at, *cx.scratch);
      r.state = r.elapsed <= r.target ? ClockResult::State::Achieved : ClockResult::State::Breached;
    }
    return r;
  }
  r.state = ClockResult::State::InProgress;
  if (t) {
    r.has_target = true;
    r.target = target_for(*t, spec.start.at, *cx.scratch);
    r.elapsed = elapsed_with(*t->calendar, spec.start.at, paused, cx.as_of, *cx.scratch);
    // As if it ran on from as_of without a pause: pauses end at as_of.
    r.deadline =
        std::max(prios[current].when.at, beyond_with(*t->calendar, spec.start.at, paused, r.target, *cx.scratch));
  }
  return r;
}

}  // namespace

void ticket_clocks(const TicketHistory& ticket, const Contract& contract, Instant as_of,
                   const std::vector<std::string>& priorities, ClockScratch& s, std::vector<ClockResult>& out) {
  const Mark open_mark{ticket.opening->at, ticket.opening->seq};
  s.changes = kNever;
  s.prios.clear();
  s.prios.push_back({open_mark, ticket.opening->priority});
  s.paused.clear();
  s.cycles.clear();
  s.cycles.push_back({open_mark, std::nullopt});
  std::optional<Mark> response_stop;
  s.next_replies.clear();
  s.updates.clear();
  bool answered = false;  // a public agent reply so far
  // Amended terms (terms.md): each clock is measured under the terms in
  // force in the month it starts; pauses follow the terms it opened under.
  const Contract& opened = contract.in_force_at(ticket.opening->at);
  const bool tracks_replies =
      contract.any_version([](const Contract& c) { return !c.next_reply.empty() || !c.update.empty(); });
  auto running = [](const std::vector<std::pair<Mark, std::optional<Mark>>>& v) {
    return !v.empty() && !v.back().second;
  };
  auto end_running = [&](std::vector<std::pair<Mark, std::optional<Mark>>>& v, const Mark& m) {
    if (running(v)) v.back().second = m;
  };
  TicketStatus status = TicketStatus::Open;
  Instant pause_since = kNever;  // kNever: not paused
  auto is_stop = [](TicketStatus st) { return st == TicketStatus::Solved || st == TicketStatus::Closed; };

  for (const TicketStep& e : ticket.steps) {
    Mark m{e.at, e.seq};
    switch (e.type) {
      case EventType::TicketPriorityChanged:
        s.prios.push_back({m, e.priority});
        break;
      case EventType::TicketReplied:
        if (e.stops_response && !response_stop) response_stop = m;
        // terms.md 1.1: an agent's public reply ends the customer's wait
        // and the update interval, and starts the next interval.
        if (e.stops_response && tracks_replies) {
          answered = true;
          end_running(s.next_replies, m);
          end_running(s.updates, m);
          if (!is_stop(status)) s.updates.push_back({m, std::nullopt});
        } else if (e.customer_reply && answered && !running(s.next_replies) && !is_stop(status)) {
          s.next_replies.push_back({m, std::nullopt});
        }
        break;
      case EventType::TicketStatusChanged: {
        bool pauses = opened.pause_on.count(e.status) > 0;
        if (pause_since != kNever && !pauses) {
          s.paused.push_back({pause_since, e.at});
          pause_since = kNever;
        } else if (pause_since == kNever && pauses) {
          pause_since = e.at;
        }
        if (is_stop(e.status)) {
          if (!response_stop) response_stop = m;
          end_running(s.next_replies, m);
          end_running(s.updates, m);
          if (!s.cycles.back().second) s.cycles.back().second = m;
        } else if (is_stop(status)) {
          s.cycles.push_back({m, std::nullopt});
        }
        status = e.status;
        break;
      }
      default:
        break;
    }
  }
  if (pause_since != kNever) s.paused.push_back({pause_since, std::max(pause_since, as_of)});
  if (s.paused.size() > 1) s.paused = normalize(std::move(s.paused));

  static const Intervals never_paused;  // response and next-reply clocks never pause
  if (!opened.response.empty()) {
    Context cx{&opened.response, &priorities, &s, as_of};
    out.push_back(run_clock({Metric::Response, s.cycles.front().first, response_stop, &never_paused}, cx, out.size()));
  }
  int resolution_cycle = 0;
  for (const auto& [start, stop] : s.cycles) {
    ++resolution_cycle;  // numbered by position, whether or not the terms have the target
    const auto& targets = contract.in_force_at(start.at).resolution;
    if (targets.empty()) continue;
    Context cx{&targets, &priorities, &s, as_of};
    out.push_back(run_clock({Metric::Resolution, start, stop, &s.paused}, cx, out.size()));
    out.back().cycle = resolution_cycle;
  }
  // 1.1: the next reply never pauses; the update pauses like resolution. A
  // clock stopped at the instant it started is not counted.
  for (auto [metric, cycles, paused] :
       {std::tuple{Metric::NextReply, &s.next_replies, &never_paused},
        std::tuple{Metric::Update, &s.updates, static_cast<const Intervals*>(&s.paused)}}) {
    int cycle = 0;
    for (const auto& [start, stop_at] : *cycles) {
      if (stop_at && stop_at->at == start.at) continue;
      ++cycle;
      const auto& targets = contract.in_force_at(start.at).targets(metric);
      if (targets.empty()) continue;
      Context cx{&targets, &priorities, &s, as_of};
      out.push_back(run_clock({metric, start, stop_at, paused}, cx, out.size()));
      out.back().cycle = cycle;
    }
  }
}

std::uint32_t priority_index(std::string_view p, const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i].data() == p.data()) return static_cast<std::uint32_t>(i);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == p) return static_cast<std::uint32_t>(i);
  return UINT32_MAX;
}

}  // namespace vow
