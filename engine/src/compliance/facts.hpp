// What the events say once paired and ordered: outages with their ends,
// maintenance windows, ticket histories, invoices, and the events the
// arithmetic cannot use (problems). Pure: events in, facts out.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compliance/money.hpp"
#include "vow/event.hpp"

namespace vow {

struct Contract;

struct Outage {
  const Event* started = nullptr;
  std::optional<Instant> end;  // none while ongoing at as_of
};

struct Maintenance {
  const Event* scheduled = nullptr;  // the latest announcement
  bool cancelled = false;
};

struct TicketHistory {
  const Event* opened = nullptr;
  std::vector<const Event*> events;  // after the opening, in (at, ingest) order
};

struct Invoice {
  Decimal amount;
  std::string currency;
};

struct Problem {
  std::string event;
  std::string reason;
};

struct Facts {
  std::vector<Outage> outages;
  std::vector<Maintenance> maintenance;
  std::map<std::string, std::vector<TicketHistory>, std::less<>> tickets;  // by customer
  std::map<std::pair<std::string, std::string>, Invoice> invoices;          // (customer, YYYY-MM)
  std::vector<Problem> problems;
};

using ContractLookup = std::function<const Contract*(std::string_view customer)>;

// `events` sorted by (at, seq); only those with at <= as_of count.
Facts gather_facts(const std::vector<Event>& events, Instant as_of, const ContractLookup& contract_of);

}  // namespace vow
