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
  std::unordered_map<std::string_view, size_t> outages, maintenance, tickets, priorities;
  std::vector<TicketGroup> groups;
  std::vector<std::vector<TicketStep>> group_steps;
  auto priority_id = [&](const std::string& name) {
    auto [it, fresh] = priorities.try_emplace(name, x.priorities.size());
    if (fresh) x.priorities.push_back(name);
    return static_cast<std::uint32_t>(it->second);
  };
  auto ticket = [&](const Event* e) -> size_t {
    auto [it, fresh] = tickets.try_emplace(e->ref, groups.size());
    if (fresh) {
      groups.emplace_back();
      group_steps.emplace_back(1);  // slot 0: the first opening
    }
    return it->second;
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
        size_t i = ticket(e);
        if (groups[i].openings.empty()) {
          groups[i].first_opening = e->at;
          TicketStep& open = group_steps[i][0];
          open.at = e->at;
          open.seq = e->seq;
          open.type = EventType::TicketOpened;
          open.priority = priority_id(e->priority);
        }
        groups[i].openings.push_back(e);
        break;
      }
      case EventType::TicketPriorityChanged:
      case EventType::TicketReplied:
      case EventType::TicketStatusChanged: {
        size_t i = ticket(e);
        groups[i].events.push_back(e);
        TicketStep step;
        step.at = e->at;
        step.seq = e->seq;
        step.type = e->type;
        step.status = e->status;
        step.stops_response = e->type == EventType::TicketReplied && e->by_agent && e->is_public;
        if (e->type == EventType::TicketPriorityChanged) step.priority = priority_id(e->priority);
        group_steps[i].push_back(step);
        break;
      }
      case EventType::InvoiceIssued:
        x.invoices.push_back(e);
        break;
      case EventType::IncidentNotified:
        x.notices.push_back(e);
        break;
      case EventType::CreditIssued:
        break;
    }
  }
  // Lay tickets out customer by customer (then those never opened), and their
  // steps in the same order, so that a report walks memory front to back.
  std::unordered_map<std::string_view, size_t> customer_of;
  std::vector<std::vector<size_t>> members;
  std::vector<size_t> orphans;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].openings.empty()) {
      orphans.push_back(i);
      continue;
    }
    const std::string& customer = groups[i].openings.front()->customer;
    auto [it, fresh] = customer_of.try_emplace(customer, x.customers.size());
    if (fresh) {
      x.customers.push_back({customer, 0, 0});
      members.emplace_back();
    }
    members[it->second].push_back(i);
  }
  size_t total_steps = 0;
  for (const auto& st : group_steps) total_steps += st.size();
  x.steps.reserve(total_steps);
  x.tickets.reserve(groups.size());
  auto place = [&](size_t i) {
    TicketGroup g = std::move(groups[i]);
    g.steps_begin = x.steps.size() + 1;
    x.steps.insert(x.steps.end(), group_steps[i].begin(), group_steps[i].end());
    g.steps_end = x.steps.size();
    std::vector<TicketStep>().swap(group_steps[i]);
    x.tickets.push_back(std::move(g));
  };
  for (size_t c = 0; c < x.customers.size(); ++c) {
    x.customers[c].first = x.tickets.size();
    for (size_t i : members[c]) place(i);
    x.customers[c].last = x.tickets.size();
  }
  x.orphans_first = x.tickets.size();
  for (size_t i : orphans) place(i);
  return x;
}

}  // namespace vow
