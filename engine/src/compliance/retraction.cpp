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

std::vector<std::string_view> alert_customer_candidates(std::string_view id) {
  std::vector<std::string_view> out;
  std::size_t colon = id.find(':');
  if (colon == std::string_view::npos) return out;
  std::string_view rest = id.substr(colon + 1);
  for (std::size_t end = rest.find(':'); end != std::string_view::npos; end = rest.find(':', end + 1))
    out.push_back(rest.substr(0, end));
  return out;
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

namespace {

// A burn-rate alert's severity is its rule's: RULE is the rule's position in
// the burn_alerts in force at the episode's minute (uptime.burn_rate:
// CUSTOMER:RULE:EPISODE, EPISODE an instant ending in Z).
std::string burn_severity(const Contract& contract, std::string_view id) {
  std::size_t first = id.find(':'), second = id.find(':', first + 1), third = id.find(':', second + 1);
  if (second == std::string_view::npos || third == std::string_view::npos) return {};
  std::size_t z = id.find('Z', third);
  auto minute = z == std::string_view::npos ? std::nullopt : parse_instant(id.substr(third + 1, z - third));
  const Contract& c = minute ? contract.in_force_at(*minute) : contract;
  std::string_view rule = id.substr(second + 1, third - second - 1);
  std::size_t n = 0;
  for (char ch : rule) {
    if (ch < '0' || ch > '9' || n > c.burn_alerts.size()) return {};
    n = n * 10 + static_cast<std::size_t>(ch - '0');
  }
  return n >= 1 && n <= c.burn_alerts.size() ? c.burn_alerts[n - 1].severity : std::string();
}

}  // namespace

std::vector<Alert> retracted_alerts(std::span<const Event* const> deliveries, Instant as_of,
                                    const std::unordered_set<std::string_view>& existing,
                                    const std::function<const Contract*(std::string_view)>& contract_of,
                                    const std::function<bool(std::string_view)>& wanted) {
  // Per alert and sink, as of as_of: a sink still shows the alert when it
  // was given it more often than it was told of its retraction (an alert
  // raised again after a retraction is delivered again: ADR 0037).
  // Counting, not taking the last record, keeps this right when records
  // carry instants out of order (a clock stepped back between them).
  struct Count {
    int delivered = 0, retracted = 0;
    Instant last = 0;  // the last delivery's instant
  };
  std::map<std::pair<std::string_view, std::string_view>, Count> count;
  for (const Event* e : deliveries) {
    if (e->at > as_of) break;
    Count& c = count[{e->ref, e->sink}];
    if (e->retraction) {
      ++c.retracted;
    } else {
      ++c.delivered;
      c.last = e->at;
    }
  }
  std::map<std::string_view, Instant> shown;  // alert id -> its first delivery still shown
  for (const auto& [key, c] : count) {
    if (c.delivered <= c.retracted || existing.contains(key.first)) continue;
    auto [it, fresh] = shown.try_emplace(key.first, c.last);
    if (!fresh) it->second = std::min(it->second, c.last);
  }
  std::vector<Alert> out;
  for (const auto& [id, at] : shown) {
    AlertIdParts parts = parse_alert_id(id);
    for (std::string_view c : alert_customer_candidates(id))
      if (contract_of(c)) {
        parts.customer = c;
        break;
      }
    if (!wanted(parts.customer)) continue;
    Alert a;
    a.id = id;
    a.kind = parts.kind;
    a.severity = severity_of_kind(parts.kind);
    a.customer = parts.customer;
    if (const Contract* c = contract_of(parts.customer)) {
      a.customer_name = c->name;
      if (parts.kind == "uptime.burn_rate") a.severity = burn_severity(*c, id);
    }
    a.at = at;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace vow
