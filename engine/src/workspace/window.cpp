#include "workspace/window.hpp"

#include <algorithm>
#include <limits>

#include "compliance/forecast.hpp"
#include "time/period.hpp"

namespace vow {
namespace {

// Periods are cut at midnight in each contract's zone; UTC bounds widened by
// two days hold them in every zone.
constexpr Millis kZoneMargin = 2 * kDay;

// A trend reaching back further than this reaches back past any ledger.
constexpr int kLongestHistoryMonths = 12 * 200;

Interval widened(const Period& p) {
  Interval b = p.bounds(Zone::utc());
  return {b.a - kZoneMargin, b.b + kZoneMargin};
}

}  // namespace

std::optional<EventWindow> report_window(const Query& q, bool quarterly) {
  auto period = parse_period(q.period);
  if (!period) return std::nullopt;
  // The engine's trend stops at the ledger's first event, not known yet: a
  // longer history reads every ticket that began by the period's end rather
  // than step back period by period (billions of them for an int's worth)
  // until the instants overflow.
  Instant from = std::numeric_limits<Instant>::min();
  if (q.history <= kLongestHistoryMonths / period->months) {
    Period earliest = *period;
    for (int i = 0; i < q.history; ++i) earliest = previous(earliest);
    // A quarterly commitment's month takes its status from its quarter so far.
    if (quarterly) earliest = quarter_of(earliest);
    from = widened(earliest).a;
  }
  EventWindow w{from, widened(*period).b, q.as_of};
  // The forecast (the month running at as_of, when it is this period or the
  // next): its earlier months and the team's pace. The month running is
  // each contract's own: in a zone behind UTC it may be the one before UTC's
  // (05:00 UTC on 1 February is still January in Pago Pago, whose forecast
  // reads October to December).
  Period running_from = quarterly ? quarter_of(*period) : *period;
  if (q.as_of >= widened(running_from).a && q.as_of < widened(following(*period)).b) {
    Period month = month_containing(q.as_of - kZoneMargin, Zone::utc());
    if (quarterly) month = quarter_of(month);  // a quarterly commitment forecasts its quarter
    for (int i = 0; i < kHistoryMonths; ++i) month = previous(month);
    w.from = std::min({w.from, widened(month).a, q.as_of - kTeamWindow - kZoneMargin});
    w.to = std::max(w.to, q.as_of);
  }
  w.from = std::min(w.from, q.as_of);
  return w;
}

std::optional<EventWindow> credits_window(const Query& q) {
  auto period = parse_period(q.period);
  if (!period) return std::nullopt;
  Interval b = widened(*period);
  return EventWindow{std::min(b.a, q.as_of), b.b, q.as_of};
}

bool ticket_needed(const TicketSpan& s, const EventWindow& w, bool has_contract) {
  bool regular = s.openings == 1 && s.first_other >= s.first_opening && has_contract;
  if (!regular) return true;
  bool settled_before = s.ends_stopped && s.last_at < w.from;
  bool begins_after = s.first_opening > w.to;
  return !settled_before && !begins_after;
}

}  // namespace vow
