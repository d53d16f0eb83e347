// One NDJSON line to one validated Event (spec/events.md, "Ingest rules").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vow/event.hpp"

namespace simdjson::dom {
class parser;
}

namespace vow {

constexpr size_t kMaxLineBytes = 1 << 20;

// simdjson stays out of this header: its class layout depends on compile
// definitions that only the engine's own sources are built with.
class EventDecoder {
 public:
  // Lines entering the ledger are refused when a key appears twice. Rows
  // already stored were checked when they came in (or, stored before that
  // rule, were computed on with the first of their keys): reading them back
  // skips the walk.
  explicit EventDecoder(bool check_duplicate_keys = true);
  ~EventDecoder();

  // On success fills `out` (all but `seq`) and returns true; otherwise sets
  // `reason`, which names the field, and returns false.
  bool decode(std::string_view line, Event& out, std::string& reason);

 private:
  std::unique_ptr<simdjson::dom::parser> parser_;
  bool check_duplicate_keys_;
  std::vector<std::string_view> keys_;  // scratch for the duplicate-key walk
};

// True for an unsigned decimal string such as "20000.00".
bool is_decimal_amount(std::string_view s);

}  // namespace vow
