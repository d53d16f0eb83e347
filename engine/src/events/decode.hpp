// One NDJSON line to one validated Event (spec/events.md, "Ingest rules").
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "vow/event.hpp"

namespace vow {

constexpr size_t kMaxLineBytes = 1 << 20;

class EventDecoder {
 public:
  // On success fills `out` (all but `seq`) and `canonical` (the line,
  // minified) and returns true; otherwise sets `reason` and returns false.
  bool decode(std::string_view line, Event& out, std::string& canonical, std::string& reason);

 private:
  simdjson::dom::parser parser_;
};

// True for an unsigned decimal string such as "20000.00".
bool is_decimal_amount(std::string_view s);

}  // namespace vow
