#include "events/decode.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <vector>

#include "model/utf8.hpp"

namespace vow {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// A value quoted in a reason: reasons go to terminals, so no escape
// sequences, and a long value is cut.
std::string shown(std::string_view v) {
  return clip_text(v, 200);
}

// Field readers: each returns false with a reason that names the field.
struct Reader {
  object obj;
  std::string& reason;

  bool present(const char* key) {
    element e;
    return obj.at_key(key).get(e) == simdjson::SUCCESS && !e.is_null();
  }

  bool string(const char* key, std::string& out, bool required = true, size_t max_len = 0) {
    element e;
    if (obj.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) {
      if (required) reason = std::string("missing field \"") + key + "\"";
      return !required;
    }
    std::string_view sv;
    if (e.get_string().get(sv) != simdjson::SUCCESS) {
      reason = std::string("field \"") + key + "\" must be a string";
      return false;
    }
    if (required && sv.empty()) {
      reason = std::string("field \"") + key + "\" must not be empty";
      return false;
    }
    if (max_len && sv.size() > max_len) {
      reason = std::string("field \"") + key + "\" is " + std::to_string(sv.size()) + " bytes; at most " +
               std::to_string(max_len) + " are allowed";
      return false;
    }
    out.assign(sv);
    return true;
  }

  bool instant(const char* key, Instant& out) {
    std::string s;
    if (!string(key, s)) return false;
    auto t = parse_instant(s);
    if (!t) {
      reason = std::string("field \"") + key + "\": \"" + shown(s) +
               "\" is not an RFC 3339 timestamp (like 2026-10-03T10:15:00Z, seconds required)";
      return false;
    }
    out = *t;
    return true;
  }

  template <typename Fn>
  bool one_of(const char* key, const char* choices, Fn&& accept, bool required = true) {
    std::string s;
    if (!string(key, s, required)) return false;
    if (s.empty() && !required) return true;
    if (!accept(s)) {
      reason = std::string("field \"") + key + "\": \"" + shown(s) + "\" is not one of " + choices;
      return false;
    }
    return true;
  }

  bool customers(std::optional<std::vector<std::string>>& out) {
    element e;
    if (obj.at_key("customers").get(e) != simdjson::SUCCESS || e.is_null()) return true;
    simdjson::dom::array arr;
    if (e.get_array().get(arr) != simdjson::SUCCESS) {
      reason = "field \"customers\" must be an array of customer ids";
      return false;
    }
    out.emplace();
    for (element item : arr) {
      std::string_view sv;
      if (item.get_string().get(sv) != simdjson::SUCCESS || sv.empty()) {
        reason = "field \"customers\" must hold only non-empty strings";
        return false;
      }
      out->emplace_back(sv);
    }
    return true;
  }
};

bool is_period(std::string_view s) {
  return s.size() == 7 && s[4] == '-' && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1])) && std::isdigit(static_cast<unsigned char>(s[2])) &&
         std::isdigit(static_cast<unsigned char>(s[3])) &&
         ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') || (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

bool is_currency(std::string_view s) {
  return s.size() == 3 && std::isupper(static_cast<unsigned char>(s[0])) &&
         std::isupper(static_cast<unsigned char>(s[1])) && std::isupper(static_cast<unsigned char>(s[2]));
}

bool billing_fields(Reader& r, Event& ev) {
  if (!r.string("customer", ev.customer) ||
      !r.string(ev.type == EventType::InvoiceIssued ? "invoice" : "credit", ev.ref))
    return false;
  if (!r.string("period", ev.period)) return false;
  if (!is_period(ev.period)) {
    r.reason = "field \"period\": \"" + shown(ev.period) + "\" is not a month YYYY-MM";
    return false;
  }
  if (!r.string("amount", ev.amount)) return false;
  if (!is_decimal_amount(ev.amount)) {
    r.reason = "field \"amount\": \"" + shown(ev.amount) + "\" is not a decimal string like \"20000.00\"";
    return false;
  }
  if (!r.string("currency", ev.currency)) return false;
  if (!is_currency(ev.currency)) {
    r.reason = "field \"currency\": \"" + shown(ev.currency) + "\" is not an ISO 4217 code like \"USD\"";
    return false;
  }
  return true;
}

bool type_fields(Reader& r, Event& ev) {
  switch (ev.type) {
    case EventType::OutageStarted: {
      if (!r.string("outage", ev.ref) || !r.string("service", ev.service)) return false;
      std::string impact;
      if (!r.one_of(
              "impact", "\"major\", \"partial\"", [](auto& s) { return s == "major" || s == "partial"; }, false))
        return false;
      r.string("impact", impact, false);
      ev.partial = impact == "partial";
      std::string text;
      if (r.present("cause")) {
        if (!r.string("cause", text, false)) return false;
        ev.cause = text;
      }
      if (r.present("title")) {
        if (!r.string("title", text, false)) return false;
        ev.title = text;
      }
      return r.customers(ev.customers);
    }
    case EventType::OutageEnded:
      return r.string("outage", ev.ref);
    case EventType::MaintenanceScheduled:
      return r.string("maintenance", ev.ref) && r.string("service", ev.service) && r.instant("start", ev.start) &&
             r.instant("end", ev.end) && r.customers(ev.customers);
    case EventType::MaintenanceCancelled:
      return r.string("maintenance", ev.ref);
    case EventType::TicketOpened:
      return r.string("ticket", ev.ref) && r.string("customer", ev.customer) && r.string("priority", ev.priority);
    case EventType::TicketPriorityChanged:
      return r.string("ticket", ev.ref) && r.string("priority", ev.priority);
    case EventType::TicketReplied: {
      if (!r.string("ticket", ev.ref)) return false;
      std::string author;
      if (!r.one_of("author", "\"agent\", \"customer\"", [](auto& s) { return s == "agent" || s == "customer"; }))
        return false;
      r.string("author", author);
      ev.by_agent = author == "agent";
      element e;
      if (r.obj.at_key("public").get(e) == simdjson::SUCCESS && !e.is_null()) {
        bool b;
        if (e.get_bool().get(b) != simdjson::SUCCESS) {
          r.reason = "field \"public\" must be true or false";
          return false;
        }
        ev.is_public = b;
      }
      return true;
    }
    case EventType::TicketStatusChanged: {
      if (!r.string("ticket", ev.ref)) return false;
      return r.one_of("status", "\"open\", \"pending\", \"on_hold\", \"solved\", \"closed\"", [&](auto& s) {
        auto st = ticket_status_from(s);
        if (st) ev.status = *st;
        return st.has_value();
      });
    }
    case EventType::IncidentNotified:
      return r.string("outage", ev.ref) && r.string("customer", ev.customer) &&
             r.one_of("kind", "\"initial\", \"update\", \"resolved\", \"postmortem\"", [&](auto& s) {
               ev.kind = s;
               return s == "initial" || s == "update" || s == "resolved" || s == "postmortem";
             });
    case EventType::InvoiceIssued:
    case EventType::CreditIssued:
      return billing_fields(r, ev);
  }
  return false;
}

// The first key that appears twice in an object, at any depth. simdjson's
// lookups take the first of duplicates while the ledger's identity check
// (nlohmann) takes the last: two readings of one line must not exist.
// `keys` is scratch space shared by every level and every line.
std::optional<std::string_view> duplicate_key(element e, std::vector<std::string_view>& keys) {
  object obj;
  simdjson::dom::array arr;
  if (e.get_array().get(arr) == simdjson::SUCCESS) {
    for (element item : arr)
      if (auto d = duplicate_key(item, keys)) return d;
    return std::nullopt;
  }
  if (e.get_object().get(obj) != simdjson::SUCCESS) return std::nullopt;
  for (auto field : obj)
    if (auto d = duplicate_key(field.value, keys)) return d;
  keys.clear();
  for (auto field : obj) keys.push_back(field.key);
  std::sort(keys.begin(), keys.end());
  auto dup = std::adjacent_find(keys.begin(), keys.end());
  if (dup != keys.end()) return *dup;
  return std::nullopt;
}

}  // namespace

bool is_decimal_amount(std::string_view s) {
  size_t i = 0, int_digits = 0, frac_digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac_digits;
    if (frac_digits == 0) return false;
  }
  return i == s.size() && int_digits > 0 && int_digits <= 15 && frac_digits <= 6;
}

EventDecoder::EventDecoder(bool check_duplicate_keys)
    : parser_(std::make_unique<simdjson::dom::parser>()), check_duplicate_keys_(check_duplicate_keys) {}
EventDecoder::~EventDecoder() = default;

bool EventDecoder::decode(std::string_view line, Event& ev, std::string& reason) {
  if (line.size() > kMaxLineBytes) {
    reason = "line is " + std::to_string(line.size()) + " bytes; an event may be at most " +
             std::to_string(kMaxLineBytes) + " bytes";
    return false;
  }
  element doc;
  auto err = parser_->parse(line.data(), line.size(), true).get(doc);
  if (err) {
    reason = std::string("not valid JSON: ") + simdjson::error_message(err);
    return false;
  }
  object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) {
    reason = "an event must be a JSON object";
    return false;
  }
  if (check_duplicate_keys_)
    if (auto dup = duplicate_key(doc, keys_)) {
      reason = "field \"" + shown(*dup) + "\" appears more than once; each field may appear once";
      return false;
    }
  Reader r{obj, reason};
  ev = Event{};
  if (!r.string("id", ev.id, true, 256)) return false;
  std::string type;
  if (!r.string("type", type)) return false;
  auto t = event_type_from(type);
  if (!t) {
    reason = "field \"type\": unknown event type \"" + shown(type) + "\"";
    return false;
  }
  ev.type = *t;
  if (!r.instant("at", ev.at) || !type_fields(r, ev)) return false;
  return true;
}

}  // namespace vow
