#include "compliance/retraction.hpp"

#include <algorithm>
#include <map>

namespace vow {

AlertIdParts parse_alert_id(std::string_view id) {
  AlertIdParts p;
  std::size_t colon = id.find(':');
  p.kind = id.substr(0, colon);
  if (colon == std::string_view::npos) return p;
  std::string_view rest = id.substr(colon + 1);
  p.customer = rest.substr(0, rest.find(':'));
  return p;
}

std::string_view severity_of_kind(std::string_view kind) {
  static const std::map<std::string_view, std::string_view> severities{
      {"clock.warning", "warning"},           {"clock.breached", "breach"},  {"clock.escalated", "escalation"},
      {"uptime.budget_warning", "warning"},   {"uptime.breached", "breach"}, {"notice.overdue", "breach"},
      {"compliance.below_target", "warning"}, {"job.late", "breach"},        {"objective.budget_warning", "warning"},
      {"objective.breached", "breach"}};
  auto it = severities.find(kind);
  return it == severities.end() ? std::string_view() : it->second;
}

std::vector<Alert> retracted_alerts(std::span<const Event* const> deliveries, Instant as_of,
                                    const std::unordered_set<std::string_view>& existing,
                                    const std::function<const Contract*(std::string_view)>& contract_of,
                                    const std::function<bool(std::string_view)>& wanted) {
  // Per alert and sink, the last record as of as_of: a delivery that no
  // retraction to that sink followed is one the sink still shows.
  std::map<std::pair<std::string_view, std::string_view>, const Event*> last;
  for (const Event* e : deliveries) {
    if (e->at > as_of) break;
    last[{e->ref, e->sink}] = e;
  }
  std::map<std::string_view, Instant> shown;  // alert id -> its first delivery still shown
  for (const auto& [key, e] : last) {
    if (e->retraction || existing.contains(key.first)) continue;
    auto [it, fresh] = shown.try_emplace(key.first, e->at);
    if (!fresh) it->second = std::min(it->second, e->at);
  }
  std::vector<Alert> out;
  for (const auto& [id, at] : shown) {
    AlertIdParts parts = parse_alert_id(id);
    if (!wanted(parts.customer)) continue;
    Alert a;
    a.id = id;
    a.kind = parts.kind;
    a.severity = severity_of_kind(parts.kind);
    a.customer = parts.customer;
    if (const Contract* c = contract_of(parts.customer)) a.customer_name = c->name;
    a.at = at;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace vow
