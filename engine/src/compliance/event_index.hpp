// Events grouped once, when they are loaded: per outage, maintenance window,
// ticket and customer, each list in (at, ingest) order. A query then only
// cuts each list at its as_of instead of hashing every event again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vow/event.hpp"

namespace vow {

struct OutageGroup {
  std::vector<const Event*> starts, ends;
};

struct MaintenanceGroup {
  std::vector<const Event*> scheduled, cancelled;
};

// What a clock needs of one ticket event, packed so that a ticket's history
// is one contiguous run of memory.
struct TicketStep {
  Instant at = 0;
  std::int64_t seq = 0;
  std::uint32_t priority = 0;  // for priority changes: an id in EventIndex::priorities
  EventType type = EventType::TicketStatusChanged;
  TicketStatus status = TicketStatus::Open;
  bool stops_response = false;  // a public reply by an agent
};

struct TicketGroup {
  Instant first_opening = kNever;             // openings.front()->at, kept at hand
  std::vector<const Event*> openings;         // the first one that exists counts
  std::vector<std::uint32_t> opening_priority;  // parallel to openings
  std::vector<const Event*> events;           // everything else about the ticket
  std::vector<TicketStep> steps;              // parallel to events
};

struct CustomerTickets {
  std::string customer;       // of the ticket's first opening
  std::vector<size_t> tickets;  // indices into EventIndex::tickets
};

struct EventIndex {
  std::vector<OutageGroup> outages;
  std::vector<MaintenanceGroup> maintenance;
  std::vector<TicketGroup> tickets;
  std::vector<CustomerTickets> customers;
  std::vector<size_t> orphan_tickets;  // ticket events with no opening at all
  std::vector<const Event*> invoices;
  std::vector<std::string> priorities;  // interned priority names
};

// `sorted` in (at, seq) order; the events must outlive the index.
EventIndex build_index(const std::vector<const Event*>& sorted);

}  // namespace vow
