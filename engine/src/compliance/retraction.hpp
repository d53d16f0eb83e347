// Retraction (docs/alerts.md): a delivered alert that the ledger no longer
// supports, because events that came late show its condition never held.
#pragma once

#include <functional>
#include <span>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compliance/terms.hpp"
#include "vow/report.hpp"

namespace vow {

// The kind and customer an alert id names: the kind before the first ':',
// the customer up to the next (docs/alerts.md's ids).
struct AlertIdParts {
  std::string_view kind, customer;
};
AlertIdParts parse_alert_id(std::string_view id);

// The customers an alert id may name: a contract id may hold ':' itself,
// so each prefix of what follows the kind that ends before a ':'
// ("kind:eu:acme:T-1" -> "eu", "eu:acme", "eu:acme:T-1"); the contract ids
// among them are the customer (the shortest, should two be).
std::vector<std::string_view> alert_customer_candidates(std::string_view id);

// The severity every alert of a kind has; "" for uptime.burn_rate, whose
// rule says, and for a kind Vow does not know.
std::string_view severity_of_kind(std::string_view kind);

// The alerts delivered to a sink, and not retracted there since, as of
// `as_of` (alert.delivered events with at <= as_of, in `deliveries`' (at,
// ingest) order) that are not in `existing`, for the customers `wanted`
// keeps. Each carries what its id says, the contract's name (contract_of:
// nullptr when there is none) and `at`, the first of those deliveries (at
// each such sink, its latest delivery of the alert).
std::vector<Alert> retracted_alerts(std::span<const Event* const> deliveries, Instant as_of,
                                    const std::unordered_set<std::string_view>& existing,
                                    const std::function<const Contract*(std::string_view)>& contract_of,
                                    const std::function<bool(std::string_view)>& wanted);

}  // namespace vow
