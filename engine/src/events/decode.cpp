#include "events/decode.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "events/event_check.hpp"
#include "events/names.hpp"
#include "events/spans.hpp"
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

// Field readers: each returns false after adding a problem that names the
// field, and points at it in the line when it is there.
struct Reader {
  object obj;
  std::string_view line;
  std::vector<LineProblem>& problems;
  std::optional<std::vector<MemberSpan>> members{};  // found once a problem needs them

  const MemberSpan* member(std::string_view key) {
    if (!members) members = top_level_members(line);
    for (const auto& m : *members)
      if (m.key == key) return &m;
    return nullptr;
  }

  // A problem with field `key`: pointing at its value, or at the whole member.
  bool fail(std::string_view key, std::string message, bool at_value = true) {
    LineProblem p{std::move(message), std::string(key), {}, 0, false};
    if (const MemberSpan* m = member(key)) {
      p.column = static_cast<int>((at_value ? m->value_at : m->key_at) + 1);
      p.excerpt = excerpt_of(line, m->key_at, m->value_end);
    }
    problems.push_back(std::move(p));
    return false;
  }

  bool present(const char* key) {
    element e;
    return obj.at_key(key).get(e) == simdjson::SUCCESS && !e.is_null();
  }

  // `out` points into the parser's buffer, valid until the next line is
  // parsed: for values read, not kept. `found` tells an absent field from an
  // empty string.
  bool view(const char* key, std::string_view& out, bool required = true, size_t max_len = 0, bool* found = nullptr) {
    element e;
    out = {};
    if (obj.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) {
      if (required) return fail(key, std::string("missing field \"") + key + "\"");
      return true;
    }
    if (found) *found = true;
    if (e.get_string().get(out) != simdjson::SUCCESS)
      return fail(key, std::string("field \"") + key + "\" must be a string");
    if (required && out.empty()) return fail(key, std::string("field \"") + key + "\" must not be empty");
    if (max_len && out.size() > max_len)
      return fail(key, std::string("field \"") + key + "\" is " + std::to_string(out.size()) + " bytes; at most " +
                           std::to_string(max_len) + " are allowed");
    return true;
  }

  bool string(const char* key, std::string& out, bool required = true, size_t max_len = 0) {
    std::string_view sv;
    bool found = false;
    if (!view(key, sv, required, max_len, &found)) return false;
    if (found) out.assign(sv);
    return true;
  }

  bool instant(const char* key, Instant& out) {
    std::string_view s;
    if (!view(key, s)) return false;
    auto t = parse_instant(s);
    if (!t)
      return fail(key, std::string("field \"") + key + "\": \"" + shown(s) +
                           "\" is not an RFC 3339 timestamp (like 2026-10-03T10:15:00Z, seconds required)");
    out = *t;
    return true;
  }

  template <typename Fn>
  bool one_of(const char* key, const char* choices, Fn&& accept, bool required = true) {
    std::string_view s;
    if (!view(key, s, required)) return false;
    if (s.empty() && !required) return true;
    if (!accept(s))
      return fail(key, std::string("field \"") + key + "\": \"" + shown(s) + "\" is not one of " + choices);
    return true;
  }

  // A whole number from `min` on, at most `max` when given.
  bool count(const char* key, std::int64_t& out, std::int64_t min, const char* range) {
    element e;
    if (obj.at_key(key).get(e) != simdjson::SUCCESS || e.is_null())
      return fail(key, std::string("missing field \"") + key + "\"");
    if (e.get_int64().get(out) != simdjson::SUCCESS || out < min)
      return fail(key, std::string("field \"") + key + "\" must be a whole number " + range);
    return true;
  }

  bool customers(std::optional<std::vector<std::string>>& out) {
    element e;
    if (obj.at_key("customers").get(e) != simdjson::SUCCESS || e.is_null()) return true;
    simdjson::dom::array arr;
    if (e.get_array().get(arr) != simdjson::SUCCESS)
      return fail("customers", "field \"customers\" must be an array of customer ids");
    out.emplace();
    for (element item : arr) {
      std::string_view sv;
      if (item.get_string().get(sv) != simdjson::SUCCESS || sv.empty())
        return fail("customers", "field \"customers\" must hold only non-empty strings");
      out->emplace_back(sv);
    }
    return true;
  }

  // Unknown fields are kept; one that looks like a known field of the
  // event's type was most likely meant to be it, and is worth a warning.
  void near_misses(std::span<const std::string_view> known_for_type) {
    auto known = [&](std::string_view k) {
      auto has = [&](std::span<const std::string_view> names) {
        return std::find(names.begin(), names.end(), k) != names.end();
      };
      return has(common_fields()) || has(known_for_type);
    };
    for (auto field : obj) {
      std::string_view key = field.key;
      if (known(key)) continue;
      std::string_view meant;
      size_t best = std::string_view::npos;
      for (auto names : {common_fields(), known_for_type})
        for (auto n : names)
          if (looks_like(key, n) && edit_distance(key, n) < best) best = edit_distance(key, n), meant = n;
      if (meant.empty()) continue;
      size_t before = problems.size();
      fail(key, "unknown field \"" + shown(key) + "\": did you mean \"" + std::string(meant) + "\"?", false);
      problems[before].warning = true;
    }
  }
};

bool billing_fields(Reader& r, Event& ev) {
  bool ok = r.string("customer", ev.customer);
  ok &= r.string(ev.type == EventType::InvoiceIssued ? "invoice" : "credit", ev.ref);
  if (r.string("period", ev.period) && !is_billing_period(ev.period))
    ok = r.fail("period", "field \"period\": \"" + shown(ev.period) + "\" is not a month YYYY-MM or a quarter YYYY-Qn");
  else
    ok &= !ev.period.empty();
  if (r.string("amount", ev.amount) && !is_decimal_amount(ev.amount))
    ok = r.fail("amount", "field \"amount\": \"" + shown(ev.amount) + "\" is not a decimal string like \"20000.00\"");
  else
    ok &= !ev.amount.empty();
  if (r.string("currency", ev.currency) && !is_currency_code(ev.currency))
    ok = r.fail("currency", "field \"currency\": \"" + shown(ev.currency) + "\" is not an ISO 4217 code like \"USD\"");
  else
    ok &= !ev.currency.empty();
  return ok;
}

// Every field of the type is checked, so that a line's problems all show
// at once: `&` where `&&` would stop at the first.
bool type_fields(Reader& r, Event& ev) {
  switch (ev.type) {
    case EventType::OutageStarted: {
      bool ok = r.string("outage", ev.ref) & r.string("service", ev.service);
      std::string impact;
      if (r.one_of(
              "impact", "\"major\", \"partial\"", [](auto& s) { return s == "major" || s == "partial"; }, false))
        r.string("impact", impact, false);
      else
        ok = false;
      ev.partial = impact == "partial";
      std::string text;
      if (r.present("cause")) {
        if (r.string("cause", text, false))
          ev.cause = text;
        else
          ok = false;
      }
      if (r.present("title")) {
        if (r.string("title", text, false))
          ev.title = text;
        else
          ok = false;
      }
      return r.customers(ev.customers) && ok;
    }
    case EventType::OutageEnded:
      return r.string("outage", ev.ref);
    case EventType::MaintenanceScheduled:
      return r.string("maintenance", ev.ref) & r.string("service", ev.service) & r.instant("start", ev.start) &
             r.instant("end", ev.end) & r.customers(ev.customers);
    case EventType::MaintenanceCancelled:
      return r.string("maintenance", ev.ref);
    case EventType::TicketOpened:
      return r.string("ticket", ev.ref) & r.string("customer", ev.customer) & r.string("priority", ev.priority);
    case EventType::TicketPriorityChanged:
      return r.string("ticket", ev.ref) & r.string("priority", ev.priority);
    case EventType::TicketReplied: {
      bool ok = r.string("ticket", ev.ref);
      std::string author;
      if (r.one_of("author", "\"agent\", \"customer\"", [](auto& s) { return s == "agent" || s == "customer"; })) {
        r.string("author", author);
        ev.by_agent = author == "agent";
      } else {
        ok = false;
      }
      element e;
      if (r.obj.at_key("public").get(e) == simdjson::SUCCESS && !e.is_null()) {
        bool b;
        if (e.get_bool().get(b) != simdjson::SUCCESS) return r.fail("public", "field \"public\" must be true or false");
        ev.is_public = b;
      }
      return ok;
    }
    case EventType::TicketStatusChanged: {
      bool ok = r.string("ticket", ev.ref);
      return r.one_of("status", "\"open\", \"pending\", \"on_hold\", \"solved\", \"closed\"", [&](auto& s) {
        auto st = ticket_status_from(s);
        if (st) ev.status = *st;
        return st.has_value();
      }) && ok;
    }
    case EventType::IncidentNotified:
      return r.string("outage", ev.ref) & r.string("customer", ev.customer) &
             r.one_of("kind", "\"initial\", \"update\", \"resolved\", \"postmortem\"", [&](auto& s) {
               ev.kind = s;
               return s == "initial" || s == "update" || s == "resolved" || s == "postmortem";
             });
    case EventType::InvoiceIssued:
    case EventType::CreditIssued:
      return billing_fields(r, ev);
    case EventType::AlertDelivered: {
      // `reference` is whatever the sink returned, maybe nothing.
      bool ok = r.string("alert", ev.ref) & r.string("sink", ev.sink) & r.string("reference", ev.reference, false);
      element e;
      if (r.obj.at_key("retraction").get(e) == simdjson::SUCCESS && !e.is_null()) {
        bool b;
        if (e.get_bool().get(b) != simdjson::SUCCESS)
          return r.fail("retraction", "field \"retraction\" must be true or false");
        ev.retraction = b;
      }
      return ok;
    }
    case EventType::ExceptionGranted:
      return r.string("exception", ev.ref) & r.string("customer", ev.customer) & r.instant("start", ev.start) &
             r.instant("end", ev.end) &
             r.one_of("scope", "\"uptime\", \"tickets\", \"all\"",
                      [&](auto& s) {
                        ev.scope = s;
                        return s == "uptime" || s == "tickets" || s == "all";
                      }) &
             r.string("reason", ev.reason) & r.string("approved_by", ev.approved_by);
    case EventType::ExceptionRevoked:
      return r.string("exception", ev.ref);
    case EventType::TicketRated: {
      bool ok = r.string("ticket", ev.ref);
      element e;
      std::int64_t score = 0;
      if (r.obj.at_key("score").get(e) != simdjson::SUCCESS || e.is_null())
        ok = r.fail("score", "missing field \"score\"");
      else if (e.get_int64().get(score) != simdjson::SUCCESS || score < 1 || score > 5)
        ok = r.fail("score", "field \"score\" must be a whole number from 1 to 5");
      ev.score = static_cast<int>(score);
      if (r.present("comment")) {
        std::string text;
        if (r.string("comment", text, false))
          ev.comment = text;
        else
          ok = false;
      }
      return ok;
    }
    case EventType::SliCounted: {
      bool window = r.instant("start", ev.start) & r.instant("end", ev.end);
      bool ok = r.string("sli", ev.ref) & window;
      if (window && ev.end <= ev.start) ok = r.fail("end", "field \"end\" must be after \"start\"");
      bool counts = r.count("good", ev.good, 0, "(0 or more)") & r.count("total", ev.total, 0, "(0 or more)");
      if (counts && ev.good > ev.total)
        ok = r.fail("good", "field \"good\": " + std::to_string(ev.good) + " is more than \"total\" (" +
                                std::to_string(ev.total) + ")");
      return r.customers(ev.customers) && ok && counts;
    }
    case EventType::JobCompleted: {
      bool ok = r.string("job", ev.ref);
      if (r.string("run", ev.run) && !is_run_date(ev.run))
        ok = r.fail("run", "field \"run\": \"" + shown(ev.run) + "\" is not a date YYYY-MM-DD");
      else
        ok &= !ev.run.empty();
      return r.customers(ev.customers) && ok;
    }
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
  // An event has about ten fields: comparing each pair for equality (mostly
  // by length alone) is cheaper than sorting them.
  if (keys.size() <= 16) {
    for (std::size_t i = 1; i < keys.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (keys[i] == keys[j]) return keys[i];
    return std::nullopt;
  }
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
  scratch_.clear();
  if (decode_into(line, ev, scratch_, false)) return true;
  for (const auto& p : scratch_)
    if (!p.warning) {
      reason = p.message;
      break;
    }
  return false;
}

bool EventDecoder::decode(std::string_view line, Event& ev, std::vector<LineProblem>& problems) {
  return decode_into(line, ev, problems, true);
}

bool EventDecoder::decode_into(std::string_view line, Event& ev, std::vector<LineProblem>& problems, bool near_misses) {
  size_t before = problems.size();
  auto whole = [&](std::string message, size_t at = std::string_view::npos) {
    LineProblem p{std::move(message), {}, {}, 0, false};
    if (at != std::string_view::npos && at <= line.size()) {
      p.column = static_cast<int>(at + 1);
      p.excerpt = excerpt_of(line, at, at + 40);
    }
    problems.push_back(std::move(p));
    return false;
  };
  if (line.size() > kMaxLineBytes)
    return whole("line is " + std::to_string(line.size()) + " bytes; an event may be at most " +
                 std::to_string(kMaxLineBytes) + " bytes");
  element doc;
  auto err = parser_->parse(line.data(), line.size(), true).get(doc);
  if (err) return whole(std::string("not valid JSON: ") + simdjson::error_message(err), syntax_error_at(line));
  object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return whole("an event must be a JSON object", 0);
  Reader r{obj, line, problems};
  if (check_duplicate_keys_)
    if (auto dup = duplicate_key(doc, keys_)) {
      // Pointed at where it appears again, when that is at the top level.
      const MemberSpan* second = nullptr;
      if (!r.members) r.members = top_level_members(line);
      int seen = 0;
      for (const auto& m : *r.members)
        if (m.key == *dup && ++seen == 2) second = &m;
      LineProblem p{"field \"" + shown(*dup) + "\" appears more than once; each field may appear once",
                    std::string(*dup),
                    {},
                    0,
                    false};
      if (second) {
        p.column = static_cast<int>(second->key_at + 1);
        p.excerpt = excerpt_of(line, second->key_at, second->value_end);
      }
      problems.push_back(std::move(p));
      return false;
    }
  ev = Event{};
  bool ok = r.string("id", ev.id, true, 256);
  std::string type;
  std::optional<EventType> t;
  if (r.string("type", type)) {
    t = event_type_from(type);
    if (!t) {
      auto near = nearest_names(type, event_type_names());
      std::string names;
      for (auto n :
           near.empty() ? std::vector<std::string_view>(event_type_names().begin(), event_type_names().end()) : near)
        names += (names.empty() ? "\"" : ", \"") + std::string(n) + "\"";
      ok = r.fail("type", "field \"type\": unknown event type \"" + shown(type) + "\"; " +
                              (near.empty() ? "the types are " : "did you mean ") + names + (near.empty() ? "" : "?"));
    }
  } else {
    ok = false;
  }
  ok &= r.instant("at", ev.at);
  if (t) {
    ev.type = *t;
    ok &= type_fields(r, ev);
  }
  if (near_misses) r.near_misses(t ? fields_of(*t) : std::span<const std::string_view>());
  // Only errors count; a line that failed added at least one.
  for (size_t i = before; i < problems.size(); ++i)
    if (!problems[i].warning) return false;
  return ok;
}

}  // namespace vow
