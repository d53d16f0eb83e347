#include "compliance/alerts.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <vector>

namespace vow {
namespace {

Alert clock_alert(const Contract& c, const TicketHistory& t, const ClockResult& clock, const char* kind) {
  Alert a;
  a.kind = kind;
  std::string_view k = kind;
  a.severity = k == "clock.breached" ? "breach" : k == "clock.escalated" ? "escalation" : "warning";
  a.customer = c.id;
  a.customer_name = c.name;
  a.ticket = t.opened->ref;
  a.metric = metric_name(clock.metric);
  a.cycle = clock.cycle;
  a.id = a.kind + ":" + a.customer + ":" + a.ticket + ":" + a.metric + ":" + std::to_string(a.cycle);
  return a;
}

// Each step of `escalate` for the priority the clock breached under, at
// d + after, while the clock has not stopped (stop > d + after). Gives the
// first step still to come, kNever if none.
Instant escalations(const Contract& c, const TicketHistory& t, const ClockResult& clock, Instant as_of,
                    std::vector<Alert>& out) {
  auto steps = c.escalate.find(std::string(clock.priority));
  if (steps == c.escalate.end()) return kNever;
  Instant next = kNever;
  for (std::size_t i = 0; i < steps->second.size(); ++i) {
    const EscalationStep& step = steps->second[i];
    Instant at = clock.settled + step.after;
    if (clock.stop <= at) continue;
    if (at > as_of) {
      next = std::min(next, at);
      continue;
    }
    Alert a = clock_alert(c, t, clock, "clock.escalated");
    a.step = static_cast<int>(i + 1);
    a.id += ":" + std::to_string(a.step);
    a.at = at;
    a.priority = clock.priority;
    a.deadline = clock.settled;
    a.to = step.to;
    out.push_back(std::move(a));
  }
  return next;
}

}  // namespace

std::string level_text(double level) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.14g", level);
  return buf;
}

Instant ticket_alerts(const Contract& c, const TicketHistory& t, Instant as_of, const Facts& f, ClockScratch& scratch,
                      std::vector<Alert>& out, std::vector<RateStep>* settled) {
  // The scratch is shared with the other readers of clocks: hand it back
  // without levels, whatever happens.
  struct Levels {
    ClockScratch& s;
    ~Levels() { s.levels = nullptr; }
  } guard{scratch};
  // Warning levels and escalation are those of the terms the ticket opened under.
  const Contract& terms = c.in_force_at(t.opening->at);
  scratch.levels = &terms.warn_at;
  scratch.results.clear();
  scratch.reached.clear();
  ticket_clocks(t, c, as_of, *f.priorities, scratch, scratch.results);
  // Alerts hold until a clock changes, the ticket's next event, or (1.1)
  // an exception is granted or revoked.
  Instant until = std::min({scratch.changes, f.next_event(t), f.next_exception_event});
  // A clock an exception for tickets holds raises no alert and counts in
  // no rate (terms.md 1.1).
  auto exempt = [&](const ClockResult& clock) { return f.exempt(c.id, clock.start); };
  for (const LevelReached& r : scratch.reached) {
    if (exempt(scratch.results[r.clock])) continue;
    Alert a = clock_alert(c, t, scratch.results[r.clock], "clock.warning");
    a.level = terms.warn_at[r.level];
    a.id += ":" + level_text(*a.level);
    a.at = r.at;
    a.priority = r.priority;
    a.deadline = r.deadline;
    out.push_back(std::move(a));
  }
  // A breach exists once its instant d is past (d < as_of), which is when
  // the clocks say Breached; at d it was still in progress.
  for (const ClockResult& clock : scratch.results) {
    if (exempt(clock)) continue;
    if (settled)
      if (auto step = rate_step(clock)) settled->push_back(*step);
    if (clock.state != ClockResult::State::Breached) continue;
    Alert a = clock_alert(c, t, clock, "clock.breached");
    a.at = clock.settled;
    a.priority = clock.priority;
    a.deadline = clock.settled;
    until = std::min(until, escalations(terms, t, clock, as_of, out));
    out.push_back(std::move(a));
  }
  return until;
}

Instant clock_alerts(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch, std::vector<Alert>& out,
                     std::vector<RateStep>* settled) {
  Instant until = kNever;
  for (const TicketHistory& t : f.tickets_for(c.id))
    until = std::min(until, ticket_alerts(c, t, as_of, f, scratch, out, settled));
  return until;
}

void sort_alerts(std::vector<Alert>& alerts) {
  auto earlier = [](const Alert& a, const Alert& b) { return std::tie(a.at, a.id) < std::tie(b.at, b.id); };
  if (std::is_sorted(alerts.begin(), alerts.end(), earlier)) return;
  // An alert is some 700 bytes of strings: their places are sorted, then
  // each moved once, rather than swapped at every step of the sort.
  std::vector<Alert*> order;
  order.reserve(alerts.size());
  for (Alert& a : alerts) order.push_back(&a);
  std::sort(order.begin(), order.end(), [&](const Alert* a, const Alert* b) { return earlier(*a, *b); });
  std::vector<Alert> sorted;
  sorted.reserve(alerts.size());
  for (Alert* a : order) sorted.push_back(std::move(*a));
  alerts = std::move(sorted);
}

}  // namespace vow
