// Events grouped once, when they are loaded: per outage, maintenance window,
// ticket and customer, each list in (at, ingest) order. A query then only
// cuts each list at its as_of instead of hashing every event again. Ticket
// events are grouped by their interned ticket name, without hashing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compliance/event_store.hpp"
#include "compliance/window_index.hpp"
#include "vow/event.hpp"

namespace vow {

struct OutageGroup {
  std::vector<const Event*> starts, ends;
};

struct MaintenanceGroup {
  std::vector<const Event*> scheduled, cancelled;
};

struct ExceptionGroup {  // 1.1 (terms.md)
  std::vector<const Event*> granted, revoked;
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
  bool customer_reply = false;  // a public reply by the customer (1.1: starts a next_reply clock)
};

// A ticket's first opening, with its names at hand.
struct TicketOpening {
  std::uint32_t event = 0;  // its position in the store's tickets() (EventStore::id_of)
  std::string_view ref, customer, priority;
  Instant at = 0;
};

struct TicketGroup {
  Instant first_opening = kNever;  // at of the first opening, kept at hand
  TicketOpening opened;            // the first opening (when there is one)
  // Every opening of the ticket: EventIndex::openings[openings_begin, openings_end).
  std::size_t openings_begin = 0, openings_end = 0;
  // This ticket's steps in EventIndex::steps: [steps_begin, steps_end),
  // each from the packed event at the same place of EventIndex::step_events;
  // steps_begin - 1 is the first opening (a TicketOpened step, also empty
  // in a ticket not opened yet), so a ticket's steps end at the next one.
  std::size_t steps_begin = 0, steps_end = 0;
  Instant head_at = 0;  // its earliest event, (at, seq): tickets are ordered by it
  std::int64_t head_seq = 0;
};

struct CustomerTickets {
  std::string customer;             // of the tickets' first opening
  std::size_t first = 0, last = 0;  // [first, last) in EventIndex::tickets
  std::vector<std::size_t> more;    // then these, added by update_index()
};

struct EventIndex {
  std::vector<OutageGroup> outages;
  std::vector<MaintenanceGroup> maintenance;
  std::vector<ExceptionGroup> exceptions;
  std::vector<const Event*> ratings;            // ticket.rated (1.1), in (at, ingest) order
  WindowIndex windows;                          // sli.counted (1.1, slis.md)
  std::vector<const Event*> job_completions{};  // job.completed (1.1), in (at, ingest) order
  std::vector<TicketGroup> tickets;             // customer by customer, then tickets with no opening
  std::vector<CustomerTickets> customers;
  std::unordered_map<std::string_view, std::size_t> customer_at;  // customer -> its place in `customers`
  std::size_t orphans_first = 0, orphans_last = 0;  // tickets[orphans_first, orphans_last) have no opening
  std::vector<TicketStep> steps;                    // every ticket's steps, laid out in `tickets` order
  std::vector<std::uint32_t> step_events;           // parallel to `steps`: positions in the store's tickets()
  std::vector<std::uint32_t> openings;              // the same, of the tickets' openings
  const EventStore* store = nullptr;                // names and ids of the packed events
  // What update_index() needs: how much of the store is indexed, and where
  // each name's ticket, customer and priority are.
  std::size_t indexed_tickets = 0, indexed_whole = 0;
  std::vector<std::int64_t> ticket_of_name, customer_of_name, priority_of_name;
  std::vector<const Event*> invoices;
  std::vector<const Event*> notices;     // incident.notified
  std::vector<const Event*> deliveries;  // alert.delivered, in (at, ingest) order
  // The same, by each customer an alert id may name (alert_customer_candidates):
  // what the alerts of a few customers read.
  std::unordered_map<std::string_view, std::vector<const Event*>> deliveries_of;
  std::vector<std::string> priorities;  // interned priority names
  // The first openings of the tickets the last update_index() gave events
  // (ClockCache computes their clocks again).
  std::vector<TicketOpening> touched;
};

// The store must outlive the index.
EventIndex build_index(const EventStore& events);

// Room in `x`'s arrays for `more` ticket events and tickets beyond its
// store's (Engine::expect_events), so that update_index() copies none.
void make_room(EventIndex& x, std::size_t more);

// Brings `x` up to date with the events added to its store since it was
// built, touching only the tickets they are about. False when that cannot
// give what build_index() would (an event earlier than its ticket's first,
// a ticket not opened, a first opening moved); the caller then rebuilds.
bool update_index(EventIndex& x);

}  // namespace vow
