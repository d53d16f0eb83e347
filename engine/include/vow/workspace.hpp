// The application layer: one vow.toml's ledger, contracts, plugins and
// engine, with one method per thing a user does (the `vow` command is a
// front end to it, docs/embedding.md).
//
//   vow::Workspace ws(vow::load_config("vow.toml"));
//   ws.ingest("events.ndjson", text, {});
//   vow::Report r = ws.report({.period = "2026-10", .as_of = now});
//
// It returns results and takes callbacks for progress; it never prints.
// Errors are vow::Error with the exit code of docs/cli.md; contracts with
// problems are vow::ContractsError, which holds every diagnostic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vow/config.hpp"
#include "vow/draft.hpp"
#include "vow/engine.hpp"
#include "vow/error.hpp"
#include "vow/report.hpp"

namespace vow {

// Contracts that do not load or resolve (exit 78): nothing is evaluated.
class ContractsError : public Error {
 public:
  explicit ContractsError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// A line of input that was refused, with why.
struct RejectedLine {
  std::string source;
  std::size_t line = 0;
  std::string reason;  // every problem's message, joined by "; "
  std::string text;
  std::vector<Diagnostic> problems;  // each problem of the line, with its column and excerpt (docs/adr/0026)
  bool conflict = false;             // its id is stored with other content (IngestSettings::supersede replaces it)
};

// One source stored (or refused) in one transaction (docs/adr/0001).
struct IngestOutcome {
  std::string source;
  std::size_t fresh = 0;
  std::map<std::string, std::size_t> fresh_by_type;  // the new events by type ("outage.started": 3)
  std::size_t duplicate = 0;
  std::size_t superseded = 0;          // stored events given this source's content (IngestSettings::supersede)
  std::vector<RejectedLine> rejected;  // invalid lines and conflicts
  std::vector<Diagnostic> warnings;    // unknown fields that look like known ones, on lines stored
  std::size_t more_warnings = 0;       // past the first 1,000 warnings
  bool stored = false;                 // false: refused whole, nothing stored
  std::size_t unchecked = 0;           // lines not looked at once the source was bound to be refused
};

struct IngestSettings {
  // Store the valid lines; the rejected ones are appended to `reject_file`
  // before the good ones are committed, so that none is lost.
  bool skip_invalid = false;
  // An unknown field that looks like a known one refuses its line (as any
  // invalid line) instead of a warning (docs/adr/0026).
  bool strict = false;
  std::filesystem::path reject_file = "vow-rejected.ndjson";
  // A line whose id is stored with other content replaces it: stored as the
  // event's newest revision, the old content kept and marked superseded
  // (docs/adr/0027). Without it, such a line is a conflict.
  bool supersede = false;
  // Called every `progress_every` lines of a source with the count so far.
  std::function<void(const std::string& source, std::size_t lines)> progress;
  std::size_t progress_every = 500'000;
};

// The input line behind a line of a source plugin's output (ABI 1.1 batch_origin).
struct InputLine {
  std::uint32_t file = 0;  // 1-based index into SourceOutput::inputs; 0: unknown
  std::uint32_t line = 0;  // 1-based line of that input; 0: unknown
};

// What a source plugin made of its input, not stored yet.
struct SourceOutput {
  std::string source;  // "plugin NAME", the name its lines are stored and rejected under
  std::string ndjson;
  std::string plugin;               // its name
  bool strict = false;              // it asked for --strict (VOW_OPT_STRICT)
  std::vector<std::string> inputs;  // the inputs its batches named
  std::vector<InputLine> origins;   // origins[i]: behind line i + 1 of `ndjson`; shorter when not known

  // A problem found at a line of `ndjson` (file: `source`), moved to the
  // input line behind it when the plugin said which, with the plugin's name
  // and the event's column in the message (docs/adr/0026).
  Diagnostic at_input(Diagnostic d) const;
};

// One webhook request for a source plugin (ABI 1.2), as `vow serve` takes
// it at POST /v1/hooks/NAME.
struct WebhookRequest {
  std::map<std::string, std::string> headers;  // any case: the plugin sees the names in lower case
  std::string body;
  Instant received = now_instant();  // passed on as "x-vow-received-at" unless the headers say
};

// One line of NDJSON, validated.
struct CheckedLine {
  std::size_t line = 0;
  std::string_view text;  // a view into the NDJSON given to validate()
  bool valid = false;
  std::string reason;                // why it is not a valid event
  std::vector<Diagnostic> problems;  // each problem (file ""), warnings included
};

// One configured source plugin's part of a pull: what it stored, or why not.
struct PullStep {
  std::string plugin;
  std::optional<IngestOutcome> outcome;
  std::optional<Error> error;
};

// The ledger as `check` finds it.
struct LedgerHealth {
  bool exists = false;  // no ledger yet is no problem: ingest creates it
  int version = 0;      // schema version; checksums from 2 on
  std::int64_t events = 0;
  std::int64_t superseded = 0;  // events given newer content (docs/adr/0027)
  std::vector<std::string> problems;
  std::optional<Error> error;  // what stopped the check, when something did (also the last of `problems`)
};

struct CheckResult {
  std::vector<Diagnostic> contract_problems;
  std::vector<Error> plugin_problems;  // plugins that do not load, in config order
  // The same, each at the config file's line of its [[plugins]] table.
  std::vector<Diagnostic> plugin_diagnostics;
  std::vector<std::string> log_lines;  // what the contracts logged while loading
  LedgerHealth ledger;
  std::size_t contracts = 0, plugins = 0;
  bool ok() const { return contract_problems.empty() && plugin_problems.empty() && ledger.problems.empty(); }
};

enum class DraftFormat { Markdown, Text, Facts };

// A draft (docs/communications.md): what the fields are for depends on the kind.
struct DraftOrder {
  std::string kind;  // one of draft_kinds()
  std::string outage, customer, ticket, period;
  std::string incident;  // the team's incident record, a TOML or JSON file ("-": standard input); empty: none
  Instant as_of = now_instant();
  DraftFormat format = DraftFormat::Markdown;
};

struct Draft {
  DraftFacts facts;  // what it is written from (the template's context; to_json() in vow/render.hpp)
  std::string text;  // Markdown or plain text; empty for DraftFormat::Facts
};

// One credit's delivery to one billing sink by apply_credits.
struct Delivery {
  enum class Outcome {
    Applied,        // delivered and recorded
    NotRecordable,  // the ledger could not hold its record, so it was not delivered (exit 65)
    SinkFailed,     // the sink refused it; the next run retries (exit 78)
    RecordFailed,   // delivered but not recorded: everything stops (exit 78; docs/adr/0006)
  };
  std::string customer, period, amount, currency, sink;
  Outcome outcome = Outcome::Applied;
  std::string reference;              // what the ledger records (Applied, RecordFailed)
  std::optional<std::string> mended;  // the sink's reference was not short UTF-8 text: recorded as this
  std::string why;                    // NotRecordable, SinkFailed, RecordFailed
};

struct ApplyCallbacks {
  std::function<void()> waiting;                      // another run holds the ledger's apply lock
  std::function<void(const CreditsReport&)> figured;  // the credits, before any delivery
  std::function<void(const Delivery&)> delivered;     // each delivery tried, as it ends
};

struct ApplyResult {
  CreditsReport credits;
  std::vector<Delivery> deliveries;
  std::size_t applied = 0, already = 0, skipped = 0;  // skipped: provisional or nothing owed
  std::size_t failed = 0;                             // not delivered: the sink failed, or no record could hold it
  bool stopped = false;                               // a delivery could not be recorded
};

struct ExportSummary {
  std::int64_t events = 0, first = 0, last = 0;  // count and sequence numbers
};

// One correction of a stored event (IngestSettings::supersede, docs/adr/0027).
struct Supersession {
  std::string id;
  std::int64_t seq = 0;       // the event's place in the ingest order
  std::int64_t revision = 0;  // the correction's number, in the order they were made
  std::string at;             // when it was stored (RFC 3339, UTC)
  std::string source;         // the file (or "plugin NAME") it came from
  std::string was, now;       // the event's line before and after it
};

struct WorkspaceOptions {
  // The program each plugin runs in, as `PROGRAM plugin-host NAME LIBRARY CONFIG_DIR`
  // (docs/adr/0009): an installed `vow`, or this very program
  // ("/proc/self/exe") when its main() hands that subcommand to
  // vow::plugin_host_main. Empty: starting a plugin is exit 78 saying so.
  std::filesystem::path plugin_host;
  EngineLimits limits;
};

// The child side of a plugin process: call it from main() when argv[1] is
// "plugin-host" to be your own plugin host (see WorkspaceOptions::plugin_host).
int plugin_host_main(int argc, char** argv);

// The kinds a draft can be; throws vow::Error (exit 2) for any other.
const std::vector<std::string>& draft_kinds();
void check_draft_kind(const std::string& kind);

class PluginProcess;  // engine/src/plugins/child.hpp

class Workspace {
 public:
  explicit Workspace(WorkspaceConfig config, WorkspaceOptions options = {});
  ~Workspace();
  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;

  const WorkspaceConfig& config() const;

  // Each method loads what it needs when first needed; these load it now
  // (to fail before anything else). ContractsError for contracts with
  // problems; vow::Error (exit 78) for a missing or damaged ledger.
  void load_contracts();
  void load_events();
  // Opens the ledger for writing, creating it when there is none.
  void open_ledger();
  // The id of every contract, loading them first when they are not.
  std::vector<std::string> contract_ids();
  // What the contracts logged (`log(...)` in Lua) so far.
  std::vector<std::string> log_lines() const;

  // Config, contracts, plugins and ledger: every problem, none thrown.
  CheckResult check();

  // One source's NDJSON, stored whole or not at all (docs/adr/0001).
  IngestOutcome ingest(const std::string& source, std::string_view ndjson, const IngestSettings& settings);
  // Runs the source plugin named `plugin` over the files (exported webhook
  // payloads, API dumps); store its output with ingest(), or validate() it.
  SourceOutput import(const std::string& plugin, const std::vector<std::string>& files);
  // A plugin's output stored as ingest() does, strict when the settings or
  // the plugin ask, with every problem moved to the input line behind it.
  IngestOutcome ingest(const SourceOutput& output, const IngestSettings& settings);
  // Hands one webhook request to the source plugin named `plugin` (its
  // webhook call, ABI 1.2); store its output with ingest(). Exit 2 when the
  // plugin takes no webhooks; 65 when it refuses the request.
  SourceOutput hook(const std::string& plugin, const WebhookRequest& request);
  // Each line checked; `strict` makes near-miss fields errors (`valid` false).
  static std::vector<CheckedLine> validate(std::string_view ndjson, bool strict = false);
  // Runs every configured source plugin once and stores what each makes;
  // `each` hears of each as it ends. Returns how many sources there were.
  int pull(const IngestSettings& settings, const std::function<void(const PullStep&)>& each);

  // The first report or credits on a ledger with a snapshot (a big one)
  // reads only the tickets that can count in its periods, its trend and its
  // forecast (docs/adr/0020); a later question they do not answer reads every
  // event. To ask many questions, call load_events() first.
  Report report(const Query& q);
  CreditsReport credits(const Query& q);
  // How many events are held in memory now.
  std::size_t events_in_memory() const;
  // Adds the events stored since the ledger was read (by this Workspace's
  // ingest or another process's), reading only those: how a long-running
  // program follows the ledger. Reads every event when none were read yet,
  // or only a report's window was. Returns how many more events it holds.
  std::size_t refresh();
  // refresh() for a live server (docs/adr/0052): from its first call on, the
  // events this workspace's ingests store are kept in memory and taken from
  // there; the ledger is read only when they are not all that was stored,
  // and at least once a second for what other processes store. Call it,
  // like refresh(), with no query running.
  std::size_t follow();
  // For a server that commits often (docs/adr/0062): while on, this
  // workspace's ingest() calls leave moving their commits from the
  // ledger's -wal into its main file (docs/adr/0008) to checkpoint().
  void checkpoint_apart(bool on);
  // Moves what is committed into the ledger's main file, as far as readers
  // allow, on a connection of its own: safe beside any other call; calls
  // from several threads take turns. Does nothing when there is no ledger
  // yet. Throws (exit 78) when the ledger cannot be opened or the
  // checkpoint fails.
  void checkpoint();
  // For a server that answers after the disk and evaluates before it
  // (docs/adr/0063): while on, ingest() commits without waiting for the
  // disk (what it stored survives a crash of this process at once, and of
  // the machine once sync() returns) and hands its events to follow() at
  // once. Turn it on or off with no ingest running.
  void sync_apart(bool on);
  // Returns once what this workspace's ingests committed is on disk; safe
  // beside any other call, and calls from several threads share one
  // fdatasync. Nothing to do when no ingest committed without waiting.
  // Throws (exit 78) when the disk refused, then and on every later call.
  void sync();
  // What sync() throws since the disk refused to sync, or "" (a server's
  // health check says it).
  std::string sync_refusal() const;
  // The customers the events taken in since the last call are about
  // (Engine::take_touched): what a follower of the ledger evaluates again.
  Touched take_touched();
  // Engine::expect_events, after reading the ledger.
  void expect_events(std::size_t more);
  StatusReport status(const Query& q);
  // Engine::accounts, every event read.
  std::vector<AccountReport> accounts(const std::vector<std::string>& customers, const std::string& period,
                                      Instant as_of);
  AlertsReport alerts(const Query& q, std::optional<Instant> since = std::nullopt);
  BacktestReport backtest(const BacktestQuery& q);
  // The instant from which `vow serve` delivers alerts (docs/adr/0034):
  // kept in the ledger the first time it is asked, as `now`; the same ever
  // after, so that a restart neither drops nor floods.
  Instant deliver_alerts_from(Instant now);
  // Facts, then the template that fits the customer (docs/communications.md).
  // A draft whose premise is false is vow::Error with Exit::DoesNotApply.
  Draft draft(const DraftOrder& order);

  // The plugin named `name` started in its own process and kept there, for
  // a program that calls it many times (`vow serve`'s notifier sinks).
  // Exit 2 for an unknown name; 78 when it does not start.
  std::unique_ptr<PluginProcess> start_plugin(const std::string& name);

  // Delivers each final credit owed under `q` to every billing sink once,
  // recording each delivery in the ledger (docs/adr/0006). One run per
  // ledger at a time: a second waits.
  ApplyResult apply_credits(const Query& q, const ApplyCallbacks& callbacks = {});

  // Every stored line from sequence number `since` on, as it was given, in
  // ingest order (without its newline).
  ExportSummary export_events(std::int64_t since, const std::function<void(std::string_view line)>& each);
  // Every correction of a stored event, oldest first (what the export does
  // not show: the contents that were superseded). Returns how many.
  std::size_t superseded_events(const std::function<void(const Supersession&)>& each);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vow
