#include "vow/event.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace vow {
namespace {

constexpr std::array<std::pair<EventType, std::string_view>, 11> kTypes{{
    {EventType::OutageStarted, "outage.started"},
    {EventType::OutageEnded, "outage.ended"},
    {EventType::MaintenanceScheduled, "maintenance.scheduled"},
    {EventType::MaintenanceCancelled, "maintenance.cancelled"},
    {EventType::TicketOpened, "ticket.opened"},
    {EventType::TicketPriorityChanged, "ticket.priority_changed"},
    {EventType::TicketReplied, "ticket.replied"},
    {EventType::TicketStatusChanged, "ticket.status_changed"},
    {EventType::IncidentNotified, "incident.notified"},
    {EventType::InvoiceIssued, "invoice.issued"},
    {EventType::CreditIssued, "credit.issued"},
}};

constexpr std::array<std::pair<TicketStatus, std::string_view>, 5> kStatuses{{
    {TicketStatus::Open, "open"},
    {TicketStatus::Pending, "pending"},
    {TicketStatus::OnHold, "on_hold"},
    {TicketStatus::Solved, "solved"},
    {TicketStatus::Closed, "closed"},
}};

}  // namespace

std::string_view to_string(EventType t) {
  for (const auto& [k, v] : kTypes)
    if (k == t) return v;
  return "?";
}

std::optional<EventType> event_type_from(std::string_view s) {
  for (const auto& [k, v] : kTypes)
    if (v == s) return k;
  return std::nullopt;
}

std::string_view to_string(TicketStatus t) {
  for (const auto& [k, v] : kStatuses)
    if (k == t) return v;
  return "?";
}

std::optional<TicketStatus> ticket_status_from(std::string_view s) {
  for (const auto& [k, v] : kStatuses)
    if (v == s) return k;
  return std::nullopt;
}

bool Event::covers(std::string_view customer_id) const {
  return !customers || std::find(customers->begin(), customers->end(), customer_id) != customers->end();
}

}  // namespace vow
