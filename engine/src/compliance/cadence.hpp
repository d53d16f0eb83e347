// Communication cadence as an SLA: incident.notified events per affected
// customer measured against a contract's `communications` terms.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"

namespace vow {

enum class NoticeKind { Initial, Update, Postmortem };
std::string_view to_string(NoticeKind k);

struct NoticeClock {
  enum class State { InProgress, Achieved, Breached } state = State::InProgress;
  NoticeKind kind = NoticeKind::Initial;
  const Event* outage = nullptr;  // its outage.started
  Instant deadline = 0;
  Instant settled = 0;  // achieved: the notice; breached: the deadline
  bool sent = false;    // the notice this clock waits for has been sent (late or not)
  Millis target = 0;
};

// Every notice clock of one outage for one customer as of `as_of`.
// `notices` are that customer's incident.notified events for the outage, in order.
std::vector<NoticeClock> notice_clocks(const Communications& terms, const Outage& outage,
                                       std::span<const Event* const> notices, Instant as_of);

// Whether an outage affects a contract: its customer list names it, or it
// has none and the service is one the contract's uptime term covers.
bool affects(const Contract& c, const Event& started);

// Calls fn(outage, clock) for every notice clock of every outage that
// affects the contract and has communications terms, as of `as_of`: the
// one loop over notice clocks that the report and the status read.
template <class Fn>
void for_each_notice_clock(const Contract& c, Instant as_of, const Facts& f, Fn&& fn) {
  for (const Outage& o : f.outages) {
    // Under the terms in force when the outage started (amendments: terms.md).
    const Contract& terms = c.in_force_at(o.started->at);
    if (!terms.communications || !affects(c, *o.started)) continue;
    for (const NoticeClock& clock : notice_clocks(*terms.communications, o, f.notices_for(o.started->ref, c.id), as_of))
      fn(o, clock);
  }
}

}  // namespace vow
