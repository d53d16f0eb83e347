#include "compliance/cadence.hpp"

#include <algorithm>

namespace vow {

std::string_view to_string(NoticeKind k) {
  return k == NoticeKind::Initial ? "initial" : k == NoticeKind::Update ? "update" : "postmortem";
}

bool affects(const Contract& c, const Event& started) {
  if (started.customers) return started.covers(c.id);
  return c.any_version([&](const Contract& v) {
    for (const UptimeTerm& u : v.uptimes)
      if (std::find(u.services.begin(), u.services.end(), started.service) != u.services.end()) return true;
    return false;
  });
}

namespace {

// A clock due at `deadline`, satisfied by `sent_at` (kNever: nothing sent yet).
NoticeClock clock(NoticeKind kind, const Outage& o, Instant from, Instant deadline, Instant sent_at, Instant as_of) {
  NoticeClock c;
  c.kind = kind;
  c.outage = o.started;
  c.target = deadline - from;
  c.deadline = deadline;
  c.sent = sent_at != kNever;
  if (sent_at != kNever && sent_at <= deadline) {
    c.state = NoticeClock::State::Achieved;
    c.settled = sent_at;
  } else if (sent_at != kNever || deadline < as_of) {
    c.state = NoticeClock::State::Breached;
    c.settled = deadline;
  }
  return c;
}

}  // namespace

std::vector<NoticeClock> notice_clocks(const Communications& terms, const Outage& o,
                                       std::span<const Event* const> notices, Instant as_of) {
  std::vector<NoticeClock> out;
  const Instant start = o.started->at;
  const Instant end = o.end ? *o.end : kNever;
  // Notices during the outage: the first is the initial one, then the updates.
  std::vector<Instant> during;
  Instant postmortem = kNever;
  for (const Event* n : notices) {
    if (n->at > as_of) break;
    if (n->kind == "postmortem") {
      if (postmortem == kNever) postmortem = n->at;
    } else if (n->at < end || during.empty()) {
      during.push_back(n->at);
    }
  }
  CalendarCache days;  // for business_days waits (1.1)
  if (terms.initial)
    out.push_back(clock(NoticeKind::Initial, o, start, terms.initial->after(start, days),
                        during.empty() ? kNever : during.front(), as_of));
  if (terms.update_every) {
    // Each gap from a notice to the next one, or to the end, while open.
    for (size_t i = 0; i < during.size() && during[i] < end; ++i) {
      Instant due = terms.update_every->after(during[i], days);
      bool next_notice = i + 1 < during.size() && during[i + 1] < end;
      Instant closes = next_notice ? during[i + 1] : end;  // kNever while still open
      NoticeClock c = clock(NoticeKind::Update, o, during[i], due, closes, as_of);
      c.sent = next_notice;  // an end closes the gap, but is no notice
      out.push_back(c);
    }
  }
  if (terms.postmortem && o.end)
    out.push_back(clock(NoticeKind::Postmortem, o, *o.end, terms.postmortem->after(*o.end, days), postmortem, as_of));
  return out;
}

}  // namespace vow
