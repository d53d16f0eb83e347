// One NDJSON line to one validated Event (spec/events.md, "Ingest rules").
#pragma once

#include <memory>
#include <string>
#include <string_view>

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
  EventDecoder();
  ~EventDecoder();

  // On success fills `out` (all but `seq`) and returns true; otherwise sets
  // `reason`, which names the field, and returns false.
  bool decode(std::string_view line, Event& out, std::string& reason);

 private:
  std::unique_ptr<simdjson::dom::parser> parser_;
};

// True for an unsigned decimal string such as "20000.00".
bool is_decimal_amount(std::string_view s);

}  // namespace vow
