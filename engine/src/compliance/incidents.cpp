#include "compliance/incidents.hpp"

#include <algorithm>

#include "compliance/cadence.hpp"

namespace vow {

std::vector<Incident> incidents_of(const Contract& c, Interval period, Instant as_of, const Facts& f) {
  std::vector<Incident> out;
  for (const Outage& o : f.outages) {
    const Event& e = *o.started;
    Instant stop = o.end ? *o.end : as_of;
    if (!affects(c, e) || e.at >= period.b || stop <= period.a) continue;
    out.push_back({e.ref,
                   e.service,
                   e.title.value_or(""),
                   e.partial,
                   e.at,
                   o.end,
                   static_cast<double>(stop - e.at) / 1000.0,
                   e.cause,
                   {}});
  }
  std::stable_sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) { return a.started < b.started; });
  return out;
}

std::vector<Incident> incidents_of(std::span<const ContractPeriod> contracts, Instant as_of, const Facts& f) {
  std::vector<Incident> out;
  for (const Outage& o : f.outages) {
    const Event& e = *o.started;
    Instant stop = o.end ? *o.end : as_of;
    Incident i{
        e.ref,   e.service, e.title.value_or(""), e.partial, e.at, o.end, static_cast<double>(stop - e.at) / 1000.0,
        e.cause, {}};
    for (const auto& [c, period] : contracts)
      if (affects(*c, e) && e.at < period.b && stop > period.a) i.customers.push_back(c->id);
    if (!i.customers.empty()) out.push_back(std::move(i));
  }
  std::stable_sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) { return a.started < b.started; });
  return out;
}

}  // namespace vow
