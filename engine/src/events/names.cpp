#include "events/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <numeric>

namespace vow {
namespace {

constexpr std::array<std::string_view, 3> kCommon{"id", "type", "at"};
constexpr std::array<std::string_view, 6> kOutageStarted{"outage", "service", "impact", "customers", "cause", "title"};
constexpr std::array<std::string_view, 1> kOutageEnded{"outage"};
constexpr std::array<std::string_view, 5> kMaintenanceScheduled{"maintenance", "service", "start", "end", "customers"};
constexpr std::array<std::string_view, 1> kMaintenanceCancelled{"maintenance"};
constexpr std::array<std::string_view, 3> kTicketOpened{"ticket", "customer", "priority"};
constexpr std::array<std::string_view, 2> kTicketPriority{"ticket", "priority"};
constexpr std::array<std::string_view, 3> kTicketReplied{"ticket", "author", "public"};
constexpr std::array<std::string_view, 2> kTicketStatus{"ticket", "status"};
constexpr std::array<std::string_view, 3> kIncidentNotified{"outage", "customer", "kind"};
constexpr std::array<std::string_view, 5> kInvoice{"customer", "invoice", "period", "amount", "currency"};
constexpr std::array<std::string_view, 5> kCredit{"customer", "credit", "period", "amount", "currency"};
constexpr std::array<std::string_view, 4> kAlertDelivered{"alert", "sink", "reference", "retraction"};
constexpr std::array<std::string_view, 7> kExceptionGranted{"exception", "customer", "start",      "end",
                                                            "scope",     "reason",   "approved_by"};
constexpr std::array<std::string_view, 1> kExceptionRevoked{"exception"};
constexpr std::array<std::string_view, 3> kTicketRated{"ticket", "score", "comment"};
constexpr std::array<std::string_view, 6> kSliCounted{"sli", "start", "end", "good", "total", "customers"};
constexpr std::array<std::string_view, 3> kJobCompleted{"job", "run", "customers"};
constexpr std::array<std::string_view, 17> kTypeNames{
    "outage.started",        "outage.ended",          "maintenance.scheduled",
    "maintenance.cancelled", "ticket.opened",         "ticket.priority_changed",
    "ticket.replied",        "ticket.status_changed", "incident.notified",
    "invoice.issued",        "credit.issued",         "alert.delivered",
    "exception.granted",     "exception.revoked",     "ticket.rated",
    "sli.counted",           "job.completed"};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment over three rows; names are short, and anything
  // long is far from every name anyway.
  if (a.size() > 64 || b.size() > 64) return std::max(a.size(), b.size());
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    before.swap(prev);
    prev.swap(cur);
  }
  return prev[b.size()];
}

bool looks_like(std::string_view unknown, std::string_view known) {
  if (unknown == known) return false;
  if (same_ignoring_case(unknown, known)) return true;
  auto plural_of = [](std::string_view many, std::string_view one) {
    return many.size() == one.size() + 1 && many.back() == 's' && many.substr(0, one.size()) == one;
  };
  if (plural_of(unknown, known) || plural_of(known, unknown)) return true;
  // Short names are one edit from too many ordinary words ("at", "as").
  if (known.size() < 5) return false;
  size_t d = edit_distance(unknown, known);
  return d <= 1 || (known.size() >= 8 && d <= 2);
}

std::vector<std::string_view> nearest_names(std::string_view x, std::span<const std::string_view> names, size_t max) {
  std::vector<std::pair<size_t, std::string_view>> scored;
  size_t allowed = std::max<size_t>(2, x.size() / 3);
  for (auto n : names) {
    if (looks_like(x, n)) {
      scored.emplace_back(0, n);
      continue;
    }
    size_t d = edit_distance(x, n);
    if (d <= allowed) scored.emplace_back(d, n);
  }
  std::stable_sort(scored.begin(), scored.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<std::string_view> out;
  for (size_t i = 0; i < scored.size() && i < max; ++i) out.push_back(scored[i].second);
  return out;
}

std::span<const std::string_view> common_fields() {
  return kCommon;
}

std::span<const std::string_view> fields_of(EventType t) {
  switch (t) {
    case EventType::OutageStarted:
      return kOutageStarted;
    case EventType::OutageEnded:
      return kOutageEnded;
    case EventType::MaintenanceScheduled:
      return kMaintenanceScheduled;
    case EventType::MaintenanceCancelled:
      return kMaintenanceCancelled;
    case EventType::TicketOpened:
      return kTicketOpened;
    case EventType::TicketPriorityChanged:
      return kTicketPriority;
    case EventType::TicketReplied:
      return kTicketReplied;
    case EventType::TicketStatusChanged:
      return kTicketStatus;
    case EventType::IncidentNotified:
      return kIncidentNotified;
    case EventType::InvoiceIssued:
      return kInvoice;
    case EventType::CreditIssued:
      return kCredit;
    case EventType::AlertDelivered:
      return kAlertDelivered;
    case EventType::ExceptionGranted:
      return kExceptionGranted;
    case EventType::ExceptionRevoked:
      return kExceptionRevoked;
    case EventType::TicketRated:
      return kTicketRated;
    case EventType::SliCounted:
      return kSliCounted;
    case EventType::JobCompleted:
      return kJobCompleted;
  }
  return {};
}

std::span<const std::string_view> event_type_names() {
  return kTypeNames;
}

}  // namespace vow
