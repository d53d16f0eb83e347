// Events the arithmetic leaves out, and why: a report's "problems".
#pragma once

#include <string>

namespace vow {

// Why the arithmetic leaves an event out, with what a sentence about it
// names; the outputs write the sentence (problem_text in vow/render.hpp).
struct EventProblem {
  enum class Kind {
    SecondOutageStart,            // of outage `subject`; `earliest` counts
    SecondOutageEnd,              // of outage `subject`; `earliest` counts
    OutageEndWithoutStart,        // of outage `subject`
    OutageEndsBeforeStart,        // outage `subject`
    MaintenanceEndsBeforeStart,   // maintenance `subject`
    UnknownMaintenanceCancelled,  // maintenance `subject`
    UnknownTicket,                // an `event_type` event for ticket `subject`, never opened
    SecondTicketOpening,          // of ticket `subject`; `earliest` counts
    BeforeTicketOpened,           // an `event_type` event before ticket `subject` was opened
    TicketWithoutContract,        // ticket `subject` for `customer`, who has no contract
    InvoiceWithoutContract,       // for `customer`, who has no contract
    InvoiceCurrency,              // invoice `subject` in `currency`, the contract of `customer` in `contract_currency`
    QuarterInvoiceForMonthly,     // invoice `subject` for a quarter; the contract of `customer` commits per month
    ExceptionEndsBeforeStart,     // exception `subject` (1.1)
    ExceptionWithoutContract,     // exception `subject` for `customer`, who has no contract
    UnknownExceptionRevoked,      // revocation of exception `subject`, never granted
    UnknownTicketRated,           // a rating of ticket `subject`, never opened
    SliWindowsOverlap,  // a window of indicator `subject` overlapping `earliest` (for `customer`, or everyone)
  } kind = Kind::OutageEndsBeforeStart;
  std::string subject{};     // the outage, maintenance, ticket or invoice id
  std::string earliest{};    // the event that counts instead
  std::string event_type{};  // "ticket.replied", ...
  std::string customer{}, currency{}, contract_currency{};
};

struct ProblemLine {
  std::string event;
  EventProblem reason;
};

}  // namespace vow
