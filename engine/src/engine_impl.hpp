// Engine's internals, shared by engine.cpp, forecasting.cpp and drafts.cpp:
// its state (contracts, events and their index) and the wiring that hands
// them to the arithmetic in compliance/.
#pragma once

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <span>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "compliance/account.hpp"
#include "compliance/cadence.hpp"
#include "compliance/clock_alert_cache.hpp"
#include "compliance/clock_cache.hpp"
#include "compliance/clocks.hpp"
#include "compliance/event_index.hpp"
#include "compliance/event_store.hpp"
#include "compliance/facts.hpp"
#include "compliance/forecast.hpp"
#include "compliance/month_cache.hpp"
#include "compliance/retraction.hpp"
#include "contracts/calls.hpp"
#include "contracts/contract_set.hpp"
#include "time/period.hpp"
#include "vow/engine.hpp"
#include "vow/error.hpp"

namespace vow {

// Periods that ended this recently are kept (ADR 23): a report's trend and
// the forecast's history (three months before the one running), as time
// passes.
constexpr Millis kKeptMonths = 4 * 31 * kDay;

struct Engine::Impl {
  explicit Impl(EngineLimits l)
      : contracts(SandboxLimits{l.lua_memory_per_call, 1024u << 20, l.lua_instructions_per_call}) {}

  ContractSet contracts;
  bool finished = false;  // finish_contracts() was called
  // Asked before its contracts were finished, an engine would answer as if
  // there were none.
  void need_finished() const {
    if (!finished) throw std::logic_error("vow::Engine: call finish_contracts() before asking it anything");
  }
  EventStore events;
  std::atomic<bool> indexed = false;
  EventIndex index;
  Instant first_event = kNever;  // of the indexed events and the unread ones
  // Tickets a loader left out (docs/adr/0020): their latest event for
  // silent_sources().
  std::optional<Instant> unread_heard;
  // Settled ticket clocks kept between queries (ADR 22); queries reading
  // the events at once take turns for it.
  ClockCache clock_cache;
  ClockAlertCache clock_alert_cache;  // ADR 0039; also under clock_mu
  std::mutex clock_mu;
  // Figures of periods that ended, kept between queries (ADR 23), from the
  // engine's second query on; `changes`: when the events that are not
  // ticket events happened, sorted.
  MonthCache months;
  std::mutex months_mu;
  std::vector<Instant> changes;
  std::atomic<long> queries = 0;
  // Periods long over are asked for no more as time passes (a quarter's
  // start is up to three months before its end).
  void forget_months_before(Instant as_of) {
    std::lock_guard lock(months_mu);
    months.forget_before(as_of - kKeptMonths - 92 * kDay);
  }

  // Threads (docs/adr/0021). add_event only appends to `pending`, under
  // `pending_mu`, so a writer never waits for a query. A query moves the
  // pending events into the store and indexes them holding `rw` alone,
  // then evaluates holding it shared with the other queries: the store,
  // the index and first_event change only under `rw` held alone.
  std::mutex pending_mu;
  std::vector<Event> pending, taken;
  std::int64_t next_seq = 1;  // under pending_mu
  // The ids added through add_event and add_events_ndjson, each with its
  // content_digest(), under pending_mu: the ledger's idempotence and
  // conflicts in memory. (Events libvow loads from a ledger are unique
  // there already and are not kept here.)
  std::unordered_map<std::string, std::uint64_t> added_ids;
  enum class Outcome { Fresh, Duplicate, Conflict };
  // Queues a valid event, or says it is a duplicate or (setting `reason`)
  // a conflict.
  Outcome add(Event event, std::string& reason);
  std::shared_mutex rw;

  // A query's hold on the events: every event whose add_event returned
  // before it is indexed, and none comes in until the hold is let go.
  std::shared_lock<std::shared_mutex> read() {
    need_finished();
    ++queries;
    if (stale()) {
      std::unique_lock alone(rw);
      prepare();
    }
    return std::shared_lock(rw);
  }
  bool stale() {
    if (!indexed) return true;
    std::lock_guard lock(pending_mu);
    return !pending.empty();
  }
  // Moves the pending events into the store (rw held alone).
  void take_pending() {
    {
      std::lock_guard lock(pending_mu);
      taken.swap(pending);
    }
    if (taken.empty()) return;
    for (auto& e : taken) events.add(std::move(e));
    taken.clear();
    indexed = false;
  }

  // Clock buffers and calendar caches, one set per thread, so that queries
  // on several threads share none; a thread keeps its set for the next query.
  ClockScratch& scratch() {
    std::lock_guard lock(scratch_mu);
    auto& s = scratches[std::this_thread::get_id()];
    if (!s) s = std::make_unique<ClockScratch>();
    return *s;
  }
  std::mutex scratch_mu;
  std::unordered_map<std::thread::id, std::unique_ptr<ClockScratch>> scratches;

  // Engine::expect_events: room kept for this many more events; reserved
  // in the store and its tables at once, in the index after each build.
  std::size_t room = 0;
  void make_room() {
    if (room == 0) return;
    events.make_room(room);
    {
      std::lock_guard lock(pending_mu);
      added_ids.reserve(added_ids.size() + room);
    }
    vow::make_room(index, room);
  }

  // Groups the events once; queries reuse the index, and events added
  // since are put in without rebuilding it when that gives the same index.
  // Called with rw held alone.
  void prepare() {
    take_pending();
    if (indexed) return;
    bool update = index.store == &events && update_index(index);
    note_touched(update);
    // Each update lays a touched ticket out again at the end: rebuild once
    // the old copies outweigh the live ones.
    if (!update || index.steps.size() > 2 * (events.tickets().size() + index.tickets.size()) + 4096) {
      index = build_index(events);
      vow::make_room(index, room);
      clock_cache.clear();
      clock_alert_cache.clear();
      months.clear();
    } else {
      clock_cache.touched(index.touched);
      clock_alert_cache.touched(index.touched);
      for (const TicketOpening& t : index.touched) months.forget(t.customer);
    }
    // Events other than ticket events came. Delivery records change no
    // period's figures (only alerts read them): a live server writes one
    // per alert, and would otherwise forget every kept month each time.
    auto figures = [](const Event& e) { return e.type != EventType::AlertDelivered; };
    // An exception changes which clocks raise alerts (1.1): none kept holds.
    auto exception = [](const Event& e) {
      return e.type == EventType::ExceptionGranted || e.type == EventType::ExceptionRevoked;
    };
    if (std::any_of(events.whole().begin() + static_cast<std::ptrdiff_t>(first_seen_whole), events.whole().end(),
                    exception))
      clock_alert_cache.clear();
    if (first_seen_windows < events.windows().size() ||
        std::any_of(events.whole().begin() + static_cast<std::ptrdiff_t>(first_seen_whole), events.whole().end(),
                    figures)) {
      months.clear();
      changes.clear();
      for (const Event& e : events.whole())
        if (figures(e)) changes.push_back(e.at);
      std::sort(changes.begin(), changes.end());
      // The windows' instants, sorted and each once, are the index's.
      auto whole_end = static_cast<std::ptrdiff_t>(changes.size());
      changes.insert(changes.end(), index.windows.instants.begin(), index.windows.instants.end());
      std::inplace_merge(changes.begin(), changes.begin() + whole_end, changes.end());
    }
    for (; first_seen_whole < events.whole().size(); ++first_seen_whole)
      first_event = std::min(first_event, events.whole()[first_seen_whole].at);
    if (first_seen_windows < events.windows().size()) {  // each scope's first is its earliest
      for (const WindowScope& s : index.windows.scopes)
        if (!s.windows.empty()) first_event = std::min(first_event, s.windows.front()->at);
      first_seen_windows = events.windows().size();
    }
    for (; first_seen_tickets < events.tickets().size(); ++first_seen_tickets)
      first_event = std::min(first_event, events.tickets()[first_seen_tickets].at);
    indexed = true;
  }
  // The events first_event (and `changes`) have seen.
  std::size_t first_seen_whole = 0, first_seen_tickets = 0, first_seen_windows = 0;

  // The customers the events indexed since the last Engine::take_touched()
  // are about (ADR 0036), under touched_mu; `all` when that is not known.
  Touched touched{true, {}};
  std::mutex touched_mu;
  std::unordered_set<std::string> scoped_ids;  // "o:", "m:" or "x:" and the outage, maintenance or exception ids seen
  // Called by prepare() after the update (`updated`: it gave the index
  // what a rebuild would, and index.touched names the tickets it changed),
  // before the rebuild that may follow.
  void note_touched(bool updated) {
    std::lock_guard lock(touched_mu);
    if (!updated) {
      touched.all = true;
    } else {
      for (const TicketOpening& t : index.touched) touched.customers.emplace(t.customer);
    }
    // Every new event, also when all are touched: scoped_ids must know each outage and maintenance id.
    for (std::size_t i = first_seen_whole; i < events.whole().size(); ++i) {
      const Event& e = events.whole()[i];
      switch (e.type) {
        case EventType::AlertDelivered:  // what a sink shows: the plan and retractions of its customer
          for (std::string_view c : alert_customer_candidates(e.ref))
            if (!touched.all && contracts.find(c)) {
              touched.customers.emplace(c);
              break;
            }
          break;
        case EventType::IncidentNotified:
        case EventType::InvoiceIssued:
        case EventType::CreditIssued:
          if (!touched.all) touched.customers.insert(e.customer);
          break;
        case EventType::ExceptionGranted:  // a second grant of one id may move it to another customer
          if (!scoped_ids.insert("x:" + e.ref).second)
            touched.all = true;
          else if (!touched.all)
            touched.customers.insert(e.customer);
          break;
        case EventType::ExceptionRevoked:  // whose it was is in its grant: all may have changed
          touched.all = true;
          break;
        case EventType::TicketRated:  // a satisfaction figure: no alert reads it
          break;
        case EventType::JobCompleted:  // 1.1: every customer it names, or all without `customers`
          if (!e.customers)
            touched.all = true;
          else if (!touched.all)
            touched.customers.insert(e.customers->begin(), e.customers->end());
          break;
        default: {  // an outage or maintenance: every contract of its service, or those it names
          bool maintenance = e.type == EventType::MaintenanceScheduled || e.type == EventType::MaintenanceCancelled;
          // One seen before may have named others, who lose it (a new
          // announcement replaces the old; an earlier start comes first).
          bool again = !scoped_ids.insert((maintenance ? "m:" : "o:") + e.ref).second;
          if (!e.customers || again)
            touched.all = true;
          else if (!touched.all)
            touched.customers.insert(e.customers->begin(), e.customers->end());
        }
      }
    }
    // sli.counted windows (1.1), packed apart: the same.
    for (std::size_t i = first_seen_windows; i < events.windows().size() && !touched.all; ++i) {
      const SliWindow& w = events.windows()[i];
      if (!w.customers)
        touched.all = true;
      else if (!touched.all)
        touched.customers.insert(w.customers->begin(), w.customers->end());
    }
    if (touched.all) touched.customers.clear();
  }

  // Under read().
  Facts facts(Instant as_of) {
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
    need_finished();
    for (const auto& id : q.customers)
      if (!contracts.find(id)) throw Error(Exit::Usage, {field("customer"), " " + id + ": no contract has this id"});
    if (!q.tier.empty()) need_tier(q.tier);
    std::vector<const Contract*> out;
    if (!q.customers.empty()) {
      // Those named, in the portfolio's order (the contracts are one vector),
      // each once: live evaluation names a few of tens of thousands.
      for (const auto& id : q.customers) {
        const Contract* c = contracts.find(id);
        if (q.tier.empty() || c->tier == q.tier) out.push_back(c);
      }
      std::sort(out.begin(), out.end(), std::less<const Contract*>());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return out;
    }
    for (const auto& c : contracts.contracts())
      if (q.tier.empty() || c.tier == q.tier) out.push_back(&c);
    return out;
  }

  // Contract code, for the arithmetic: exclude(o) and credit(m) in the sandbox.
  LuaCalls calls{contracts.sandbox()};

  Evaluation evaluation(const Facts& f, Instant as_of, std::vector<Diagnostic>& errors) {
    return {f, as_of, calls, errors};
  }

  std::vector<SettledClock> settled_clocks(const Contract& c, Instant as_of, const Facts& f,
                                           std::vector<ClockSample>* open = nullptr) {
    ClockScratch& s = scratch();
    std::lock_guard lock(clock_mu);
    return clock_cache.settled_clocks(c, as_of, f, s, open);
  }

  Instant clock_alerts(const Contract& c, Instant as_of, const Facts& f, std::vector<Alert>& out,
                       std::vector<RateStep>* settled) {
    ClockScratch& s = scratch();
    std::lock_guard lock(clock_mu);
    return clock_alert_cache.clock_alerts(c, as_of, f, s, out, settled);
  }
  std::optional<ClockAlertCache::Kept> kept_clock_alerts(const Contract& c, Instant as_of) {
    std::lock_guard lock(clock_mu);
    return clock_alert_cache.kept(c, as_of, index.priorities);
  }
  Instant clock_alerts_with(const Contract& c, Instant as_of, const Facts& f, ClockAlertCache::Kept kept,
                            std::vector<Alert>& out, std::vector<RateStep>* settled) {
    ClockScratch& s = scratch();
    std::lock_guard lock(clock_mu);
    return clock_alert_cache.clock_alerts_with(c, as_of, f, std::move(kept), s, out, settled);
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
    // A period that has ended changes only through events (ADR 23).
    Interval b = period.bounds(*c.zone);
    bool ended = b.b <= as_of;
    if (ended) {
      std::lock_guard lock(months_mu);
      if (const MonthCache::Kept* kept = months.find(c, b, with_credit, as_of, changes)) {
        errors.insert(errors.end(), kept->errors.begin(), kept->errors.end());
        return kept->report;
      }
    }
    std::size_t said = errors.size();
    std::vector<SettledClock> own;
    if (!settled) settled = &(own = settled_clocks(c, as_of, f));
    AccountReport a = evaluate_account(c, period, evaluation(f, as_of, errors), *settled, with_credit);
    // A one-shot report would only pay for keeping it.
    // Only figures without credits: those a trend and a forecast read again
    // and again; a report's own period is asked for once, or is running.
    if (ended && !with_credit && queries > 1 && b.b > as_of - kKeptMonths) {
      std::lock_guard lock(months_mu);
      months.keep(c, b, with_credit, as_of, {a, {errors.begin() + static_cast<std::ptrdiff_t>(said), errors.end()}});
    }
    return a;
  }
};

}  // namespace vow
