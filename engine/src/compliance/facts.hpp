// What the events say as of one instant: outages with their ends,
// maintenance windows, ticket histories, invoices, and the events the
// arithmetic cannot use (problems). Pure: an index in, facts out.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compliance/event_index.hpp"
#include "compliance/indicator_memo.hpp"
#include "compliance/money.hpp"
#include "vow/event.hpp"
#include "vow/problem.hpp"

namespace vow {

struct Contract;

struct Outage {
  const Event* started = nullptr;
  std::optional<Instant> end;  // none while ongoing at as_of
};

struct Maintenance {
  const Event* scheduled = nullptr;  // the latest announcement
  bool cancelled = false;
  Instant cancelled_at = kNever;  // of the first cancellation, when cancelled
};

// An exception granted (contract language 1.1, terms.md): its latest grant,
// and when it was revoked (kNever: it stands).
struct ExceptionGrant {
  const Event* granted = nullptr;
  Instant revoked_at = kNever;
  bool covers_uptime() const { return granted->scope != "tickets"; }
  bool covers_tickets() const { return granted->scope != "uptime"; }
};

struct TicketHistory {
  const TicketOpening* opened = nullptr;  // its ids and names; read only when shown
  const TicketStep* opening = nullptr;    // the opening, packed
  std::span<const TicketStep> steps;      // after the opening, in (at, ingest) order
};

struct Invoice {
  Decimal amount;
  std::string currency;
  std::string id;  // the source's invoice id, which a billing sink credits
};

using Problem = ProblemLine;

struct Facts {
  std::vector<Outage> outages;
  std::vector<Maintenance> maintenance;
  std::vector<ExceptionGrant> exceptions;  // revoked ones too, marked: an uptime exception is history like maintenance
  Instant next_exception_event = kNever;   // the first grant or revocation after as_of: exemptions change then
  // The grants standing for tickets, by customer (what exempt() reads per clock).
  std::unordered_map<std::string_view, std::vector<const Event*>> ticket_exceptions_of;
  // ticket.rated events of the tickets the facts hold, by the tickets'
  // customer, each list in (at, ingest) order.
  std::unordered_map<std::string_view, std::vector<const Event*>> ratings_of;
  // job.completed events (1.1): those that name customers, by each of
  // them; the others, every customer's.
  std::unordered_map<std::string_view, std::vector<const Event*>> jobs_of{};
  std::vector<const Event*> jobs_for_all{};
  // sli.counted windows (1.1) by indicator, by start, overlapping ones
  // left out: those for everyone; and, for each customer with windows of
  // its own, all of the indicator's that count for it.
  std::unordered_map<std::string_view, std::vector<const SliWindow*>> sli_for_all{};
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, std::vector<const SliWindow*>>> sli_of{};
  std::vector<TicketHistory> tickets;                                                    // customer by customer
  std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>> tickets_of;  // customer -> [first, last)
  std::unordered_map<std::string_view, Instant> next_opening;       // customer -> its first ticket opened after as_of
  std::map<std::pair<std::string, std::string>, Invoice> invoices;  // (customer, YYYY-MM)
  std::map<std::pair<std::string, std::string>, std::vector<const Event*>> notices;  // (outage, customer)
  std::vector<Problem> problems;                                                     // sorted by event id
  const std::vector<std::string>* priorities = nullptr;                              // names of priority ids
  const TicketStep* steps_end = nullptr;                                             // of EventIndex::steps
  // Indicator figures shared by the accounts of one query (filled as they are asked).
  mutable IndicatorMemo memo{};

  // One customer's incident.notified events for one outage, in order.
  std::span<const Event* const> notices_for(const std::string& outage, const std::string& customer) const {
    auto it = notices.find({outage, customer});
    return it == notices.end() ? std::span<const Event* const>() : std::span<const Event* const>(it->second);
  }

  // The instant of the ticket's first event after as_of, kNever if none:
  // till then only as_of moves its clocks. In the index a ticket's steps
  // are followed by the next ticket's opening, never by a step of another.
  Instant next_event(const TicketHistory& t) const {
    const TicketStep* next = t.steps.data() + t.steps.size();
    return next < steps_end && next->type != EventType::TicketOpened ? next->at : kNever;
  }

  // Whether a ticket clock of `customer` starting at `start` is exempt: an
  // exception for tickets stands and its window [start, end) holds it.
  bool exempt(std::string_view customer, Instant start) const {
    if (ticket_exceptions_of.empty()) return false;
    auto it = ticket_exceptions_of.find(customer);
    if (it == ticket_exceptions_of.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const Event* x) { return x->start <= start && start < x->end; });
  }

  std::span<const TicketHistory> tickets_for(std::string_view customer) const {
    auto it = tickets_of.find(customer);
    if (it == tickets_of.end()) return {};
    return std::span<const TicketHistory>(tickets).subspan(it->second.first, it->second.second - it->second.first);
  }
};

using ContractLookup = std::function<const Contract*(std::string_view customer)>;

// Customers (contract ids) whose facts are wanted.
using CustomerSet = std::unordered_set<std::string_view>;

// Some customers' tickets, by their first openings (TicketOpening::event):
// for each customer named, the facts hold these of its tickets alone.
using SomeTickets = std::unordered_map<std::string_view, std::span<const std::uint32_t>>;

// Only events with at <= as_of exist. With `only`, the tickets, invoices
// and notices are those customers' alone and no problem is looked for but
// the outages' and maintenance's: what some accounts' figures and alerts
// need (Engine::account, Engine::alerts for a few customers). With `some`
// too, a customer it names has only those tickets, their ratings and their
// next opening: what its clock alerts need when the others' are kept
// (ClockAlertCache::kept).
Facts gather_facts(const EventIndex& index, Instant as_of, const ContractLookup& contract_of,
                   const CustomerSet* only = nullptr, const SomeTickets* some = nullptr);

}  // namespace vow
