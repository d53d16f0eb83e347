// Writing event lines (docs/events.md) from typed builders, so that a
// connector cannot misspell a field or emit a value Vow refuses:
//
//   using namespace vow::sdk::events;
//   out += OutageStarted{.id = "csv:db-7:start",
//                        .at = Timestamp::parse("2026-10-02T12:00:00+02:00"),
//                        .outage = "db-7",
//                        .service = "api",
//                        .impact = Impact::partial,
//                        .customers = {{"acme"}}}
//              .line();
//
// A misspelled member (`.customer`) does not compile; a value Vow would
// refuse (an empty required field, a bad month, amount or currency, a
// missing `at`, text that is not UTF-8) throws std::invalid_argument naming
// the type and the field. Each line() is one JSON object and "\n", with the
// time in UTC (RFC 3339). No dependency but the standard library.
// Reading lines back, and what a sink receives: vow/event_json.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vow::sdk::events {

// An instant, written in UTC with seconds (and a fraction when it has one).
// From text with parse(), or from any std::chrono::sys_time<D>, which
// converts implicitly; from epoch milliseconds, as webhooks give them:
//   Timestamp(std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{ms}})
//
// It holds nanoseconds since 1970 in 64 bits, so the years 1678 to 2261:
// an instant outside them (a payload's year 1013, a number of seconds
// taken for milliseconds) throws std::invalid_argument, from parse() and
// from the conversion alike, rather than wrapping around.
class Timestamp {
 public:
  Timestamp() = default;  // unset: a builder refuses it
  template <typename Duration>
  Timestamp(std::chrono::sys_time<Duration> t)  // NOLINT: implicit, so that `.at = now` reads well
      : t_(std::chrono::time_point_cast<std::chrono::nanoseconds>(held(t))), set_(true) {}

  // From the text of a timestamp as Vow accepts it (docs/events.md,
  // Timestamps): YYYY-MM-DDTHH:MM:SS, an optional fraction, then Z or an
  // offset. Throws std::invalid_argument otherwise.
  static Timestamp parse(std::string_view text) {
    auto bad = [&] {
      return std::invalid_argument("\"" + std::string(text) +
                                   "\" is not an RFC 3339 timestamp (like 2026-10-03T10:15:00Z, seconds required)");
    };
    size_t i = 0;
    auto digits = [&](size_t n) {
      if (i + n > text.size()) throw bad();
      int v = 0;
      for (size_t k = 0; k < n; ++k, ++i) {
        char c = text[i];
        if (c < '0' || c > '9') throw bad();
        v = v * 10 + (c - '0');
      }
      return v;
    };
    auto expect = [&](char lower, char upper) {
      if (i >= text.size() || (text[i] != lower && text[i] != upper)) throw bad();
      ++i;
    };
    int y = digits(4);
    if (y < kFirstYear || y > kLastYear) throw std::invalid_argument("\"" + std::string(text) + "\": " + kRange);
    expect('-', '-');
    int mo = digits(2);
    expect('-', '-');
    int d = digits(2);
    expect('T', 't');
    int h = digits(2);
    expect(':', ':');
    int mi = digits(2);
    expect(':', ':');
    int s = digits(2);
    int64_t nanos = 0;
    if (i < text.size() && text[i] == '.') {
      ++i;
      size_t first = i;
      for (int64_t scale = 100'000'000; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10)
        nanos += scale * (text[i] - '0');
      if (i == first) throw bad();
    }
    int offset_minutes = 0;
    if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
      ++i;
    } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      int sign = text[i] == '-' ? -1 : 1;
      ++i;
      int oh = digits(2);
      expect(':', ':');
      int om = digits(2);
      if (oh > 23 || om > 59) throw bad();
      offset_minutes = sign * (oh * 60 + om);
    } else {
      throw bad();
    }
    if (i != text.size()) throw bad();
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                    std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59) throw bad();
    auto t = std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi - offset_minutes) +
             std::chrono::seconds(s) + std::chrono::nanoseconds(nanos);
    return Timestamp(t);
  }

  static constexpr int kFirstYear = 1678, kLastYear = 2261;
  static constexpr const char* kRange = "a timestamp outside the years 1678 to 2261, which a Timestamp holds";

  bool is_set() const { return set_; }
  std::chrono::sys_time<std::chrono::nanoseconds> time() const { return t_; }

  // "2026-10-02T10:00:00Z", or "...00.25Z" with a fraction.
  std::string str() const {
    using namespace std::chrono;
    auto day = floor<days>(t_);
    year_month_day ymd(day);
    hh_mm_ss<nanoseconds> hms(t_ - day);
    int y = static_cast<int>(ymd.year());
    if (y < 0 || y > 9999) throw std::invalid_argument("a timestamp outside the years 0000 to 9999");
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", y, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    std::string out = buf;
    if (auto f = hms.subseconds().count(); f != 0) {
      std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(f));
      std::string frac = buf;
      while (frac.back() == '0') frac.pop_back();
      out += frac;
    }
    return out + "Z";
  }

 private:
  template <typename Duration>
  static std::chrono::sys_time<Duration> held(std::chrono::sys_time<Duration> t) {
    using namespace std::chrono;
    // Compared in the caller's unit (or a finer common one): no conversion to nanoseconds before it is known to fit.
    constexpr sys_days first = year{kFirstYear} / January / 1, end = year{kLastYear + 1} / January / 1;
    if (!(t >= first && t < end)) throw std::invalid_argument(kRange);
    return t;
  }

  std::chrono::sys_time<std::chrono::nanoseconds> t_{};
  bool set_ = false;
};

enum class Impact { major, partial };
enum class Author { agent, customer };
enum class TicketStatus { open, pending, on_hold, solved, closed };
enum class NoticeKind { initial, update, resolved, postmortem };
enum class ExceptionScope { uptime, tickets, all };  // contract language 1.1

namespace detail {

inline const char* name_of(Impact v) {
  return v == Impact::partial ? "partial" : "major";
}
inline const char* name_of(Author v) {
  return v == Author::customer ? "customer" : "agent";
}
inline const char* name_of(TicketStatus v) {
  switch (v) {
    case TicketStatus::open:
      return "open";
    case TicketStatus::pending:
      return "pending";
    case TicketStatus::on_hold:
      return "on_hold";
    case TicketStatus::solved:
      return "solved";
    case TicketStatus::closed:
      return "closed";
  }
  throw std::invalid_argument("not a TicketStatus");
}
inline const char* name_of(ExceptionScope v) {
  return v == ExceptionScope::uptime ? "uptime" : v == ExceptionScope::tickets ? "tickets" : "all";
}
inline const char* name_of(NoticeKind v) {
  switch (v) {
    case NoticeKind::initial:
      return "initial";
    case NoticeKind::update:
      return "update";
    case NoticeKind::resolved:
      return "resolved";
    case NoticeKind::postmortem:
      return "postmortem";
  }
  throw std::invalid_argument("not a NoticeKind");
}

// Whether `s` is well-formed UTF-8 (no overlong forms, no surrogates), as
// the ledger requires of every line.
inline bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = c;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0) {
        n = 1, cp = c & 0x1F;
      } else if ((c & 0xF0) == 0xE0) {
        n = 2, cp = c & 0x0F;
      } else if ((c & 0xF8) == 0xF0) {
        n = 3, cp = c & 0x07;
      } else {
        return false;
      }
      if (s.size() - i <= n) return false;
      for (size_t k = 1; k <= n; ++k) {
        auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return false;
        cp = (cp << 6) | (cc & 0x3F);
      }
      static constexpr uint32_t least[] = {0, 0x80, 0x800, 0x10000};
      if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    }
    i += n + 1;
  }
  return true;
}

// One JSON object under construction: each add() is one member.
class Line {
 public:
  Line(const char* type, const std::string& id, const Timestamp& at) : type_(type) {
    require("id", id);
    if (id.size() > 256)
      throw std::invalid_argument(type_ + ": field \"id\" is " + std::to_string(id.size()) +
                                  " bytes; at most 256 are allowed");
    if (!at.is_set()) throw std::invalid_argument(type_ + ": missing field \"at\"");
    text_ = "{\"id\":";
    string(id);
    text_ += ",\"type\":";
    string(type_);
    add("at", at);
  }

  void add(const char* field, const std::string& value) {
    key(field);
    string(value, field);
  }
  void add(const char* field, const Timestamp& value) {
    if (!value.is_set()) throw std::invalid_argument(type_ + ": missing field \"" + field + "\"");
    key(field);
    string(value.str());
  }
  void add(const char* field, bool value) {
    key(field);
    text_ += value ? "true" : "false";
  }
  // A whole number from lo to hi.
  void integer(const char* field, int value, int lo, int hi) {
    if (value < lo || value > hi)
      throw std::invalid_argument(type_ + ": field \"" + field + "\" must be a whole number from " +
                                  std::to_string(lo) + " to " + std::to_string(hi));
    key(field);
    text_ += std::to_string(value);
  }
  // A count: a whole number, 0 or more (JSON keeps integers exact to 2^53).
  void count(const char* field, std::int64_t value) {
    if (value < 0 || value > (std::int64_t{1} << 53))
      throw std::invalid_argument(type_ + ": field \"" + field + "\" must be a whole number from 0 to 2^53");
    key(field);
    text_ += std::to_string(value);
  }
  // A calendar date "2026-11-03" that exists.
  void date(const char* field, const std::string& v) {
    bool shape = v.size() == 10 && v[4] == '-' && v[7] == '-' && digits(v.substr(0, 4)) && digits(v.substr(5, 2)) &&
                 digits(v.substr(8, 2));
    if (!shape || !std::chrono::year_month_day(std::chrono::year(std::stoi(v.substr(0, 4))),
                                               std::chrono::month(static_cast<unsigned>(std::stoi(v.substr(5, 2)))),
                                               std::chrono::day(static_cast<unsigned>(std::stoi(v.substr(8, 2)))))
                       .ok())
      throw std::invalid_argument(type_ + ": field \"" + field + "\": \"" + v + "\" is not a date YYYY-MM-DD");
    add(field, v);
  }
  // The type's name, for a builder's own checks.
  [[noreturn]] void fail(const std::string& message) const { throw std::invalid_argument(type_ + ": " + message); }
  void add(const char* field, const std::vector<std::string>& values) {
    key(field);
    text_ += '[';
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].empty())
        throw std::invalid_argument(type_ + ": field \"" + field + "\" must hold only non-empty strings");
      if (i) text_ += ',';
      string(values[i], field);
    }
    text_ += ']';
  }
  // A required text field: present and not empty.
  void required(const char* field, const std::string& value) {
    require(field, value);
    add(field, value);
  }
  // An optional text field: left out when empty.
  void optional(const char* field, const std::string& value) {
    if (!value.empty()) add(field, value);
  }
  // A month "2026-10", or a quarter "2026-Q4" (a quarterly commitment's invoice, contract language 1.1).
  void period(const char* field, const std::string& v) {
    bool year = v.size() == 7 && v[4] == '-' && digits(v.substr(0, 4));
    bool month = year && digits(v.substr(5, 2)) && v.substr(5, 2) >= "01" && v.substr(5, 2) <= "12";
    bool quarter = year && v[5] == 'Q' && v[6] >= '1' && v[6] <= '4';
    if (!month && !quarter)
      throw std::invalid_argument(type_ + ": field \"" + field + "\": \"" + v +
                                  "\" is not a month YYYY-MM or a quarter YYYY-Qn");
    add(field, v);
  }
  void amount(const char* field, const std::string& v) {
    auto dot = v.find('.');
    std::string_view whole = std::string_view(v).substr(0, dot);
    std::string_view frac = dot == std::string::npos ? std::string_view() : std::string_view(v).substr(dot + 1);
    bool ok = !whole.empty() && whole.size() <= 15 && digits(whole) &&
              (dot == std::string::npos || (!frac.empty() && frac.size() <= 6 && digits(frac)));
    if (!ok)
      throw std::invalid_argument(type_ + ": field \"" + field + "\": \"" + v +
                                  "\" is not a decimal string like \"20000.00\"");
    add(field, v);
  }
  void currency(const char* field, const std::string& v) {
    bool ok = v.size() == 3;
    for (char c : v) ok = ok && c >= 'A' && c <= 'Z';
    if (!ok)
      throw std::invalid_argument(type_ + ": field \"" + field + "\": \"" + v +
                                  "\" is not an ISO 4217 code like \"USD\"");
    add(field, v);
  }

  std::string done() && { return std::move(text_) + "}\n"; }

 private:
  static bool digits(std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  }
  void require(const char* field, const std::string& value) const {
    if (value.empty()) throw std::invalid_argument(type_ + ": field \"" + field + "\" must not be empty");
  }
  void key(const char* field) {
    text_ += ",\"";
    text_ += field;
    text_ += "\":";
  }
  void string(const std::string& s, const char* field = "id") {
    if (!valid_utf8(s)) throw std::invalid_argument(type_ + ": field \"" + field + "\" is not valid UTF-8");
    text_ += '"';
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        text_ += '\\';
        text_ += c;
      } else if (c == '\n') {
        text_ += "\\n";
      } else if (c == '\t') {
        text_ += "\\t";
      } else if (c == '\r') {
        text_ += "\\r";
      } else if (u < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        text_ += buf;
      } else {
        text_ += c;
      }
    }
    text_ += '"';
  }

  std::string type_;
  std::string text_;
};

}  // namespace detail

// One struct per event type, with that type's fields only. Required text
// fields must not be empty; an optional one is left out while empty (or
// nullopt). Every member has a default, so that a designated initializer
// may leave out the optional ones (and -Wextra stays quiet); line() throws
// for a required one left out. Designated initializers must name the members
// in the order they are declared below (C++20): `.id`, `.at`, then the rest.

struct OutageStarted {
  std::string id{};
  Timestamp at{};
  std::string outage{};
  std::string service{};
  Impact impact = Impact::major;
  // Who is affected. nullopt: every customer whose contract covers the
  // service; an empty list: no one (docs/events.md).
  std::optional<std::vector<std::string>> customers{};
  std::string cause{};
  std::string title{};

  std::string line() const {
    detail::Line l("outage.started", id, at);
    l.required("outage", outage);
    l.required("service", service);
    l.add("impact", std::string(detail::name_of(impact)));
    if (customers) l.add("customers", *customers);
    l.optional("cause", cause);
    l.optional("title", title);
    return std::move(l).done();
  }
};

struct OutageEnded {
  std::string id{};
  Timestamp at{};
  std::string outage{};

  std::string line() const {
    detail::Line l("outage.ended", id, at);
    l.required("outage", outage);
    return std::move(l).done();
  }
};

struct MaintenanceScheduled {
  std::string id{};
  Timestamp at{};  // when it was announced
  std::string maintenance{};
  std::string service{};
  Timestamp start{};
  Timestamp end{};
  std::optional<std::vector<std::string>> customers{};  // as for OutageStarted

  std::string line() const {
    detail::Line l("maintenance.scheduled", id, at);
    l.required("maintenance", maintenance);
    l.required("service", service);
    l.add("start", start);
    l.add("end", end);
    if (customers) l.add("customers", *customers);
    return std::move(l).done();
  }
};

struct MaintenanceCancelled {
  std::string id{};
  Timestamp at{};
  std::string maintenance{};

  std::string line() const {
    detail::Line l("maintenance.cancelled", id, at);
    l.required("maintenance", maintenance);
    return std::move(l).done();
  }
};

struct TicketOpened {
  std::string id{};
  Timestamp at{};
  std::string ticket{};
  std::string customer{};
  std::string priority{};

  std::string line() const {
    detail::Line l("ticket.opened", id, at);
    l.required("ticket", ticket);
    l.required("customer", customer);
    l.required("priority", priority);
    return std::move(l).done();
  }
};

struct TicketPriorityChanged {
  std::string id{};
  Timestamp at{};
  std::string ticket{};
  std::string priority{};

  std::string line() const {
    detail::Line l("ticket.priority_changed", id, at);
    l.required("ticket", ticket);
    l.required("priority", priority);
    return std::move(l).done();
  }
};

struct TicketReplied {
  std::string id{};
  Timestamp at{};
  std::string ticket{};
  Author author = Author::agent;
  bool is_public = true;  // written as "public"; false for an internal note

  std::string line() const {
    detail::Line l("ticket.replied", id, at);
    l.required("ticket", ticket);
    l.add("author", std::string(detail::name_of(author)));
    l.add("public", is_public);
    return std::move(l).done();
  }
};

struct TicketStatusChanged {
  std::string id{};
  Timestamp at{};
  std::string ticket{};
  TicketStatus status = TicketStatus::open;

  std::string line() const {
    detail::Line l("ticket.status_changed", id, at);
    l.required("ticket", ticket);
    l.add("status", std::string(detail::name_of(status)));
    return std::move(l).done();
  }
};

struct IncidentNotified {
  std::string id{};
  Timestamp at{};
  std::string outage{};
  std::string customer{};
  NoticeKind kind = NoticeKind::initial;

  std::string line() const {
    detail::Line l("incident.notified", id, at);
    l.required("outage", outage);
    l.required("customer", customer);
    l.add("kind", std::string(detail::name_of(kind)));
    return std::move(l).done();
  }
};

struct InvoiceIssued {
  std::string id{};
  Timestamp at{};
  std::string customer{};
  std::string invoice{};
  std::string period{};    // "YYYY-MM": the month it is for
  std::string amount{};    // a decimal string, "20000.00"
  std::string currency{};  // "USD"

  std::string line() const {
    detail::Line l("invoice.issued", id, at);
    l.required("customer", customer);
    l.required("invoice", invoice);
    l.period("period", period);
    l.amount("amount", amount);
    l.currency("currency", currency);
    return std::move(l).done();
  }
};

struct CreditIssued {
  std::string id{};
  Timestamp at{};
  std::string customer{};
  std::string credit{};  // the billing system's reference
  std::string period{};
  std::string amount{};
  std::string currency{};

  std::string line() const {
    detail::Line l("credit.issued", id, at);
    l.required("customer", customer);
    l.required("credit", credit);
    l.period("period", period);
    l.amount("amount", amount);
    l.currency("currency", currency);
    return std::move(l).done();
  }
};

// An alert handed to a notifier sink, or its retraction (docs/alerts.md).
struct AlertDelivered {
  std::string id{};
  Timestamp at{};
  std::string alert{};      // the alert's id
  std::string sink{};       // the sink's name
  std::string reference{};  // what the sink returned; may be empty
  bool retraction = false;

  std::string line() const {
    detail::Line l("alert.delivered", id, at);
    l.required("alert", alert);
    l.required("sink", sink);
    l.add("reference", reference);
    l.add("retraction", retraction);
    return std::move(l).done();
  }
};

// Contract language 1.1: an approved exception to a customer's commitments.
struct ExceptionGranted {
  std::string id{};
  Timestamp at{};  // when it was approved
  std::string exception{};
  std::string customer{};
  Timestamp start{};
  Timestamp end{};
  ExceptionScope scope = ExceptionScope::all;
  std::string reason{};
  std::string approved_by{};

  std::string line() const {
    detail::Line l("exception.granted", id, at);
    l.required("exception", exception);
    l.required("customer", customer);
    l.add("start", start);
    l.add("end", end);
    l.add("scope", std::string(detail::name_of(scope)));
    l.required("reason", reason);
    l.required("approved_by", approved_by);
    return std::move(l).done();
  }
};

struct ExceptionRevoked {
  std::string id{};
  Timestamp at{};
  std::string exception{};

  std::string line() const {
    detail::Line l("exception.revoked", id, at);
    l.required("exception", exception);
    return std::move(l).done();
  }
};

// Contract language 1.1: the customer's satisfaction rating of a ticket.
struct TicketRated {
  std::string id{};
  Timestamp at{};
  std::string ticket{};
  int score = 0;          // 1 to 5; 4 and 5 are good
  std::string comment{};  // left out when empty

  std::string line() const {
    detail::Line l("ticket.rated", id, at);
    l.required("ticket", ticket);
    l.integer("score", score, 1, 5);
    l.optional("comment", comment);
    return std::move(l).done();
  }
};

// Service levels from counts (1.1, slis.md): of `total` events of the
// indicator `sli` in [start, end), `good` were good. Without `customers`
// the window is every customer's.
struct SliCounted {
  std::string id{};
  Timestamp at{};  // when it was counted: at or after `end`
  std::string sli{};
  Timestamp start{};
  Timestamp end{};
  std::int64_t good = 0;
  std::int64_t total = 0;
  std::optional<std::vector<std::string>> customers{};

  std::string line() const {
    detail::Line l("sli.counted", id, at);
    l.required("sli", sli);
    l.add("start", start);
    l.add("end", end);
    if (end.time() <= start.time()) l.fail("field \"end\" must be after \"start\"");
    if (good > total) l.fail("field \"good\" must not be more than \"total\"");
    l.count("good", good);
    l.count("total", total);
    if (customers) l.add("customers", *customers);
    return std::move(l).done();
  }
};

// A scheduled job's run completed (1.1, slis.md): `run` is the date, in
// the job's time zone, that the run is for; `at` when it completed.
struct JobCompleted {
  std::string id{};
  Timestamp at{};
  std::string job{};
  std::string run{};  // "2026-11-03"
  std::optional<std::vector<std::string>> customers{};

  std::string line() const {
    detail::Line l("job.completed", id, at);
    l.required("job", job);
    l.date("run", run);
    if (customers) l.add("customers", *customers);
    return std::move(l).done();
  }
};

}  // namespace vow::sdk::events
