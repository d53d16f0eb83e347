// Engine::alerts: the clocks and the uptime of the selected contracts, as of an instant,
// turned into alerts (docs/alerts.md).
#include "compliance/alerts.hpp"

#include <algorithm>

#include "compliance/uptime_alerts.hpp"
#include "engine_impl.hpp"

namespace vow {

AlertsReport Engine::alerts(const Query& q, std::optional<Instant> since) {
  AlertsReport r;
  r.as_of = q.as_of;
  r.since = since;
  auto hold = impl_->read();
  Facts f = impl_->facts(q.as_of);
  UptimeScratch uptime;
  for (const Contract* c : impl_->select(q)) {
    clock_alerts(*c, q.as_of, f, impl_->scratch(), r.alerts);
    uptime_alerts(*c, q.as_of, f, exclude_for(*c, impl_->evaluation(f, q.as_of, r.errors)), uptime, r.alerts);
  }
  if (since) std::erase_if(r.alerts, [&](const Alert& a) { return a.at < *since; });
  sort_alerts(r.alerts);
  sort_alerts(r.retracted);
  return r;
}

}  // namespace vow
