// One NDJSON line to one validated Event (spec/events.md, "Ingest rules").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vow/diagnostic.hpp"
#include "vow/event.hpp"

namespace simdjson::dom {
class parser;
}

namespace vow {

constexpr size_t kMaxLineBytes = 1 << 20;

// One problem of an event line (docs/adr/0026).
struct LineProblem {
  std::string message;    // names the field, as docs/events.md lists them; no location
  std::string field{};    // the field at fault; "" when the problem is the whole line
  std::string excerpt{};  // the offending text as it stands in the line; "" when none (a missing field)
  int column = 0;         // 1-based byte column in the line; 0 when unknown
  bool warning = false;   // an unknown field that looks like a known one: the event stays valid
};

// simdjson stays out of this header: its class layout depends on compile
// definitions that only the engine's own sources are built with.
// A problem's message as ingest says it: a near-miss field is kept (a
// warning) or, strict, refuses its line.
inline std::string said(const LineProblem& p, bool strict) {
  if (!p.warning) return p.message;
  return p.message + (strict ? " (refused: strict)" : " (kept, but not read)");
}

// The problem as a caller of the library (or a command) receives it.
inline Diagnostic diagnostic(const std::string& source, size_t line_no, const LineProblem& p, bool strict = false) {
  return {source,
          static_cast<int>(line_no),
          said(p, strict),
          p.column,
          p.field,
          p.excerpt,
          p.warning && !strict ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error};
}

class EventDecoder {
 public:
  // Lines entering the ledger are refused when a key appears twice. Rows
  // already stored were checked when they came in (or, stored before that
  // rule, were computed on with the first of their keys): reading them back
  // skips the walk.
  explicit EventDecoder(bool check_duplicate_keys = true);
  ~EventDecoder();

  // On success fills `out` (all but `seq`) and returns true; otherwise sets
  // `reason` (the first problem, which names the field) and returns false.
  // Unknown fields are not looked at.
  bool decode(std::string_view line, Event& out, std::string& reason);
  // The same, appending every problem of the line to `problems`, with its
  // column and excerpt, and a warning for each unknown field that looks like
  // one of the event type's. True when none of them is an error.
  bool decode(std::string_view line, Event& out, std::vector<LineProblem>& problems);

 private:
  bool decode_into(std::string_view line, Event& out, std::vector<LineProblem>& problems, bool near_misses);

  std::unique_ptr<simdjson::dom::parser> parser_;
  bool check_duplicate_keys_;
  std::vector<std::string_view> keys_;  // scratch for the duplicate-key walk
  std::vector<LineProblem> scratch_;    // for the `reason` overload
};

// True for an unsigned decimal string such as "20000.00".
bool is_decimal_amount(std::string_view s);

}  // namespace vow
