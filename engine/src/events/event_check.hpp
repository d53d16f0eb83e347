// The ledger's rules for an Event built in code (Engine::add_event), as
// the decoder applies them to a line, and what makes two events the same
// for idempotence (docs/events.md, "Ingest rules").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "vow/event.hpp"

namespace vow {

// "" when the ledger would take `ev`; else the first problem, naming the
// field as the event's JSON calls it.
std::string event_problem(const Event& ev);

// A billing event's `period`: a month "2026-11", or (1.1) a quarter "2026-Q4".
bool is_billing_period(std::string_view s);

// A job run's date (1.1, slis.md): "2026-11-03", a day that exists.
bool is_run_date(std::string_view s);

// An ISO 4217 code's shape: three upper-case letters.
bool is_currency_code(std::string_view s);

// A digest of everything the event says but its seq: equal for the same
// event given twice.
std::uint64_t content_digest(const Event& ev);

}  // namespace vow
