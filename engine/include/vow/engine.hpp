// The embeddable engine: contracts in, events in, compliance out.
//
//   vow::Engine engine;
//   engine.add_contract_source("rules/acme.lua", lua_text);
//   if (!engine.finish_contracts().empty()) { /* report diagnostics */ }
//   engine.add_events_ndjson(ndjson_text, "events.ndjson");
//   vow::Report r = engine.report({.period = "2026-10", .as_of = now});
//
// Threads (docs/adr/0021-concurrent-reads.md):
// - Contracts are loaded first, on one thread, before anything else is
//   called: add_contract_source, add_contract_paths and finish_contracts
//   may not run at the same time as any other call.
// - Then any number of threads may query at once (report, account,
//   credits, status, backtest, draft_facts, draft_context), while other
//   threads add events (add_event, add_events_ndjson) and call prepare,
//   contract_ids, tier_of and log_lines.
// - A query answers for a prefix of the events in the order they were
//   added: every event whose add_event returned before the query began,
//   maybe some added while it ran, never part of one. Adding never waits
//   for a query; a query that finds events added since the last one first
//   indexes them alone (the queries running finish first), then evaluates
//   beside the others.
// - The contracts' Lua functions run one call at a time, whichever thread
//   asks: queries that call them take turns for those calls.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vow/draft.hpp"
#include "vow/event.hpp"
#include "vow/report.hpp"

namespace vow {

// Engine::take_touched(): `customers` (contract ids), unless `all`.
struct Touched {
  bool all = false;
  std::set<std::string> customers;
};

struct Query {
  std::string period;                  // YYYY-MM or YYYY-Qn (ignored by status)
  Instant as_of = now_instant();       // what the events say up to this instant; now unless told
  std::vector<std::string> customers;  // empty: all
  std::string tier;                    // empty: all
  bool customer_audience = false;      // report: one customer's own cut (needs exactly one customer)
  int history = 3;                     // report: earlier periods compared in the trend
  bool every_clock = false;            // status: every running ticket clock, not only those past a warn_at level
};

// What a draft is about (issue 4): the facts behind it come from the ledger.
struct DraftRequest {
  std::string kind;           // initial, update, resolved, report-to-follow, internal-status,
                              // postmortem, breach, credit-offer
  std::string outage;         // for incident drafts
  std::string customer;       // the addressee (customer drafts)
  std::string ticket;         // for breach
  std::string period;         // for credit-offer (YYYY-MM)
  std::string incident_json;  // the team's incident record (root cause, ...), as JSON; may be empty
  Instant as_of = now_instant();
};

// `vow backtest`: forecast each day of the months from..to (YYYY-MM) and
// compare with how each month ended.
struct BacktestQuery {
  std::string from, to;
  std::vector<std::string> customers;  // empty: all
  std::string tier;                    // empty: all
  std::function<void(int day, int days)> progress;
};

// What add_event did with an event.
enum class Added { Fresh, Duplicate };

struct EngineLimits {
  std::size_t lua_memory_per_call = 64u << 20;
  long lua_instructions_per_call = 50'000'000;
};

class Engine {
 public:
  explicit Engine(EngineLimits limits = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  // Not while another thread uses it.
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Contracts: add every file, then finish; the diagnostics name FILE:LINE.
  // A query before finish_contracts() throws std::logic_error.
  void add_contract_source(const std::string& name, std::string source);
  // Every *.lua under each path (files or folders), in lexical order of path;
  // `display_base` makes the names in messages relative to it.
  void add_contract_paths(const std::vector<std::filesystem::path>& paths,
                          const std::filesystem::path& display_base = {});
  const std::vector<Diagnostic>& finish_contracts();
  std::vector<std::string> contract_ids() const;
  // Whether any contract commits per quarter (commitment = "quarter"): a
  // month's figures then reach back to its quarter's start.
  bool has_quarterly_commitments() const;
  std::vector<std::string> log_lines() const;

  // Events, in ingest order, under the ledger's rules (docs/events.md,
  // "Ingest rules"): an event given again with the same id and the same
  // content is a duplicate and held once; the same id with other content
  // is a conflict and refused. Every problem of a line that fails
  // validation, and each conflict, is returned as a Diagnostic (file:
  // `source`, line, column, field, excerpt) and the line left out; the other
  // lines are added (as `vow ingest --skip-invalid` would). An unknown field
  // that looks like a known one (`customer` on an outage) is a Diagnostic of
  // severity Warning and its event is added.
  std::vector<Diagnostic> add_events_ndjson(std::string_view ndjson, const std::string& source);
  // The same for one event: Added::Duplicate when an event with its id and
  // content was added before (nothing changes); vow::Error (exit 65) naming
  // the field for an event the ledger would refuse (no id, a ticket.opened
  // with no customer...) or naming the id for a conflict. An event whose
  // `seq` is 0 is numbered after every event added so far; one with a `seq`
  // (from the ledger) keeps it. Safe beside queries: it only queues the
  // event for the next query (or prepare) to index.
  Added add_event(Event event);
  // Sorts and indexes the events (done by the first query otherwise).
  void prepare();
  // The customers whose figures and alerts the events added since the last
  // call can have changed (docs/adr/0036): what a program that follows the
  // events (`vow serve`) evaluates again; a delivery record names its
  // alert's customer. The first call, and any after events of a whole
  // service, of an outage or maintenance id seen before, or that the index
  // could not take in place, says `all`. Indexes the events added first.
  Touched take_touched();
  // How many events it holds in memory.
  std::size_t event_count() const;
  // Room for `more` events beyond those it holds, made now, once: adding
  // them later then copies none of its arrays and rehashes none of its
  // tables, each a pause of tens of milliseconds at a few hundred thousand
  // events. What a program taking events while it answers wants (`vow
  // serve` asks for a million). The arrays' room costs address space until
  // used; the tables', about 16 bytes an event.
  void expect_events(std::size_t more);

  // Throws vow::Error (exit 2) for a malformed period.
  Report report(const Query& q);
  // One account's figures for `period` as of `as_of`, without the portfolio
  // sections a report adds: the live view, asked after each event. Events
  // added since the last query are put into the index without rebuilding it
  // when they come in time order for their tickets (docs/adr/0019).
  // Contract code that fails is listed in `errors`.
  AccountReport account(const std::string& customer, const std::string& period, Instant as_of,
                        std::vector<Diagnostic>* errors = nullptr);
  // account() for several customers under one read of the events, in the
  // order given: a live server's gauges are figured a batch at a time, so
  // that events are taken in between batches (docs/serve.md).
  std::vector<AccountReport> accounts(const std::vector<std::string>& customers, const std::string& period,
                                      Instant as_of, std::vector<Diagnostic>* errors = nullptr);
  CreditsReport credits(const Query& q);
  StatusReport status(const Query& q);
  // Every alert that exists as of q.as_of with `at` at or after `since`
  // (docs/alerts.md); q.period is ignored.
  AlertsReport alerts(const Query& q, std::optional<Instant> since = std::nullopt);
  // Throws vow::Error (exit 2) for a malformed or reversed month range.
  BacktestReport backtest(const BacktestQuery& q);
  // The facts a draft is written from; throws vow::Error (exit 2) for an
  // unknown outage, customer or ticket, and exit 65 for an incident record
  // that is not a JSON object.
  DraftFacts draft_facts(const DraftRequest& d);
  // The same facts as one line of JSON (to_json(DraftFacts) in vow/render.hpp
  // prints them for people).
  std::string draft_context(const DraftRequest& d);
  // The tier of a contract ("" when none), for choosing templates.
  std::string tier_of(const std::string& customer) const;

 private:
  friend struct EngineAccess;  // libvow's own loaders (engine/src/engine_access.hpp)
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vow
