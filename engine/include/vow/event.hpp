// Normalized events (schema version 1, docs/events.md), as the arithmetic
// sees them. The ledger keeps each event's full JSON besides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vow/instant.hpp"

namespace vow {

// The ledger stores these numbers (docs/adr/0017): new types go at the end.
enum class EventType {
  OutageStarted,
  OutageEnded,
  MaintenanceScheduled,
  MaintenanceCancelled,
  TicketOpened,
  TicketPriorityChanged,
  TicketReplied,
  TicketStatusChanged,
  IncidentNotified,
  InvoiceIssued,
  CreditIssued,
  AlertDelivered,
  ExceptionGranted,  // contract language 1.1 (terms.md)
  ExceptionRevoked,
  TicketRated,
  SliCounted,  // service levels from counts and jobs (1.1, slis.md)
  JobCompleted,
};
constexpr EventType kLastEventType = EventType::JobCompleted;

// Stored in the ledger too (three bits): new statuses go at the end.
enum class TicketStatus { Open, Pending, OnHold, Solved, Closed };

std::string_view to_string(EventType t);
// ticket.opened, ticket.priority_changed, ticket.replied, ticket.status_changed
bool is_ticket_event(EventType t);
std::optional<EventType> event_type_from(std::string_view s);
std::string_view to_string(TicketStatus s);
std::optional<TicketStatus> ticket_status_from(std::string_view s);

struct Event {
  std::string id;
  EventType type = EventType::OutageStarted;
  Instant at = 0;
  std::int64_t seq = 0;  // ingest order: ties at one instant apply in this order

  // `outage`, `maintenance`, `ticket`, `invoice`, `credit` or `alert`, by type.
  std::string ref;
  std::string service;
  std::string customer;                               // ticket.opened, incident.notified, invoice/credit
  std::optional<std::vector<std::string>> customers;  // outage / maintenance scope
  bool partial = false;                               // outage impact
  std::optional<std::string> cause;
  std::optional<std::string> title;
  Instant start = 0, end = 0;  // maintenance window
  std::string priority;
  bool by_agent = false;
  bool is_public = true;
  TicketStatus status = TicketStatus::Open;
  std::string kind;  // incident.notified
  std::string period, amount, currency;
  std::string sink, reference;  // alert.delivered
  bool retraction = false;      // alert.delivered
  // exception.granted (1.1): `ref` the exception, `customer`, the window in
  // `start` and `end`, and who approved it for what.
  std::string scope, reason, approved_by;
  int score = 0;                       // ticket.rated (1.1): 1..5
  std::optional<std::string> comment;  // ticket.rated
  // sli.counted (1.1): `ref` the indicator, the window in `start` and
  // `end`, `customers` its scope (absent: every customer).
  std::int64_t good = 0, total = 0;
  std::string run;  // job.completed (1.1): `ref` the job, the date YYYY-MM-DD the run is for

  bool covers(std::string_view customer_id) const;
};

}  // namespace vow
