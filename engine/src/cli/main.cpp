// The `vow` command (spec/cli.md).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "vow/error.hpp"
#include "vow/workspace.hpp"

using namespace vow;
using vow::cli::Options;

namespace {

// The help of --period and --format says what each command takes: credits
// are monthly and only report renders HTML (spec/cli.md).
void add_query_options(CLI::App* cmd, Options& o, const std::string& periods, const std::string& formats) {
  if (!periods.empty()) cmd->add_option("--period", o.period, periods)->required();
  cmd->add_option("--as-of", o.as_of, "evaluate as of this instant (RFC 3339; default: now)");
  cmd->add_option("--customer", o.customers, "only this customer id (repeatable)");
  cmd->add_option("--tier", o.tier, "only contracts of this tier");
  cmd->add_option("--format", o.format, formats);
  cmd->add_option("--output", o.output, "write to FILE instead of standard output");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "plugin-host") return plugin_host_main(argc, argv);
  Options o;
  CLI::App app{"vow: SLA compliance from your contracts (Lua) and your events (NDJSON).", "vow"};
  app.set_version_flag("--version", "vow 0.1.0");
  app.add_option("--config", o.config, "config file (default: $VOW_CONFIG, else ./vow.toml)");
  app.require_subcommand(1);
  // Every example runs as written from the checkout after ./scripts/setup
  // (tests/integration/help_examples.py runs them).
  app.footer(
      "Examples, from the checkout after ./scripts/setup (vow is build/engine/vow there):\n"
      "  vow --config examples/portfolio/vow.toml check\n"
      "  vow --config examples/portfolio/vow.toml ingest examples/portfolio/events.ndjson\n"
      "  vow --config examples/github/vow.toml import statuspage examples/github/incidents/*.json --dry-run\n"
      "  vow --config examples/portfolio/vow.toml report --period 2026-10 --format md\n"
      "  vow --config examples/portfolio/vow.toml credits --period 2026-10\n"
      "  vow --config examples/portfolio/vow.toml status\n"
      "  vow --config examples/portfolio/vow.toml alerts --format md\n"
      "  vow --config examples/portfolio/vow.toml backtest --from 2026-10 --to 2026-12\n"
      "Without --config, vow reads the file $VOW_CONFIG names, else ./vow.toml.\n"
      "Exit codes: 0 done, 1 internal error, 2 wrong usage, 65 bad input data, 78 bad configuration or contracts.");

  auto* check =
      app.add_subcommand("check", "load config, contracts and plugins; report every problem (exit 78 if any)");
  check->footer("Example: vow --config examples/portfolio/vow.toml check");
  auto* ingest =
      app.add_subcommand("ingest", "read NDJSON events into the ledger; one file is stored whole or not at all");
  ingest->add_option("files", o.files, "NDJSON files; - or none: standard input");
  ingest->add_flag("--skip-invalid", o.skip_invalid, "store the valid lines and write the others to the reject file");
  ingest->add_flag("--strict", o.strict,
                   "refuse lines with unknown fields that look like known ones (a warning otherwise)");
  ingest->add_option("--reject", o.reject_file, "reject file for --skip-invalid (default: vow-rejected.ndjson)");
  ingest->add_flag("--supersede", o.supersede,
                   "a line whose id is stored with other content replaces it; the old content is kept, marked "
                   "superseded (docs/events.md)");
  ingest->footer(
      "Example: vow --config examples/portfolio/vow.toml ingest examples/portfolio/events.ndjson\n"
      "(scripts/setup makes that file and stores it: a second ingest finds every event a duplicate.)\n"
      "Prints 'FILE: N new, N duplicate'; each problem as FILE:LINE:COLUMN: reason (exit 65).\n"
      "Every event type and field, with examples: docs/events.md.");
  auto* import = app.add_subcommand("import", "run a source plugin over exported files and ingest what it makes");
  import->add_option("plugin", o.plugin, "the plugin's name in [[plugins]]")->required();
  import->add_option("files", o.files, "exported files (webhook payloads, API dumps)");
  import->add_flag("--dry-run", o.dry_run, "print the normalized NDJSON instead of storing it");
  import->add_flag("--skip-invalid", o.skip_invalid, "store the valid events and write the others to the reject file");
  import->add_flag("--strict", o.strict,
                   "refuse events with unknown fields that look like known ones (a warning otherwise)");
  auto* webhook = import->add_flag(
      "--webhook", o.webhook,
      "each file is the body of one webhook request, handed to the plugin's webhook call as vow serve's "
      "POST /v1/hooks/NAME does (replays what a system sent)");
  import
      ->add_option("--header", o.headers,
                   "with --webhook: a request header, \"Name: value\" (repeat it; e.g. a signature header)")
      ->allow_extra_args(false)
      ->needs(webhook);
  import->add_option("--reject", o.reject_file, "reject file for --skip-invalid (default: vow-rejected.ndjson)");
  import->add_flag("--supersede", o.supersede,
                   "an event whose id is stored with other content replaces it; the old content is kept, marked "
                   "superseded (docs/events.md)");
  import->footer(
      "Example: vow --config examples/github/vow.toml import statuspage examples/github/incidents/*.json --dry-run");
  auto* pull = app.add_subcommand("pull", "run every configured source plugin once and ingest what they make");
  pull->add_flag("--skip-invalid", o.skip_invalid, "store the valid events and write the others to the reject file");
  pull->add_flag("--strict", o.strict,
                 "refuse events with unknown fields that look like known ones (a warning otherwise)");
  pull->footer(
      "Example: vow --config examples/github/vow.toml pull\n"
      "(statuspage only reads files, so it brings nothing here; a plugin that fetches by itself does.)");
  auto* report = app.add_subcommand("report", "compliance report for a month or a quarter");
  add_query_options(report, o, "month YYYY-MM or quarter YYYY-Qn", "json (default), md, csv or html");
  report->add_option("--audience", o.audience,
                     "internal (default: tiers, flags, trend, risk) or customer (one --customer's own figures)");
  report->footer(
      "Examples: vow --config examples/portfolio/vow.toml report --period 2026-10 --as-of 2026-11-02T00:00:00Z "
      "--format md\n"
      "          vow --config examples/portfolio/vow.toml report --period 2026-Q4 --format csv\n"
      "          vow --config examples/portfolio/vow.toml report --period 2026-10 --audience customer --customer c050 "
      "--format html --output c050.html");
  auto* credits = app.add_subcommand("credits", "credits owed for a period, with each formula's inputs and note");
  add_query_options(credits, o,
                    "month YYYY-MM (contracts with monthly commitments) or quarter YYYY-Qn (commitment = "
                    "\"quarter\")",
                    "json (default), md or csv");
  credits->add_flag("--apply", o.apply, "deliver each final credit to every billing sink plugin, exactly once");
  credits->footer(
      "Example: vow --config examples/portfolio/vow.toml credits --period 2026-10 --customer c050 --format md");
  auto* draft = app.add_subcommand("draft", "draft a customer communication from the ledger's facts");
  draft
      ->add_option("kind", o.kind,
                   "initial, update, resolved, report-to-follow, internal-status, postmortem, breach, credit-offer")
      ->required();
  draft->add_option("--outage", o.outage, "the outage (incident drafts)");
  draft->add_option("--customer", o.customers, "the customer it is for");
  draft->add_option("--ticket", o.ticket, "the ticket (breach)");
  draft->add_option("--period", o.period, "the month (credit-offer)");
  draft->add_option("--incident", o.incident,
                    "the team's incident record, TOML or JSON: summary, root_cause, contributing_factors, "
                    "preventive_measures");
  draft->add_option("--as-of", o.as_of, "as of this instant (default: now)");
  draft->add_option("--format", o.format, "md (default), text, or json (the facts the draft is written from)");
  draft->add_option("--output", o.output, "write to FILE instead of standard output");
  draft->footer(
      "Examples: vow --config examples/portfolio/vow.toml draft initial --outage inc-07 --customer c042\n"
      "          vow --config examples/portfolio/vow.toml draft postmortem --outage inc-07 --customer c042 "
      "--incident examples/portfolio/inc-07.toml\n"
      "          vow --config examples/portfolio/vow.toml draft credit-offer --customer c050 --period 2026-10");
  auto* status =
      app.add_subcommand("status", "the live view: clocks at a warning level or breached, accounts over budget");
  add_query_options(status, o, "", "json (default), md or csv");
  status->footer("Example: vow --config examples/portfolio/vow.toml status --as-of 2026-10-14T16:00:00Z --format md");
  auto* alerts = app.add_subcommand("alerts",
                                    "every alert as of an instant: ticket clocks at a warning level, breached and "
                                    "escalated; uptime budget warnings, breaches and burn rates; overdue notices; "
                                    "compliance below target; retracted deliveries");
  alerts->add_option("--since", o.alerts_since, "only alerts whose instant is at or after this one (RFC 3339)");
  add_query_options(alerts, o, "", "json (default), md or csv");
  alerts->footer(
      "Example: vow --config examples/portfolio/vow.toml alerts --as-of 2026-10-14T16:00:00Z --format md\n"
      "An alert's `at` is the first instant its condition held, worked out from the ledger, so the same\n"
      "ledger always gives the same alerts; it exists as of --as-of once that instant has come (a breach\n"
      "reached exactly at its instant: once that instant is past). Kinds and ids:\n"
      "  clock.warning:CUSTOMER:TICKET:METRIC:CYCLE:LEVEL    a clock in progress reached a warn_at fraction\n"
      "  clock.breached:CUSTOMER:TICKET:METRIC:CYCLE         its deadline passed before it stopped\n"
      "  clock.escalated:CUSTOMER:TICKET:METRIC:CYCLE:STEP   a step of the contract's `escalate` came due\n"
      "  uptime.budget_warning:CUSTOMER:PERIOD               the period's downtime reached budget_warn of\n"
      "                                                      its error budget (PERIOD: YYYY-MM, its zone)\n"
      "  uptime.breached:CUSTOMER:PERIOD                     the period's percent fell below its target\n"
      "  uptime.burn_rate:CUSTOMER:RULE:MINUTE               a rule of burn_alerts held: the budget burned\n"
      "                                                      at least `factor` times its even pace over\n"
      "                                                      both windows (one per episode, at its first\n"
      "                                                      minute)\n"
      "  notice.overdue:CUSTOMER:OUTAGE:KIND:N               a communications deadline passed unmet\n"
      "                                                      (KIND initial, update (gap N) or postmortem)\n"
      "  compliance.below_target:CUSTOMER:METRIC:PRIORITY:PERIOD\n"
      "                                                      a priority's rate this month fell below\n"
      "                                                      compliance_target (once a month)\n"
      "  job.late:CUSTOMER:JOB:RUN                           a scheduled job's run (RUN: its date) was not\n"
      "                                                      completed by its due time\n"
      "  objective.budget_warning:CUSTOMER:PERIOD:NAME       an objective used budget_warn of its budget\n"
      "  objective.breached:CUSTOMER:PERIOD:NAME             an objective fell below its target (a ratio:\n"
      "                                                      judged at the period's end)\n"
      "Uptime instants are exact to the ms, evaluating the ledger as of each instant. Sorted by instant,\n"
      "then id. `retracted` lists alerts recorded as delivered (alert.delivered events) that the ledger\n"
      "no longer supports, e.g. after a late outage.ended or notice.\n"
      "See docs/alerts.md.");
  auto* exporter = app.add_subcommand("export", "write the ledger back as NDJSON, every event as it was given");
  exporter->add_option("--since", o.since, "from this sequence number on (default 1: every event)");
  exporter->add_option("--output", o.output, "write to FILE, whole or not at all, instead of standard output");
  exporter->add_flag("--superseded", o.superseded,
                     "instead of the events, every correction made with --supersede: the event's content before "
                     "and after, when, from which file");
  exporter->footer(
      "Example: vow --config examples/portfolio/vow.toml export --output all-events.ndjson\n"
      "Events come in ingest order, each line exactly as it was stored; ingesting the export into\n"
      "an empty ledger gives the same ledger. Prints the count on standard error.");
  auto* backtest = app.add_subcommand(
      "backtest", "replay the at-risk forecast day by day over past months and score it against what happened");
  backtest->add_option("--from", o.from, "first month, YYYY-MM")->required();
  backtest->add_option("--to", o.to, "last month, YYYY-MM")->required();
  backtest->add_option("--customer", o.customers, "only this customer id (repeatable)");
  backtest->add_option("--tier", o.tier, "only contracts of this tier");
  backtest->add_option("--format", o.format, "md (default), json or csv");
  backtest->add_option("--output", o.output, "write to FILE instead of standard output");
  backtest->footer(
      "Example: vow --config examples/portfolio/vow.toml backtest --from 2026-10 --to 2026-12\n"
      "Per month: breaches, how many were flagged before their breach instant and how early (median days),\n"
      "breaches missed, and flags on targets the month met (false flags). See docs/reports.md.");

  auto* serve =
      app.add_subcommand("serve", "answer HTTP: POST events in, status, reports, credits, alerts and metrics out");
  serve->add_option("--listen", o.listen, "HOST:PORT to listen on instead of [serve] listen (port 0: any free one)");
  serve->footer(
      "Example, from the checkout (examples/serve/vow.toml reads its two tokens from the environment):\n"
      "  export VOW_READ_TOKEN=$(openssl rand -hex 32) VOW_INGEST_TOKEN=$(openssl rand -hex 32)\n"
      "  vow --config examples/serve/vow.toml serve --listen 127.0.0.1:8080\n"
      "then, in another terminal with the same two variables:\n"
      "  curl -H \"Authorization: Bearer $VOW_READ_TOKEN\" 'http://127.0.0.1:8080/v1/report?period=2026-10'\n"
      "  curl --data-binary @examples/portfolio/events.ndjson -H \"Authorization: Bearer $VOW_INGEST_TOKEN\" "
      "http://127.0.0.1:8080/v1/events\n"
      "Prints 'listening on http://HOST:PORT' when it listens, then one JSON log line per request on\n"
      "standard error. Endpoints: POST /v1/events (NDJSON, as vow ingest: stored whole or not at all),\n"
      "GET /v1/status, /v1/report?period=, /v1/credits?period=, /v1/alerts?since= (the JSON of the\n"
      "commands; as_of=, customer=, tier= as their options), /healthz and /metrics (no token),\n"
      "GET /c/TOKEN (one customer's own page, its token in the address: [[serve.customers]]).\n"
      "Tokens, scopes, pages and limits in [serve] of vow.toml. SIGTERM or Ctrl-C: the requests under way\n"
      "finish, then it exits 0. See docs/serve.md.");

  auto* tests = app.add_subcommand(
      "test", "run the contract tests: each folder's events, in memory, against what its checks.json expects");
  tests->add_option("folders", o.files, "test folders (default: every folder under tests/ in each rules folder)");
  tests->footer(
      "Example: vow --config examples/portfolio/vow.toml test\n"
      "A folder holds events.ndjson and checks.json, a list of { \"args\": [\"report\", \"--period\", \"2026-10\", "
      "...],\n"
      "\"expect\": {...} }: every expected key must be there and equal (numbers within 1e-6 relative; problems by\n"
      "event id). One line per failed expectation names the folder, the check and the field; exit 0 when all\n"
      "pass, 3 when one fails. The ledger is not read or written. See docs/contracts.md, \"Contract tests\".");
  auto* drill = app.add_subcommand(
      "drill", "play synthetic events on a copy of the ledger and deliver the alerts they raise, marked as a drill");
  drill->add_option("file", o.files, "an NDJSON file of events (\"-\": standard input)")->required();
  drill->add_option("--as-of", o.as_of,
                    "evaluate as of this instant (default: the latest \"at\" of the file's events)");
  drill->add_option("--format", o.format, "md (default) or json");
  drill->add_option("--output", o.output, "write to FILE instead of standard output");
  drill->footer(
      "Example: vow --config examples/serve/vow.toml drill examples/serve/drill.ndjson --as-of 2026-10-20T11:00:00Z\n"
      "The ledger is copied first and never touched. Each alert the events raise goes through the real\n"
      "[[serve.routes]] and sink plugins, with \"drill\": true, and the table says which sink took it and how\n"
      "long it took (the sink's part, and from storing the events). Exit 0 when every sink took its alerts,\n"
      "78 when one did not. See docs/serve.md, \"Drills\".");

  auto* import_slo = app.add_subcommand(
      "import-slo", "turn OpenSLO and Sloth SLO files into Lua objectives (or uptime terms) for a contract");
  import_slo->add_option("files", o.files, "OpenSLO or Sloth YAML files (SLIs may be referenced across them)")
      ->required();
  import_slo->add_flag("--as-uptime", o.as_uptime, "write uptime terms (uptime = { ... }) instead of objectives");
  import_slo->add_option("--output", o.output, "write the Lua to FILE, whole, instead of standard output");
  import_slo->footer(
      "Example: vow import-slo examples/slo/checkout.yaml\n"
      "Writes one tier per period and time zone; a contract takes it with tier = \"NAME\". Every document\n"
      "that cannot be said the same way is refused naming the file, line, document and field, and then\n"
      "nothing is written (exit 65). Services, data sources and alert policies are skipped with a note.\n"
      "No config or ledger is read. See docs/contracts.md, \"Importing OpenSLO and Sloth files\".");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(Exit::Usage);
  }
  try {
    // An empty name (an unset variable, say) is not standard output.
    for (auto* cmd : {report, credits, draft, status, alerts, backtest, exporter, drill, import_slo})
      if (*cmd && cmd->get_option("--output")->count() && o.output.empty())
        throw Error(Exit::Usage, "--output '': name a file (leave --output out to write to standard output)");
    if (*credits && o.apply && (credits->get_option("--output")->count() || credits->get_option("--format")->count()))
      throw Error(Exit::Usage,
                  "--apply prints what it delivered to standard output and takes neither --output nor --format "
                  "(redirect its output to keep it)");
    if (*check) return cli::check(o);
    if (*import_slo) return cli::import_slo(o);
    if (*tests) return cli::test(o);
    if (*serve) return cli::serve(o);
    if (*exporter) return cli::export_ledger(o);
    if (*ingest) return cli::ingest(o);
    if (*import) return cli::import(o);
    if (*pull) return cli::pull(o);
    if (*report) return cli::report(o);
    if (*draft) {
      if (o.format == "json" && !draft->get_option("--format")->count()) o.format = "md";
      return cli::draft(o);
    }
    if (*credits && o.apply) return cli::apply_credits(o);
    if (*credits) return cli::credits(o);
    if (*status) return cli::status(o);
    if (*alerts) return cli::alerts(o);
    if (*drill) {
      if (!drill->get_option("--format")->count()) o.format = "md";
      return cli::drill(o);
    }
    if (*backtest) {
      if (!backtest->get_option("--format")->count()) o.format = "md";
      return cli::backtest(o);
    }
  } catch (const ContractsError& e) {
    // Each problem on its own line, FILE:LINE: message, as vow check shows them.
    for (const auto& d : e.diagnostics()) std::cerr << d.str() << "\n";
    return static_cast<int>(e.code());
  } catch (const Error& e) {
    std::cerr << "vow: " << cli::words(e) << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "vow: internal error: " << e.what() << "\n";
    return static_cast<int>(Exit::Internal);
  }
  return static_cast<int>(Exit::Usage);
}
