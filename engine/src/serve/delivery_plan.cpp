#include "serve/delivery_plan.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace vow {
namespace {

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

bool kind_listed(const std::vector<std::string>& kinds, const std::string& kind) {
  if (kinds.empty()) return true;
  for (const auto& k : kinds) {
    if (k == kind) return true;
    if (k.size() > 1 && k.ends_with(".*") && kind.starts_with(k.substr(0, k.size() - 1))) return true;
  }
  return false;
}

}  // namespace

bool route_matches(const Route& route, const Alert& alert, const std::optional<std::string>& tier) {
  if (!kind_listed(route.kinds, alert.kind) || !listed(route.severities, alert.severity) ||
      !listed(route.customers, alert.customer))
    return false;
  if (!route.tiers.empty() && (!tier || !listed(route.tiers, *tier))) return false;
  // `to` names who hears of an escalation; a route that names some takes
  // only escalations to them.
  if (!route.to.empty()) return alert.kind == "clock.escalated" && listed(route.to, alert.to);
  return true;
}

std::vector<PlannedDelivery> plan_deliveries(const DeliveryInputs& in) {
  // (alert, sink) -> (deliveries, retractions) recorded: a sink shows the
  // alert while the first is larger (ADR 0037).
  std::map<std::pair<std::string, std::string>, std::pair<int, int>> count;
  for (const DeliveryRecord& d : *in.done) {
    auto& c = count[{d.alert, d.sink}];
    ++(d.retraction ? c.second : c.first);
  }
  auto counted = [&](const std::string& alert, const std::string& sink) {
    auto it = count.find({alert, sink});
    return it == count.end() ? std::pair<int, int>{0, 0} : it->second;
  };
  std::vector<PlannedDelivery> out;
  auto tier_of = [&](const std::string& customer) -> std::optional<std::string> {
    auto it = in.tiers->find(customer);
    if (it == in.tiers->end()) return std::nullopt;
    return it->second;
  };
  for (const Alert& a : in.alerts->alerts) {
    std::set<std::string> planned;
    for (const Route& r : *in.routes) {
      if (!route_matches(r, a, tier_of(a.customer))) continue;
      for (const std::string& sink : r.sinks) {
        auto [delivered, retracted] = counted(a.id, sink);
        if (delivered > retracted || !planned.insert(sink).second) continue;
        PlannedDelivery p{a, sink, false, false, 0, delivered + 1};
        if (in.known_at - a.at > in.late_after) {
          p.late = true;
          p.late_by = in.known_at - a.at;
        }
        out.push_back(std::move(p));
      }
    }
  }
  // A retraction goes where the alert went, whatever the routes say now.
  for (const Alert& a : in.alerts->retracted) {
    std::set<std::string> planned;
    for (const DeliveryRecord& d : *in.done) {
      if (d.retraction || d.alert != a.id || !planned.insert(d.sink).second) continue;
      auto [delivered, retracted] = counted(a.id, d.sink);
      if (delivered > retracted) out.push_back({a, d.sink, true, false, 0, delivered});
    }
  }
  return out;
}

}  // namespace vow
