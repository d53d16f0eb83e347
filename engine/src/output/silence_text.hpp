// The sentence every format writes for a silent source (ADR 0015), as plain
// text: each renderer escapes it for its own format.
#pragma once

#include <string>

#include "vow/report.hpp"

namespace vow {

inline std::string silence_sentence(const SilentSource& s) {
  std::string n = std::to_string(s.customers.size()) + (s.customers.size() == 1 ? " account" : " accounts");
  std::string since = s.last_event ? "nothing heard since " + format_instant(*s.last_event) : "never heard from";
  if (s.kind == "tickets")
    return "Tickets: " + since + " for any account; the response and resolution figures of " + n +
           " have nothing to count. Check that the ticket source still sends.";
  return "Monitoring of " + s.service + ": " + since + "; the uptime of " + n +
         " counts this period as up. Check that the source still sends.";
}

}  // namespace vow
