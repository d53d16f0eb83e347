// The facts a draft is written from (docs/communications.md, "Template
// context"), computed from the ledger like any report. Values are as the
// reader sees them: instants as UTC text and in the contract's zone,
// durations in words, figures formatted. `vow draft --format json` and the
// templates' context are these facts as JSON (to_json in vow/render.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vow/report.hpp"

namespace vow {

struct DraftCustomer {
  std::string id, name;
  std::optional<std::string> tier;
};

struct DraftUptime {
  std::string percent, target;  // "99.731", three decimals
  bool met = true;
  std::string downtime_minutes;  // one decimal
};

struct DraftCredit {
  std::string amount, currency, monthly_fee;
  std::string fee;                    // the period's: a quarterly commitment's quarter (contract language 1.1)
  std::optional<std::string> clause;  // where the credit term stands in the signed contract
  bool quarterly = false;             // a quarter's credit
  bool final = false;
  bool owed = false;                           // the amount is not zero
  std::optional<std::string> percent;          // of the fee, after the cap and rounding
  std::optional<std::string> formula_percent;  // what the formula returned, when a percent
  std::optional<std::string> invoice;
};

// How an account stands in a month: uptime, credit, whether a report is owed.
struct DraftAccount {
  DraftCustomer customer;
  std::string period;
  std::optional<DraftUptime> uptime;
  std::optional<DraftCredit> credit;
  Status status = Status::Green;
  bool postmortem_required = false;
  std::optional<std::string> update_every;  // "2 h", with an update cadence
};

struct DraftBreach {
  std::string metric;  // "first response" or "resolution"
  std::string priority, target, breached_at, breached_at_local;
  std::optional<std::string> clause;  // 1.1: where the target stands in the signed contract
};

struct DraftTicket {
  std::string id, opened, opened_local;
  std::vector<DraftBreach> breaches;
  std::string breached_metrics;  // "first response and resolution"
};

// An outage as one line of a credit offer.
struct DraftOutageLine {
  std::string id, title, service, start, start_local;
};

// Outages under one title that overlap or follow on: one incident to a customer.
struct DraftIncidentGroup {
  std::vector<std::string> ids;  // the first names the group
  std::string title, start, start_local;
  std::vector<std::string> services;
  std::string services_text;  // "api and web"
};

struct DraftOutage {
  std::string id, title, service, impact, start, start_local;
  std::optional<std::string> end, end_local;  // none while ongoing
  std::string duration;                       // "2 h 5 min", to the end or to as_of
  long long duration_minutes = 0;
};

struct DraftStep {
  std::string at, at_local, what;
};

// The team's incident record (--incident), as far as it has text.
struct DraftIncidentRecord {
  std::optional<std::string> summary, root_cause;
  std::vector<std::string> contributing_factors, preventive_measures;
};

struct DraftFacts {
  std::string kind, as_of, as_of_local, timezone;
  // Why this draft would say something untrue: the command writes nothing (ADR 0014).
  std::optional<std::string> does_not_apply;
  std::optional<DraftCustomer> customer;
  std::optional<DraftAccount> account;
  std::optional<DraftTicket> ticket;  // breach
  // credit-offer: the outages of the month, one by one and as incidents.
  std::optional<std::vector<DraftOutageLine>> outages;
  std::vector<DraftIncidentGroup> incidents;
  // incident drafts
  std::optional<DraftOutage> outage;
  std::optional<std::vector<DraftAccount>> affected;  // internal-status: every account the outage affects
  std::vector<DraftStep> timeline;
  std::optional<DraftIncidentRecord> incident;
};

}  // namespace vow
