// The uptime alert kinds (docs/alerts.md): uptime.budget_warning and
// uptime.breached for every commitment period up to as_of, and
// uptime.burn_rate for each episode of each burn-rate rule. Each `at` is the
// first instant at which the condition held when evaluated as of that
// instant (compliance/uptime_timeline.hpp), compared exactly.
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "compliance/uptime.hpp"
#include "compliance/uptime_timeline.hpp"
#include "vow/report.hpp"

namespace vow {

// Burn-rate episodes depend only on the term, the rules and the events the
// term sees, not on the customer's id or zone: contracts of one tier hit
// by the same outages share them. One memo serves one evaluation (one
// as_of, one set of facts).
struct BurnEpisode {
  int rule = 0;
  Instant at = 0;
  double burn_long = 0, burn_short = 0;
  Instant until = kNever;  // the first minute it no longer held (kNever: held to the last minute looked at)
};
using BurnMemo = std::unordered_map<std::string, std::vector<BurnEpisode>>;

// Where amended terms meet the terms before them (docs/adr/0049): a burn
// the new terms see going on where they take effect begins there, unless
// the terms before were burning by the same rule (its windows, factor and
// severity) of the same term (its name and what it measures) in the
// minute before: then it is the burn they raised, going on.
struct BurnBoundary {
  Instant since = std::numeric_limits<Instant>::min();    // the terms' first instant: no episode begins before
  std::optional<Instant> next;                            // the next terms' first instant
  const std::set<std::string>* burning_before = nullptr;  // burn_identity()s in the minute before `since`
  std::set<std::string> burning_at_next;                  // those in the minute before `next`

  // Whether `e`, by `rule` of `u`, is the terms before's burn going on;
  // notes whether it goes on into the next terms.
  bool goes_on(const UptimeTerm& u, const BurnRule& rule, const BurnEpisode& e);
};

// What the contracts of one evaluation share.
struct UptimeScratch {
  BurnMemo burns;
  std::optional<EventsByCustomer> events;  // made by the first contract
};

// Appends the uptime alerts of `c` that exist as of `as_of`, in no
// particular order. Nothing for a contract without an uptime term.
// `exclude` gives each term's exclude(o) (empty: none). A list's terms fire
// each on its own, their ids ending in :TERM (alerts.md).
void uptime_alerts(const Contract& c, Instant as_of, const Facts& f,
                   const std::function<ExcludeFn(const UptimeTerm&)>& exclude, UptimeScratch& scratch,
                   std::vector<Alert>& out);

}  // namespace vow
