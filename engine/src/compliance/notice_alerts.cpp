#include "compliance/notice_alerts.hpp"

#include "compliance/cadence.hpp"

namespace vow {

void notice_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out) {
  if (!c.any_version([](const Contract& v) { return v.communications.has_value(); })) return;
  // Update gaps come in the order of the notices that open them: the N-th
  // update clock of an outage is gap N.
  const Event* outage = nullptr;
  int updates = 0;
  for_each_notice_clock(c, as_of, f, [&](const Outage& o, const NoticeClock& clock) {
    if (o.started != outage) outage = o.started, updates = 0;
    int n = clock.kind == NoticeKind::Update ? ++updates : 1;
    // Breached is the alert's condition: the deadline is past as of as_of
    // (strictly) and what meets it, a notice or the end at or before the
    // deadline, is not among the events up to as_of. Such an event, once
    // there, lies before the deadline, so the alert held from the deadline
    // on: its `at`.
    if (clock.state != NoticeClock::State::Breached) return;
    Alert a;
    a.kind = "notice.overdue";
    a.severity = "breach";
    a.customer = c.id;
    a.customer_name = c.name;
    a.outage = o.started->ref;
    a.notice = to_string(clock.kind);
    a.n = n;
    a.at = clock.deadline;
    a.deadline = clock.deadline;
    a.id = a.kind + ":" + a.customer + ":" + a.outage + ":" + a.notice + ":" + std::to_string(n);
    out.push_back(std::move(a));
  });
}

}  // namespace vow
