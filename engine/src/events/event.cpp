#include "vow/event.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace vow {
namespace {

constexpr std::array<std::pair<EventType, std::string_view>, 17> kTypes{{
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
    {EventType::AlertDelivered, "alert.delivered"},
    {EventType::ExceptionGranted, "exception.granted"},
    {EventType::ExceptionRevoked, "exception.revoked"},
    {EventType::TicketRated, "ticket.rated"},
    {EventType::SliCounted, "sli.counted"},
    {EventType::JobCompleted, "job.completed"},
}};

constexpr std::array<std::pair<TicketStatus, std::string_view>, 5> kStatuses{{
    {TicketStatus::Open, "open"},
    {TicketStatus::Pending, "pending"},
    {TicketStatus::OnHold, "on_hold"},
    {TicketStatus::Solved, "solved"},
    {TicketStatus::Closed, "closed"},
}};

// Both directions of a name table.
template <typename Enum, size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [k, v] : table)
    if (k == value) return v;
  return "?";
}

template <typename Enum, size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [k, v] : table)
    if (v == name) return k;
  return std::nullopt;
}

}  // namespace

bool is_ticket_event(EventType t) {
  return t == EventType::TicketOpened || t == EventType::TicketPriorityChanged || t == EventType::TicketReplied ||
         t == EventType::TicketStatusChanged;
}

std::string_view to_string(EventType t) {
  return name_of(kTypes, t);
}
std::optional<EventType> event_type_from(std::string_view s) {
  return value_of(kTypes, s);
}
std::string_view to_string(TicketStatus s) {
  return name_of(kStatuses, s);
}
std::optional<TicketStatus> ticket_status_from(std::string_view s) {
  return value_of(kStatuses, s);
}

bool Event::covers(std::string_view customer_id) const {
  return !customers || std::find(customers->begin(), customers->end(), customer_id) != customers->end();
}

}  // namespace vow
