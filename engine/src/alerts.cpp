// Engine::alerts: the clocks, uptime, notices and compliance rates of the
// selected contracts, as of an instant, turned into alerts, and the
// delivered alerts no longer supported (docs/alerts.md).
#include "compliance/alerts.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "compliance/compliance_alerts.hpp"
#include "compliance/job_alerts.hpp"
#include "compliance/notice_alerts.hpp"
#include "compliance/objective_alerts.hpp"
#include "compliance/quiet.hpp"
#include "compliance/retraction.hpp"
#include "compliance/uptime_alerts.hpp"
#include "engine_impl.hpp"

namespace vow {

AlertsReport Engine::alerts(const Query& q, std::optional<Instant> since) {
  AlertsReport r;
  r.as_of = q.as_of;
  r.since = since;
  auto hold = impl_->read();
  auto selected = impl_->select(q);
  // Named customers (vow serve's live rounds, ADR 0036): their events
  // alone are gathered, and their alerts' delivery records, so that the
  // answer costs what they hold, not what the ledger holds.
  std::optional<CustomerSet> only;
  std::vector<const Event*> theirs;
  std::span<const Event* const> deliveries = impl_->index.deliveries;
  if (!q.customers.empty()) {
    only.emplace();
    for (const Contract* c : selected) {
      only->insert(c->id);
      if (auto it = impl_->index.deliveries_of.find(c->id); it != impl_->index.deliveries_of.end())
        theirs.insert(theirs.end(), it->second.begin(), it->second.end());
    }
    // In the index's order; one record may name two of them ("eu", "eu:c4").
    std::sort(theirs.begin(), theirs.end(), [](const Event* a, const Event* b) {
      if (std::tie(a->at, a->seq) != std::tie(b->at, b->seq)) return std::tie(a->at, a->seq) < std::tie(b->at, b->seq);
      return std::less<const Event*>()(a, b);  // the same record named twice stays together
    });
    theirs.erase(std::unique(theirs.begin(), theirs.end()), theirs.end());
    deliveries = theirs;
  }
  // Their kept clock alerts, where all but a few tickets' hold (ADR 0053):
  // only those few are gathered and computed.
  std::unordered_map<const Contract*, ClockAlertCache::Kept> kept;
  SomeTickets some;
  if (only)
    for (const Contract* c : selected)
      if (auto k = impl_->kept_clock_alerts(*c, q.as_of))
        some.emplace(c->id, kept.emplace(c, std::move(*k)).first->second.compute);
  Facts f = only ? gather_facts(
                       impl_->index, q.as_of, [this](std::string_view id) { return impl_->contracts.find(id); }, &*only,
                       &some)
                 : impl_->facts(q.as_of);
  UptimeScratch uptime;
  ChangesAhead ahead = changes_ahead(impl_->index, q.as_of);
  for (const Contract* c : selected) {
    std::vector<RateStep> settled;  // the clocks once, for both kinds
    auto k = kept.find(c);
    Instant clocks = k != kept.end()
                         ? impl_->clock_alerts_with(*c, q.as_of, f, std::move(k->second), r.alerts, &settled)
                         : impl_->clock_alerts(*c, q.as_of, f, r.alerts, &settled);
    if (auto quiet = quiet_until(*c, q.as_of, clocks, f, ahead)) r.quiet_until.emplace(c->id, *quiet);
    below_target_alerts(*c, std::move(settled), r.alerts);
    notice_alerts(*c, q.as_of, f, r.alerts);
    job_alerts(*c, q.as_of, f, r.alerts);
    objective_alerts(*c, q.as_of, f, r.alerts);
    Evaluation ev = impl_->evaluation(f, q.as_of, r.errors);
    uptime_alerts(
        *c, q.as_of, f, [&](const UptimeTerm& u) { return exclude_for(*c, u, ev); }, uptime, r.alerts);
  }
  {
    // Every alert existing as of q.as_of counts here, whatever `since`: a
    // delivered one not among them is retracted.
    std::unordered_set<std::string_view> existing, chosen;
    for (const Alert& a : r.alerts) existing.insert(a.id);
    for (const Contract* c : selected) chosen.insert(c->id);
    bool all = q.customers.empty() && q.tier.empty();
    r.retracted = retracted_alerts(
        deliveries, q.as_of, existing, [&](std::string_view id) { return impl_->contracts.find(id); },
        [&](std::string_view customer) { return all || chosen.contains(customer); });
  }
  // Every record, whatever its instant: a delivery made is made, also when
  // the clock that stamped it is ahead of this question's as_of.
  for (const Event* e : deliveries) r.deliveries.push_back({std::string(e->ref), std::string(e->sink), e->retraction});
  for (const Contract* c : selected) {
    if (c->tier) r.tiers.emplace(c->id, *c->tier);
    r.names.emplace(c->id, c->name);
  }
  if (since) std::erase_if(r.alerts, [&](const Alert& a) { return a.at < *since; });
  sort_alerts(r.alerts);
  sort_alerts(r.retracted);
  return r;
}

}  // namespace vow
