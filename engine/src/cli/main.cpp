// The `vow` command (spec/cli.md).
#include <toml++/toml.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/apply.hpp"
#include "cli/config.hpp"
#include "cli/draft_text.hpp"
#include "cli/export.hpp"
#include "cli/ledger_check.hpp"
#include "cli/output_file.hpp"
#include "cli/setup.hpp"
#include "events/decode.hpp"
#include "events/lines.hpp"
#include "ledger/ledger.hpp"
#include "plugins/child.hpp"
#include "plugins/host.hpp"
#include "vow/engine.hpp"
#include "vow/error.hpp"
#include "vow/render.hpp"

namespace fs = std::filesystem;
using namespace vow;

namespace {

struct Options {
  std::string config;
  // ingest
  std::vector<std::string> files;
  bool skip_invalid = false;
  std::string reject_file;
  // report, credits, status
  std::string period, as_of, tier, format = "json", output;
  std::vector<std::string> customers;
  // import
  std::string plugin;
  bool dry_run = false;
  // credits
  bool apply = false;
  // report
  std::string audience = "internal";
  // draft
  std::string kind, outage, ticket, incident;
  // backtest
  std::string from, to;
  // export
  std::int64_t since = 1;
};

cli::Config config_of(const Options& o) {
  std::string path = o.config;
  if (path.empty()) {
    const char* env = std::getenv("VOW_CONFIG");
    path = env && *env ? env : "vow.toml";
  }
  if (!fs::exists(path))
    throw Error(Exit::BadConfig, path + ": no config file here (give --config FILE or set VOW_CONFIG)");
  return cli::load_config(path);
}

std::string read_input(const std::string& file) {
  if (file == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (!in || ec) throw Error(Exit::BadData, file + ": cannot read this file");
  std::string data(size, '\0');  // one read, no intermediate copies
  in.read(data.data(), static_cast<std::streamsize>(size));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

int cmd_check(const Options& o) {
  auto cfg = config_of(o);
  Engine engine;
  bool ok = cli::load_rules(engine, cfg);
  for (const auto& p : cfg.plugins) {
    try {
      cli::instance_of(p);
    } catch (const Error& e) {
      std::cerr << cfg.file.string() << ": " << e.what() << "\n";
      ok = false;
    }
  }
  for (const auto& line : engine.log_lines()) std::cerr << "log: " << line << "\n";
  ok = cli::check_ledger(cfg.store) && ok;
  if (!ok) return static_cast<int>(Exit::BadConfig);
  std::cout << "ok: " << engine.contract_ids().size() << " contracts, " << cfg.plugins.size() << " plugins\n";
  return 0;
}

// The reject file of --skip-invalid: a source's rejections are appended
// whole before its good lines are committed, so none is lost.
struct Rejects {
  std::string path;

  void write(const std::vector<Rejection>& rs) const {
    if (rs.empty()) return;
    std::string text;
    for (const auto& r : rs) {
      nlohmann::json line{{"source", r.source}, {"line", r.line}, {"reason", r.reason}, {"text", r.text}};
      text += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    cli::append_whole(path, text, "the reject file " + path);
  }
};

// Stores one source's NDJSON as `vow ingest` does and says so; returns the exit code.
int store(Ledger& ledger, const std::string& name, std::string_view data, const Options& o, Rejects& rejects) {
  IngestOptions opts{o.skip_invalid, {}, 500'000, [&rejects](const auto& rs) { rejects.write(rs); }};
  if (::isatty(STDERR_FILENO))
    opts.progress = [&name](size_t lines) {
      std::cerr << "\r" << name << ": " << lines << " lines read" << std::flush;
    };
  auto res = ledger.ingest(name, data, opts);
  if (opts.progress && res.fresh + res.duplicate + res.rejected.size() >= opts.progress_every) std::cerr << "\r\033[K";
  for (const auto& r : res.rejected) std::cerr << r.source << ":" << r.line << ": " << r.reason << "\n";
  if (res.unchecked > 0)
    std::cerr << name << ": " << res.unchecked << " more lines not checked after " << res.rejected.size()
              << " bad ones (is this NDJSON, one event per line?)\n";
  if (!res.stored) {
    std::cerr << name << ": refused whole (" << res.rejected.size() << (res.unchecked ? "+" : "")
              << " bad lines; nothing from it was stored"
              << (res.unchecked && o.skip_invalid ? ")\n" : "; --skip-invalid stores the good ones)\n");
    return static_cast<int>(Exit::BadData);
  }
  if (!res.rejected.empty()) {
    std::cerr << name << ": " << res.rejected.size() << " lines rejected, written to " << rejects.path << "\n";
  }
  std::cout << name << ": " << res.fresh << " new, " << res.duplicate << " duplicate\n";
  return 0;
}

int cmd_ingest(const Options& o) {
  auto cfg = config_of(o);
  Ledger ledger(cfg.store.string());
  std::vector<std::string> files = o.files.empty() ? std::vector<std::string>{"-"} : o.files;
  int code = 0;
  Rejects rejects{o.reject_file.empty() ? "vow-rejected.ndjson" : o.reject_file};
  for (const auto& file : files) {
    std::string name = file == "-" ? "<stdin>" : file;
    try {
      if (int rc = store(ledger, name, read_input(file), o, rejects)) code = rc;
    } catch (const Error& e) {
      if (e.code() != Exit::BadData) throw;
      std::cerr << e.what() << "\n";
      code = static_cast<int>(Exit::BadData);
    }
  }
  return code;
}

const cli::PluginConfig& plugin_named(const cli::Config& cfg, const std::string& name) {
  std::string known;
  for (const auto& p : cfg.plugins) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw Error(Exit::Usage,
              "no plugin named " + name + " in " + cfg.file.string() +
                  (known.empty() ? " (it configures none: add a [[plugins]] table)" : " (configured: " + known + ")"));
}

// Everything a source has to give, as one NDJSON text.
std::string drain(PluginProcess& p) {
  std::string out;
  while (p.next_batch(out)) {
    if (!out.empty() && out.back() != '\n') out += '\n';
  }
  return out;
}

// --dry-run: the plugin's output, validated, on standard output.
int print_validated(const std::string& name, const std::string& ndjson) {
  EventDecoder decoder;
  Event ev;
  std::string reason;
  int code = 0;
  for_each_line(ndjson, [&](size_t line_no, std::string_view line) {
    if (decoder.decode(line, ev, reason)) {
      std::cout << line << "\n";
    } else {
      std::cerr << name << ":" << line_no << ": " << reason << "\n";
      code = static_cast<int>(Exit::BadData);
    }
  });
  return code;
}

int cmd_import(const Options& o) {
  auto cfg = config_of(o);
  auto plugin = cli::instance_of(plugin_named(cfg, o.plugin));
  if (!plugin->is_source()) throw Error(Exit::Usage, plugin->where() + ": is not a SOURCE; it cannot import");
  if (o.files.empty()) throw Error(Exit::Usage, "vow import " + o.plugin + ": name the exported files to read");
  for (const auto& file : o.files) plugin->feed(file, read_input(file));
  std::string ndjson = drain(*plugin);
  std::string name = "plugin " + o.plugin;
  if (o.dry_run) return print_validated(name, ndjson);
  Ledger ledger(cfg.store.string());
  Rejects rejects{o.reject_file.empty() ? "vow-rejected.ndjson" : o.reject_file};
  return store(ledger, name, ndjson, o, rejects);
}

int cmd_pull(const Options& o) {
  auto cfg = config_of(o);
  Ledger ledger(cfg.store.string());
  Rejects rejects{o.reject_file.empty() ? "vow-rejected.ndjson" : o.reject_file};
  int code = 0, sources = 0;
  for (const auto& p : cfg.plugins) {
    try {
      auto plugin = cli::instance_of(p);
      if (!plugin->is_source()) continue;
      ++sources;
      if (int rc = store(ledger, "plugin " + p.name, drain(*plugin), o, rejects)) code = rc;
    } catch (const Error& e) {
      std::cerr << e.what() << "\n";
      code = static_cast<int>(e.code());
    }
  }
  if (sources == 0 && code == 0) std::cerr << cfg.file.string() << ": no source plugins configured; nothing to pull\n";
  return code;
}

Query query_of(const Options& o) {
  Query q;
  q.period = o.period;
  q.customers = o.customers;
  q.tier = o.tier;
  if (o.as_of.empty()) {
    q.as_of = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                  .count();
  } else {
    auto t = parse_instant(o.as_of);
    if (!t)
      throw Error(Exit::Usage, "--as-of " + o.as_of + ": expected an RFC 3339 timestamp such as 2026-11-02T00:00:00Z");
    q.as_of = *t;
  }
  return q;
}

void emit(const Options& o, const std::string& text) {
  if (o.output.empty()) {
    std::cout << text;
    return;
  }
  cli::write_whole(o.output, text, "--output " + o.output);
}

template <typename R>
std::string render(const Options& o, const R& r) {
  if (o.format == "json") return to_json(r);
  if (o.format == "md") return to_markdown(r);
  if (o.format == "csv") return to_csv(r);
  throw Error(Exit::Usage, "--format " + o.format + ": expected json, md or csv");
}

const char* const kDraftKinds[] = {"initial",         "update",     "resolved", "report-to-follow",
                                   "internal-status", "postmortem", "breach",   "credit-offer"};

int cmd_draft(const Options& o) {
  if (std::find(std::begin(kDraftKinds), std::end(kDraftKinds), o.kind) == std::end(kDraftKinds)) {
    std::string kinds;
    for (const char* k : kDraftKinds) kinds += (kinds.empty() ? "" : ", ") + std::string(k);
    throw Error(Exit::Usage, "vow draft " + o.kind + ": the kinds are " + kinds);
  }
  if (o.format != "md" && o.format != "text" && o.format != "json")
    throw Error(Exit::Usage, "--format " + o.format + ": expected md (default), text or json (the facts)");
  auto cfg = config_of(o);
  Engine engine;
  if (!cli::load_rules(engine, cfg)) return static_cast<int>(Exit::BadConfig);
  cli::load_events(engine, cfg.store);
  DraftRequest d;
  d.kind = o.kind;
  d.outage = o.outage;
  d.ticket = o.ticket;
  d.period = o.period;
  d.customer = o.customers.empty() ? "" : o.customers.front();
  d.as_of = query_of(o).as_of;
  if (!o.incident.empty()) {
    std::string text = read_input(o.incident);
    if (fs::path(o.incident).extension() == ".toml") {
      try {
        std::ostringstream js;
        js << toml::json_formatter{toml::parse(text, o.incident)};
        text = js.str();
      } catch (const toml::parse_error& e) {
        throw Error(Exit::BadData, o.incident + ":" + std::to_string(e.source().begin.line) + ":" +
                                       std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
      }
    }
    d.incident_json = text;
  }
  bool needs_outage = o.kind != "breach" && o.kind != "credit-offer";
  if (needs_outage && o.outage.empty()) throw Error(Exit::Usage, "vow draft " + o.kind + ": name the --outage");
  if (o.kind == "breach" && o.ticket.empty()) throw Error(Exit::Usage, "vow draft breach: name the --ticket");
  bool to_customer = o.kind != "internal-status";
  if (to_customer && d.customer.empty() && o.kind != "breach")
    throw Error(Exit::Usage, "vow draft " + o.kind + ": name the --customer it is for");
  DraftFacts facts = engine.draft_facts(d);
  if (o.format == "json") {
    emit(o, to_json(facts));
    return 0;
  }
  if (facts.does_not_apply)
    throw Error(Exit::DoesNotApply, "vow draft " + o.kind + ": " + *facts.does_not_apply + "; no draft written");
  std::string customer = d.customer.empty() && facts.customer ? facts.customer->id : d.customer;
  emit(o, cli::render_draft(cfg, o.kind, customer, customer.empty() ? "" : engine.tier_of(customer), facts,
                            o.format == "text"));
  return 0;
}

template <typename Fn>
int evaluate(const Options& o, Fn&& run) {
  auto cfg = config_of(o);
  Engine engine;
  if (!cli::load_rules(engine, cfg)) return static_cast<int>(Exit::BadConfig);
  Query q = query_of(o);
  cli::load_events(engine, cfg.store);
  auto result = run(engine, q);
  if constexpr (std::is_same_v<decltype(result), Report>) {
    if (o.format == "html") {
      emit(o, to_html(result));
      for (const auto& e : result.errors) std::cerr << e.str() << "\n";
      return result.errors.empty() ? 0 : static_cast<int>(Exit::BadConfig);
    }
  }
  if (o.format == "html") throw Error(Exit::Usage, "--format html is for vow report; use json, md or csv here");
  emit(o, render(o, result));
  for (const auto& line : engine.log_lines()) std::cerr << "log: " << line << "\n";
  for (const auto& e : result.errors) std::cerr << e.str() << "\n";
  return result.errors.empty() ? 0 : static_cast<int>(Exit::BadConfig);
}

int cmd_backtest(const Options& o) {
  auto cfg = config_of(o);
  Engine engine;
  if (!cli::load_rules(engine, cfg)) return static_cast<int>(Exit::BadConfig);
  cli::load_events(engine, cfg.store);
  BacktestQuery q{o.from, o.to, o.customers, o.tier, {}};
  bool tty = ::isatty(STDERR_FILENO);
  if (tty)
    q.progress = [](int day, int days) { std::cerr << "\rbacktest: day " << day << " of " << days << std::flush; };
  BacktestReport r = engine.backtest(q);
  if (tty) std::cerr << "\r\033[K";
  emit(o, render(o, r));
  for (const auto& e : r.errors) std::cerr << e.str() << "\n";
  return r.errors.empty() ? 0 : static_cast<int>(Exit::BadConfig);
}

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
  ingest->add_option("--reject", o.reject_file, "reject file for --skip-invalid (default: vow-rejected.ndjson)");
  ingest->footer(
      "Example: vow --config examples/portfolio/vow.toml ingest examples/portfolio/events.ndjson\n"
      "(scripts/setup makes that file and stores it: a second ingest finds every event a duplicate.)\n"
      "Prints 'FILE: N new, N duplicate'; invalid lines as FILE:LINE: reason (exit 65).");
  auto* import = app.add_subcommand("import", "run a source plugin over exported files and ingest what it makes");
  import->add_option("plugin", o.plugin, "the plugin's name in [[plugins]]")->required();
  import->add_option("files", o.files, "exported files (webhook payloads, API dumps)");
  import->add_flag("--dry-run", o.dry_run, "print the normalized NDJSON instead of storing it");
  import->add_flag("--skip-invalid", o.skip_invalid, "store the valid events and write the others to the reject file");
  import->add_option("--reject", o.reject_file, "reject file for --skip-invalid (default: vow-rejected.ndjson)");
  import->footer(
      "Example: vow --config examples/github/vow.toml import statuspage examples/github/incidents/*.json --dry-run");
  auto* pull = app.add_subcommand("pull", "run every configured source plugin once and ingest what they make");
  pull->add_flag("--skip-invalid", o.skip_invalid, "store the valid events and write the others to the reject file");
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
  auto* credits = app.add_subcommand("credits", "credits owed for a month, with each formula's inputs and note");
  add_query_options(credits, o, "month YYYY-MM (credits are monthly)", "json (default), md or csv");
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
  auto* exporter = app.add_subcommand("export", "write the ledger back as NDJSON, every event as it was given");
  exporter->add_option("--since", o.since, "from this sequence number on (default 1: every event)");
  exporter->add_option("--output", o.output, "write to FILE, whole or not at all, instead of standard output");
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(Exit::Usage);
  }
  try {
    // An empty name (an unset variable, say) is not standard output.
    for (auto* cmd : {report, credits, draft, status, backtest, exporter})
      if (*cmd && cmd->get_option("--output")->count() && o.output.empty())
        throw Error(Exit::Usage, "--output '': name a file (leave --output out to write to standard output)");
    if (*credits && o.apply && (credits->get_option("--output")->count() || credits->get_option("--format")->count()))
      throw Error(Exit::Usage,
                  "--apply prints what it delivered to standard output and takes neither --output nor --format "
                  "(redirect its output to keep it)");
    if (*check) return cmd_check(o);
    if (*exporter) return cli::export_ledger(config_of(o).store, o.since, o.output);
    if (*ingest) return cmd_ingest(o);
    if (*import) return cmd_import(o);
    if (*pull) return cmd_pull(o);
    if (*report) {
      if (o.audience != "internal" && o.audience != "customer")
        throw Error(Exit::Usage, "--audience " + o.audience + ": expected internal or customer");
      return evaluate(o, [&o](Engine& e, Query q) {
        q.customer_audience = o.audience == "customer";
        return e.report(q);
      });
    }
    if (*draft) {
      if (o.format == "json" && !draft->get_option("--format")->count()) o.format = "md";
      return cmd_draft(o);
    }
    if (*credits && o.apply) return cli::apply_credits(config_of(o), query_of(o));
    if (*credits) return evaluate(o, [](Engine& e, const Query& q) { return e.credits(q); });
    if (*status) return evaluate(o, [](Engine& e, const Query& q) { return e.status(q); });
    if (*backtest) {
      if (!backtest->get_option("--format")->count()) o.format = "md";
      return cmd_backtest(o);
    }
  } catch (const Error& e) {
    std::cerr << "vow: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "vow: internal error: " << e.what() << "\n";
    return static_cast<int>(Exit::Internal);
  }
  return static_cast<int>(Exit::Usage);
}
