#include "compliance/satisfaction.hpp"

#include <algorithm>
#include <unordered_map>

#include "compliance/clocks.hpp"

namespace vow {
namespace {

// Every clock of the ticket achieved, none in progress or breached, as of
// as_of: the SLA was met (clocks without a target count for nothing).
bool every_clock_met(const TicketHistory& t, const Contract& c, Instant as_of, const Facts& f) {
  ClockScratch scratch;
  std::vector<ClockResult> clocks;
  ticket_clocks(t, c, as_of, *f.priorities, scratch, clocks);
  bool any = false;
  for (const ClockResult& k : clocks) {
    if (k.state == ClockResult::State::Untracked || !k.has_target || f.exempt(c.id, k.start)) continue;
    if (k.state != ClockResult::State::Achieved) return false;
    any = true;
  }
  return any;
}

// The ticket's priority at the rating: its opening's, then each change
// at or before it in (at, ingest) order.
std::string_view priority_at(const TicketHistory& t, const Event& rating, const Facts& f) {
  std::uint32_t p = t.opening->priority;
  for (const TicketStep& s : t.steps) {
    if (s.at > rating.at || (s.at == rating.at && s.seq > rating.seq)) break;
    if (s.type == EventType::TicketPriorityChanged) p = s.priority;
  }
  return (*f.priorities)[p];
}

void add(Csat& c, bool good, const std::string* unhappy) {
  ++c.rated;
  if (good) ++c.good;
  c.rate = static_cast<double>(c.good) / c.rated;
  if (unhappy) c.met_but_unhappy.push_back(*unhappy);
}

}  // namespace

std::vector<AppliedException> exceptions_in(const Contract& c, Interval period, const Facts& f) {
  std::vector<AppliedException> out;
  for (const ExceptionGrant& x : f.exceptions) {
    const Event& e = *x.granted;
    if (x.revoked_at != kNever || e.customer != c.id || e.end <= period.a || e.start >= period.b) continue;
    out.push_back({e.ref, e.start, e.end, e.scope, e.reason, e.approved_by});
  }
  std::sort(out.begin(), out.end(), [](const AppliedException& a, const AppliedException& b) {
    return std::tie(a.start, a.id) < std::tie(b.start, b.id);
  });
  return out;
}

void count_ratings(const Contract& c, Interval period, Instant as_of, const Facts& f, AccountReport& a) {
  auto ratings = f.ratings_of.find(c.id);
  if (ratings == f.ratings_of.end()) return;
  auto tickets = f.tickets_for(c.id);
  std::unordered_map<std::string_view, const TicketHistory*> by_ref;
  for (const TicketHistory& t : tickets) by_ref.emplace(t.opened->ref, &t);
  // The facts hold the ratings of these tickets in (at, ingest) order, up to
  // their own instant, which may be later than as_of (a quarter's status as
  // of a month's end).
  std::unordered_map<std::string_view, const Event*> latest;
  for (const Event* r : ratings->second)
    if (r->at <= as_of) latest[r->ref] = r;
  std::vector<std::pair<const TicketHistory*, const Event*>> counted;
  for (const auto& [ref, r] : latest)
    if (r->at >= period.a && r->at < period.b) counted.emplace_back(by_ref.at(ref), r);
  std::sort(counted.begin(), counted.end(),
            [](const auto& x, const auto& y) { return x.first->opened->ref < y.first->opened->ref; });
  for (const auto& [t, r] : counted) {
    bool good = r->score >= 4;
    std::string ref(t->opened->ref);
    const std::string* unhappy = !good && every_clock_met(*t, c, as_of, f) ? &ref : nullptr;
    add(a.csat, good, unhappy);
    add(a.csat_by_priority[std::string(priority_at(*t, *r, f))], good, unhappy);
  }
}

}  // namespace vow
