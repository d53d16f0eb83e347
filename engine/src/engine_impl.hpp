// Engine's internals, shared by engine.cpp, forecasting.cpp and drafts.cpp:
// its state (contracts, events and their index) and the wiring that hands
// them to the arithmetic in compliance/.
#pragma once

#include <algorithm>
#include <deque>
#include <set>
#include <span>
#include <unordered_map>

#include "compliance/account.hpp"
#include "compliance/cadence.hpp"
#include "compliance/clock_cache.hpp"
#include "compliance/clocks.hpp"
#include "compliance/event_index.hpp"
#include "compliance/event_store.hpp"
#include "compliance/facts.hpp"
#include "compliance/forecast.hpp"
#include "contracts/calls.hpp"
#include "contracts/contract_set.hpp"
#include "time/period.hpp"
#include "vow/engine.hpp"
#include "vow/error.hpp"

namespace vow {

struct Engine::Impl {
  explicit Impl(EngineLimits l)
      : contracts(SandboxLimits{l.lua_memory_per_call, 1024u << 20, l.lua_instructions_per_call}) {}

  ContractSet contracts;
  EventStore events;
  std::int64_t next_seq = 1;
  bool indexed = false;
  EventIndex index;
  Instant first_event = kNever;  // of the indexed events and the unread ones
  // Tickets a loader left out (docs/adr/0020): their latest event for
  // silent_sources().
  std::optional<Instant> unread_heard;
  ClockScratch scratch;
  ClockCache clock_cache;  // settled ticket clocks kept between queries (ADR 22)

  // Groups the events once; queries reuse the index, and events added
  // since are put in without rebuilding it when that gives the same index.
  void prepare() {
    if (indexed) return;
    bool update = index.store == &events && update_index(index);
    // Each update lays a touched ticket out again at the end: rebuild once
    // the old copies outweigh the live ones.
    if (!update || index.steps.size() > 2 * (events.tickets().size() + index.tickets.size()) + 4096) {
      index = build_index(events);
      clock_cache.clear();
    } else {
      clock_cache.touched(index.touched);
    }
    for (; first_seen_whole < events.whole().size(); ++first_seen_whole)
      first_event = std::min(first_event, events.whole()[first_seen_whole].at);
    for (; first_seen_tickets < events.tickets().size(); ++first_seen_tickets)
      first_event = std::min(first_event, events.tickets()[first_seen_tickets].at);
    indexed = true;
  }
  std::size_t first_seen_whole = 0, first_seen_tickets = 0;  // events first_event has seen

  Facts facts(Instant as_of) {
    prepare();
    return gather_facts(index, as_of, [this](std::string_view id) { return contracts.find(id); });
  }

  // A tier no contract is of is a typo, not an empty portfolio.
  void need_tier(const std::string& tier) {
    std::set<std::string> tiers;
    for (const auto& c : contracts.contracts())
      if (c.tier) tiers.insert(*c.tier);
    if (tiers.count(tier)) return;
    std::string known;
    for (const auto& t : tiers) known += (known.empty() ? "" : ", ") + t;
    throw Error(Exit::Usage, {field("tier"), " " + tier + ": no contract is of this tier (" +
                                                 (known.empty() ? "none has a tier" : "tiers: " + known) + ")"});
  }

  std::vector<const Contract*> select(const Query& q) {
    for (const auto& id : q.customers)
      if (!contracts.find(id)) throw Error(Exit::Usage, {field("customer"), " " + id + ": no contract has this id"});
    if (!q.tier.empty()) need_tier(q.tier);
    std::vector<const Contract*> out;
    for (const auto& c : contracts.contracts()) {
      if (!q.customers.empty() && std::find(q.customers.begin(), q.customers.end(), c.id) == q.customers.end())
        continue;
      if (!q.tier.empty() && c.tier != q.tier) continue;
      out.push_back(&c);
    }
    return out;
  }

  // Contract code, for the arithmetic: exclude(o) and credit(m) in the sandbox.
  LuaCalls calls{contracts.sandbox()};

  Evaluation evaluation(const Facts& f, Instant as_of, std::vector<Diagnostic>& errors) {
    return {f, as_of, calls, errors};
  }

  std::vector<SettledClock> settled_clocks(const Contract& c, Instant as_of, const Facts& f,
                                           std::vector<ClockSample>* open = nullptr) {
    return clock_cache.settled_clocks(c, as_of, f, scratch, open);
  }

  // Contracts' clocks at one as_of: the report's periods and the forecast's
  // team pace (which reads every contract's) share them.
  struct ClockViews {
    std::unordered_map<const Contract*, std::vector<SettledClock>> settled;
    std::unordered_map<const Contract*, std::vector<ClockSample>> open;
  };
  ClockViews clock_views(Instant as_of, const Facts& f, const std::vector<const Contract*>& which) {
    ClockViews v;
    for (const Contract* c : which) v.settled[c] = settled_clocks(*c, as_of, f, &v.open[c]);
    return v;
  }
  std::vector<const Contract*> all_contracts() {
    std::vector<const Contract*> out;
    for (const auto& c : contracts.contracts()) out.push_back(&c);
    return out;
  }

  // The forecast (ADR 0013) for each selected contract whose month running
  // at as_of is `wanted`.
  std::vector<Risk> risks_at(const std::vector<const Contract*>& selected, Instant as_of, const Facts& f,
                             ClockViews& views, const std::function<bool(const Contract&, const Period&)>& wanted,
                             std::vector<Diagnostic>& errors);

  AccountReport account(const Contract& c, const Period& period, Instant as_of, const Facts& f,
                        std::vector<Diagnostic>& errors, const std::vector<SettledClock>* settled = nullptr,
                        bool with_credit = true) {
    std::vector<SettledClock> own;
    if (!settled) settled = &(own = settled_clocks(c, as_of, f));
    return evaluate_account(c, period, evaluation(f, as_of, errors), *settled, with_credit);
  }
};

}  // namespace vow
