#include "events/event_check.hpp"

#define XXH_STATIC_LINKING_ONLY  // XXH3_state_t on the stack
#include <xxhash.h>

#include <cctype>
#include <string_view>

#include "events/decode.hpp"

namespace vow {
namespace {

// The JSON name of `ref` for each type.
const char* ref_field(EventType t) {
  switch (t) {
    case EventType::OutageStarted:
    case EventType::OutageEnded:
    case EventType::IncidentNotified:
      return "outage";
    case EventType::MaintenanceScheduled:
    case EventType::MaintenanceCancelled:
      return "maintenance";
    case EventType::InvoiceIssued:
      return "invoice";
    case EventType::CreditIssued:
      return "credit";
    case EventType::AlertDelivered:
      return "alert";
    case EventType::ExceptionGranted:
    case EventType::ExceptionRevoked:
      return "exception";
    case EventType::SliCounted:
      return "sli";
    case EventType::JobCompleted:
      return "job";
    default:
      return "ticket";
  }
}

bool digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool is_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || !digits(s.substr(0, 4)) || !digits(s.substr(5))) return false;
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  return m >= 1 && m <= 12;
}

std::string missing(const char* field) {
  return std::string("missing field \"") + field + "\"";
}

std::string billing_problem(const Event& ev) {
  if (ev.customer.empty()) return missing("customer");
  if (ev.ref.empty()) return missing(ref_field(ev.type));
  if (!is_billing_period(ev.period))
    return "field \"period\": \"" + ev.period + "\" is not a month YYYY-MM or a quarter YYYY-Qn";
  if (!is_decimal_amount(ev.amount))
    return "field \"amount\": \"" + ev.amount + "\" is not a decimal string like \"20000.00\"";
  if (!is_currency_code(ev.currency))
    return "field \"currency\": \"" + ev.currency + "\" is not an ISO 4217 code like \"USD\"";
  return "";
}

std::string customers_problem(const Event& ev) {
  if (ev.customers)
    for (const auto& c : *ev.customers)
      if (c.empty()) return "field \"customers\" must hold only non-empty strings";
  return "";
}

}  // namespace

bool is_billing_period(std::string_view s) {
  if (s.size() == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') return digits(s.substr(0, 4));
  return is_month(s);
}

bool is_run_date(std::string_view s) {
  if (s.size() != 10 || s[7] != '-' || !is_month(s.substr(0, 7)) || !digits(s.substr(8))) return false;
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      d = std::stoi(std::string(s.substr(8)));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d >= 1 && d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool is_currency_code(std::string_view s) {
  for (char c : s)
    if (!std::isupper(static_cast<unsigned char>(c))) return false;
  return s.size() == 3;
}

std::string event_problem(const Event& ev) {
  if (ev.id.empty()) return missing("id");
  if (ev.id.size() > 256) return "field \"id\" is " + std::to_string(ev.id.size()) + " bytes; at most 256 are allowed";
  if (static_cast<int>(ev.type) < 0 || static_cast<int>(ev.type) > static_cast<int>(kLastEventType))
    return "field \"type\": unknown event type";
  if (ev.type == EventType::InvoiceIssued || ev.type == EventType::CreditIssued) return billing_problem(ev);
  if (ev.ref.empty()) return missing(ref_field(ev.type));
  switch (ev.type) {
    case EventType::OutageStarted:
    case EventType::MaintenanceScheduled:
      if (ev.service.empty()) return missing("service");
      return customers_problem(ev);
    case EventType::TicketOpened:
      if (ev.customer.empty()) return missing("customer");
      if (ev.priority.empty()) return missing("priority");
      return "";
    case EventType::TicketPriorityChanged:
      return ev.priority.empty() ? missing("priority") : "";
    case EventType::TicketStatusChanged:
      return static_cast<int>(ev.status) < 0 || ev.status > TicketStatus::Closed
                 ? "field \"status\" is not one of \"open\", \"pending\", \"on_hold\", \"solved\", \"closed\""
                 : "";
    case EventType::IncidentNotified:
      if (ev.customer.empty()) return missing("customer");
      if (ev.kind != "initial" && ev.kind != "update" && ev.kind != "resolved" && ev.kind != "postmortem")
        return "field \"kind\": \"" + ev.kind +
               "\" is not one of \"initial\", \"update\", \"resolved\", \"postmortem\"";
      return "";
    case EventType::AlertDelivered:
      return ev.sink.empty() ? missing("sink") : "";
    case EventType::ExceptionGranted:
      if (ev.customer.empty()) return missing("customer");
      if (ev.scope != "uptime" && ev.scope != "tickets" && ev.scope != "all")
        return "field \"scope\": \"" + ev.scope + "\" is not one of \"uptime\", \"tickets\", \"all\"";
      if (ev.reason.empty()) return missing("reason");
      if (ev.approved_by.empty()) return missing("approved_by");
      return "";
    case EventType::TicketRated:
      return ev.score < 1 || ev.score > 5 ? "field \"score\" must be a whole number from 1 to 5" : "";
    case EventType::SliCounted:
      if (ev.end <= ev.start) return "field \"end\" must be after \"start\"";
      if (ev.total < 0) return "field \"total\" must be a whole number, 0 or more";
      if (ev.good < 0 || ev.good > ev.total) return "field \"good\" must be a whole number from 0 to \"total\"";
      return customers_problem(ev);
    case EventType::JobCompleted:
      if (!is_run_date(ev.run)) return "field \"run\": \"" + ev.run + "\" is not a date YYYY-MM-DD";
      return customers_problem(ev);
    default:
      return "";
  }
}

std::uint64_t content_digest(const Event& ev) {
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  // Each string with its length before it, so that no two events run into
  // the same bytes; numbers at a fixed width.
  auto num = [&](std::int64_t v) { XXH3_64bits_update(&state, &v, sizeof v); };
  auto put = [&](std::string_view s) {
    num(static_cast<std::int64_t>(s.size()));
    XXH3_64bits_update(&state, s.data(), s.size());
  };
  auto maybe = [&](const std::optional<std::string>& s) {
    num(s ? 1 : 0);
    if (s) put(*s);
  };
  put(ev.id);
  num(static_cast<std::int64_t>(ev.type));
  num(ev.at);
  put(ev.ref);
  put(ev.service);
  put(ev.customer);
  num(ev.customers ? static_cast<std::int64_t>(ev.customers->size()) : -1);
  if (ev.customers)
    for (const auto& c : *ev.customers) put(c);
  num(ev.partial);
  maybe(ev.cause);
  maybe(ev.title);
  num(ev.start);
  num(ev.end);
  put(ev.priority);
  num(ev.by_agent);
  num(ev.is_public);
  num(static_cast<std::int64_t>(ev.status));
  for (const std::string* s : {&ev.kind, &ev.period, &ev.amount, &ev.currency, &ev.sink, &ev.reference}) put(*s);
  num(ev.retraction);
  for (const std::string* s : {&ev.scope, &ev.reason, &ev.approved_by}) put(*s);
  num(ev.score);
  maybe(ev.comment);
  num(ev.good);
  num(ev.total);
  put(ev.run);
  return XXH3_64bits_digest(&state);
}

}  // namespace vow
