#include "compliance/event_index.hpp"

#include <unordered_map>

namespace vow {
namespace {

template <typename Group>
Group& group_of(std::unordered_map<std::string_view, size_t>& ids, std::vector<Group>& groups, std::string_view id) {
  auto [it, fresh] = ids.try_emplace(id, groups.size());
  if (fresh) groups.emplace_back();
  return groups[it->second];
}

}  // namespace

EventIndex build_index(const std::vector<const Event*>& sorted) {
  EventIndex x;
  std::unordered_map<std::string_view, size_t> outages, maintenance, tickets, customers, priorities;
  auto priority_id = [&](const std::string& name) {
    auto [it, fresh] = priorities.try_emplace(name, x.priorities.size());
    if (fresh) x.priorities.push_back(name);
    return static_cast<std::uint32_t>(it->second);
  };
  for (const Event* e : sorted) {
    switch (e->type) {
      case EventType::OutageStarted:
        group_of(outages, x.outages, e->ref).starts.push_back(e);
        break;
      case EventType::OutageEnded:
        group_of(outages, x.outages, e->ref).ends.push_back(e);
        break;
      case EventType::MaintenanceScheduled:
        group_of(maintenance, x.maintenance, e->ref).scheduled.push_back(e);
        break;
      case EventType::MaintenanceCancelled:
        group_of(maintenance, x.maintenance, e->ref).cancelled.push_back(e);
        break;
      case EventType::TicketOpened: {
        auto& g = group_of(tickets, x.tickets, e->ref);
        if (g.openings.empty()) g.first_opening = e->at;
        g.openings.push_back(e);
        g.opening_priority.push_back(priority_id(e->priority));
        break;
      }
      case EventType::TicketPriorityChanged:
      case EventType::TicketReplied:
      case EventType::TicketStatusChanged: {
        auto& g = group_of(tickets, x.tickets, e->ref);
        g.events.push_back(e);
        TicketStep step;
        step.at = e->at;
        step.seq = e->seq;
        step.type = e->type;
        step.status = e->status;
        step.stops_response = e->type == EventType::TicketReplied && e->by_agent && e->is_public;
        if (e->type == EventType::TicketPriorityChanged) step.priority = priority_id(e->priority);
        g.steps.push_back(step);
        break;
      }
      case EventType::InvoiceIssued:
        x.invoices.push_back(e);
        break;
      case EventType::IncidentNotified:
      case EventType::CreditIssued:
        break;
    }
  }
  for (size_t i = 0; i < x.tickets.size(); ++i) {
    const auto& t = x.tickets[i];
    if (t.openings.empty()) {
      x.orphan_tickets.push_back(i);
      continue;
    }
    const std::string& customer = t.openings.front()->customer;
    auto [it, fresh] = customers.try_emplace(customer, x.customers.size());
    if (fresh) x.customers.push_back({customer, {}});
    x.customers[it->second].tickets.push_back(i);
  }
  return x;
}

}  // namespace vow
