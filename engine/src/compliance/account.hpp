// One account for one period: uptime, ticket targets, customer notices,
// status and credit (spec/semantics.md). Pure arithmetic over the facts:
// contract code is reached only through ContractCalls.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "compliance/clocks.hpp"
#include "compliance/contract_calls.hpp"
#include "compliance/facts.hpp"
#include "compliance/forecast.hpp"
#include "compliance/terms.hpp"
#include "compliance/uptime.hpp"
#include "time/period.hpp"
#include "vow/report.hpp"

namespace vow {

// A ticket clock that has settled: all a period needs to count it.
struct SettledClock {
  Instant at;
  std::string_view ticket;  // the source's ticket id
  std::string_view priority;
  Metric metric;
  bool achieved;
  double fraction;  // of its target, where it stopped; a breach counts as 2
  bool by_stop;     // settled by its stop (seen as of `at`), not by a breach at a deadline (seen after it)
  Instant start{};  // where an exception's window is looked for (1.1)
};

// Clocks do not depend on the period, only on as_of: a report evaluating
// several periods computes them once per contract. `open` receives the
// clocks in progress with a target.
std::vector<SettledClock> settled_clocks(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch,
                                         std::vector<ClockSample>* open = nullptr);

// One clock of ticket `t` as settled_clocks counts it: into `out` once it
// has settled, into `open` while in progress with a target.
void add_clock(const TicketHistory& t, const ClockResult& clock, std::vector<SettledClock>& out,
               std::vector<ClockSample>* open);

// What an evaluation reads besides a contract and a period, and where the
// failures of contract code go.
struct Evaluation {
  const Facts& facts;
  Instant as_of;
  ContractCalls& calls;
  std::vector<Diagnostic>& errors;
};

// The uptime term's exclude(o) through the calls, its failures listed as
// errors; empty when the term has none.
ExcludeFn exclude_for(const Contract& c, const UptimeTerm& u, const Evaluation& ev);

// The account's figures in `period`, counting the contract's `settled`
// clocks (settled_clocks at ev.as_of). `with_credit` false leaves the
// credit out (earlier periods of a trend, forecasts). For a monthly
// contract a quarter lists the credit of each of its months that has begun;
// a quarterly contract's credit is its quarter's, and a month of it takes
// its status from the quarter as of the month's end (terms.md).
AccountReport evaluate_account(const Contract& c, const Period& period, const Evaluation& ev,
                               const std::vector<SettledClock>& settled, bool with_credit = true);

// Notice clocks of every outage that affects the contract, settled in `period`.
PriorityTable communications_table(const Contract& c, Interval period, Instant as_of, const Facts& f);

// The credit for a commitment period (a month, or a quarterly contract's
// quarter) from its figures `a`; nullopt when the contract's formula failed
// (listed in ev.errors).
std::optional<CreditFigures> credit_for(const Contract& c, const Period& period, const AccountReport& a,
                                        const Evaluation& ev);

// The fee of `period` (terms.md, "Fees"): its invoice, else the contract's
// monthly fee; a quarter with no invoice of its own adds up its months.
Decimal period_fee(const Contract& c, const Period& period, const Facts& f, std::optional<std::string>* invoice);

}  // namespace vow
