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
  Instant first_opening = kNever;      // at of openings.front(), kept at hand
  std::vector<const Event*> openings;  // the first one that exists counts
  std::vector<const Event*> events;    // everything else about the ticket
  // This ticket's steps in EventIndex::steps: [steps_begin, steps_end),
  // parallel to `events`; steps_begin - 1 is the first opening.
  std::size_t steps_begin = 0, steps_end = 0;
};

struct CustomerTickets {
  std::string customer;             // of the tickets' first opening
  std::size_t first = 0, last = 0;  // [first, last) in EventIndex::tickets
};

struct EventIndex {
  std::vector<OutageGroup> outages;
  std::vector<MaintenanceGroup> maintenance;
  std::vector<TicketGroup> tickets;  // customer by customer, then tickets with no opening
  std::vector<CustomerTickets> customers;
  std::size_t orphans_first = 0;  // tickets[orphans_first..] have no opening at all
  std::vector<TicketStep> steps;  // every ticket's steps, laid out in `tickets` order
  std::vector<const Event*> invoices;
  std::vector<const Event*> notices;    // incident.notified
  std::vector<std::string> priorities;  // interned priority names
};

// `sorted` in (at, seq) order; the events must outlive the index.
EventIndex build_index(const std::vector<const Event*>& sorted);

}  // namespace vow
