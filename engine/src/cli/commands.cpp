#include "cli/commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "serve/server.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"
#include "workspace/files.hpp"
#include "workspace/listen.hpp"

namespace fs = std::filesystem;

namespace vow::cli {

WorkspaceOptions plugin_options() {
  WorkspaceOptions options;
  options.plugin_host = "/proc/self/exe";  // this very vow, for its plugin-host subcommand
  return options;
}

std::string config_path(const Options& o) {
  std::string path = o.config;
  if (path.empty()) {
    const char* env = std::getenv("VOW_CONFIG");
    path = env && *env ? env : "vow.toml";
  }
  if (!fs::exists(path))
    throw Error(Exit::BadConfig, path + ": no config file here (give --config FILE or set VOW_CONFIG)");
  return path;
}

Workspace workspace_of(const Options& o) {
  return Workspace(load_config(config_path(o)), plugin_options());
}

namespace {

Instant as_of(const Options& o) {
  if (o.as_of.empty()) return now_instant();
  auto t = parse_instant(o.as_of);
  if (!t)
    throw Error(Exit::Usage, "--as-of " + o.as_of + ": expected an RFC 3339 timestamp such as 2026-11-02T00:00:00Z");
  return *t;
}

Query query_of(const Options& o) {
  Query q;
  q.period = o.period;
  q.customers = o.customers;
  q.tier = o.tier;
  q.as_of = as_of(o);
  return q;
}

void emit(const Options& o, const std::string& text) {
  if (o.output.empty()) {
    std::cout << text;
    return;
  }
  write_whole(o.output, text, "--output " + o.output);
}

template <typename R>
std::string render(const Options& o, const R& r) {
  if (o.format == "json") return to_json(r);
  if (o.format == "md") return to_markdown(r);
  if (o.format == "csv") return to_csv(r);
  throw Error(Exit::Usage, "--format " + o.format + ": expected json, md or csv");
}

int exit_code(const std::vector<Diagnostic>& errors) {
  return errors.empty() ? 0 : static_cast<int>(Exit::BadConfig);
}

void print(const std::vector<Diagnostic>& errors) {
  for (const auto& e : errors) std::cerr << e.str() << "\n";
}

void print_log(const Workspace& ws) {
  for (const auto& line : ws.log_lines()) std::cerr << "log: " << line << "\n";
}

// A report, credits or status: rendered, then what the contracts logged and
// the accounts that could not be evaluated.
template <typename R>
int show(const Options& o, const Workspace& ws, const R& result) {
  if (o.format == "html") throw Error(Exit::Usage, "--format html is for vow report; use json, md or csv here");
  emit(o, render(o, result));
  print_log(ws);
  print(result.errors);
  return exit_code(result.errors);
}

IngestSettings settings_of(const Options& o) {
  IngestSettings s;
  s.skip_invalid = o.skip_invalid;
  s.supersede = o.supersede;
  s.strict = o.strict;
  s.reject_file = o.reject_file.empty() ? "vow-rejected.ndjson" : o.reject_file;
  if (::isatty(STDERR_FILENO))
    s.progress = [](const std::string& source, size_t lines) {
      std::cerr << "\r" << source << ": " << lines << " lines read" << std::flush;
    };
  return s;
}

// A problem of an input line (docs/adr/0026): where, what, and the text at
// fault on a line of its own.
void print_problem(const Diagnostic& d) {
  std::cerr << d.str() << "\n";
  if (!d.excerpt.empty()) std::cerr << "    | " << d.excerpt << "\n";
}

// What one source's storing came to; returns the exit code.
int said_stored(const IngestOutcome& res, const Options& o, const IngestSettings& s) {
  const std::string& name = res.source;
  if (s.progress && res.fresh + res.duplicate + res.rejected.size() >= s.progress_every) std::cerr << "\r\033[K";
  for (const auto& w : res.warnings) print_problem(w);
  if (res.more_warnings > 0) std::cerr << name << ": " << res.more_warnings << " more warnings\n";
  for (const auto& r : res.rejected) {
    if (r.problems.empty()) std::cerr << r.source << ":" << r.line << ": " << r.reason << "\n";
    for (const auto& d : r.problems) print_problem(d);
  }
  if (res.unchecked > 0)
    std::cerr << name << ": " << res.unchecked << " more lines not checked after " << res.rejected.size()
              << " bad ones (is this NDJSON, one event per line?)\n";
  bool conflicts =
      std::any_of(res.rejected.begin(), res.rejected.end(), [](const RejectedLine& r) { return r.conflict; });
  if (conflicts && !o.supersede)
    std::cerr << name << ": to replace stored events with these lines, keeping the old ones as superseded: "
              << "run it again with --supersede (docs/events.md)\n";
  if (!res.stored) {
    std::cerr << name << ": refused whole (" << res.rejected.size() << (res.unchecked ? "+" : "")
              << (res.rejected.size() == 1 && !res.unchecked ? " bad line" : " bad lines")
              << "; nothing from it was stored"
              << (res.unchecked && o.skip_invalid ? ")\n" : "; --skip-invalid stores the good ones)\n");
    return static_cast<int>(Exit::BadData);
  }
  if (!res.rejected.empty())
    std::cerr << name << ": " << res.rejected.size() << " lines rejected, written to " << s.reject_file.string()
              << "\n";
  std::cout << name << ": " << res.fresh << " new, " << res.duplicate << " duplicate";
  if (o.supersede) std::cout << ", " << res.superseded << " superseded";
  std::cout << "\n";
  return 0;
}

// A source plugin's output: with --dry-run printed and validated, else stored.
int stored_or_shown(Workspace& ws, const SourceOutput& out, const Options& o) {
  if (o.dry_run) {
    // The plugin's output, validated, on standard output.
    int code = 0;
    for (const auto& line : Workspace::validate(out.ndjson, o.strict || out.strict)) {
      for (auto d : line.problems) {
        d.file = out.source;
        print_problem(out.at_input(std::move(d)));
      }
      if (line.valid)
        std::cout << line.text << "\n";
      else
        code = static_cast<int>(Exit::BadData);
    }
    return code;
  }
  IngestSettings s = settings_of(o);
  return said_stored(ws.ingest(out, s), o, s);
}

}  // namespace

std::string words(const Error& e) {
  return e.worded([](const std::string& field) -> std::string {
    if (field == "draft" || field == "import") return "vow " + field;
    if (field == "apply_credits") return "vow credits --apply";
    if (field == "ingest") return "`vow ingest`";
    if (field == "ingest_file") return "`vow ingest FILE`";
    std::string flag = "--" + field;
    for (char& c : flag)
      if (c == '_') c = '-';
    return flag;
  });
}

int check(const Options& o) {
  auto ws = workspace_of(o);
  CheckResult r = ws.check();
  print(r.contract_problems);
  for (size_t i = 0; i < r.plugin_problems.size(); ++i) {
    // At the line of the plugin's [[plugins]] table when the config file has one.
    int line = i < r.plugin_diagnostics.size() ? r.plugin_diagnostics[i].line : 0;
    std::cerr << ws.config().file.string() << (line > 0 ? ":" + std::to_string(line) : "") << ": "
              << words(r.plugin_problems[i]) << "\n";
  }
  for (const auto& line : r.log_lines) std::cerr << "log: " << line << "\n";
  const std::string store = ws.config().store.string();
  if (!r.ledger.exists) {
    std::cout << store << ": no ledger yet (vow ingest creates it)\n";
  } else {
    for (size_t i = 0; i < r.ledger.problems.size(); ++i)
      std::cerr << (r.ledger.error && i + 1 == r.ledger.problems.size() ? words(*r.ledger.error) : r.ledger.problems[i])
                << "\n";
    if (r.ledger.problems.empty())
      std::cout << store << ": " << r.ledger.events << " events, "
                << (r.ledger.superseded ? std::to_string(r.ledger.superseded) + " of them superseded, " : "")
                << (r.ledger.version >= 2 ? "every checksum verified"
                                          : "schema version 1: no checksums yet (the next vow ingest adds them)")
                << "\n";
  }
  if (!r.ok()) return static_cast<int>(Exit::BadConfig);
  std::cout << "ok: " << r.contracts << " contracts, " << r.plugins << " plugins\n";
  return 0;
}

int ingest(const Options& o) {
  auto ws = workspace_of(o);
  ws.open_ledger();
  std::vector<std::string> files = o.files.empty() ? std::vector<std::string>{"-"} : o.files;
  IngestSettings s = settings_of(o);
  int code = 0;
  for (const auto& file : files) {
    std::string name = file == "-" ? "<stdin>" : file;
    try {
      if (int rc = said_stored(ws.ingest(name, read_input(file), s), o, s)) code = rc;
    } catch (const Error& e) {
      if (e.code() != Exit::BadData) throw;
      std::cerr << words(e) << "\n";
      code = static_cast<int>(Exit::BadData);
    }
  }
  return code;
}

int import(const Options& o) {
  auto ws = workspace_of(o);
  if (!o.webhook) return stored_or_shown(ws, ws.import(o.plugin, o.files), o);
  if (o.files.empty()) throw Error(Exit::Usage, "import --webhook " + o.plugin + ": name the webhook bodies to replay");
  WebhookRequest request;
  for (const auto& h : o.headers) {
    auto colon = h.find(':');
    if (colon == std::string::npos || colon == 0)
      throw Error(Exit::Usage, "--header " + h + ": expected \"Name: value\"");
    std::string value = h.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    request.headers[h.substr(0, colon)] = value;
  }
  // Each body is one request, stored on its own, as the server stores each.
  int code = 0;
  for (const auto& file : o.files) {
    request.body = read_input(file);
    request.received = now_instant();
    if (int rc = stored_or_shown(ws, ws.hook(o.plugin, request), o)) code = rc;
  }
  return code;
}

int pull(const Options& o) {
  auto ws = workspace_of(o);
  IngestSettings s = settings_of(o);
  int code = 0;
  int sources = ws.pull(s, [&](const PullStep& step) {
    if (step.error) {
      std::cerr << words(*step.error) << "\n";
      code = static_cast<int>(step.error->code());
    } else if (int rc = said_stored(*step.outcome, o, s)) {
      code = rc;
    }
  });
  if (sources == 0 && code == 0)
    std::cerr << ws.config().file.string() << ": no source plugins configured; nothing to pull\n";
  return code;
}

int report(const Options& o) {
  if (o.audience != "internal" && o.audience != "customer")
    throw Error(Exit::Usage, "--audience " + o.audience + ": expected internal or customer");
  auto ws = workspace_of(o);
  ws.load_contracts();
  Query q = query_of(o);
  q.customer_audience = o.audience == "customer";
  Report r = ws.report(q);
  if (o.format != "html") return show(o, ws, r);
  emit(o, to_html(r));
  print(r.errors);
  return exit_code(r.errors);
}

int credits(const Options& o) {
  auto ws = workspace_of(o);
  ws.load_contracts();
  Query q = query_of(o);
  return show(o, ws, ws.credits(q));
}

int status(const Options& o) {
  auto ws = workspace_of(o);
  ws.load_contracts();
  Query q = query_of(o);
  return show(o, ws, ws.status(q));
}

int alerts(const Options& o) {
  std::optional<Instant> since;
  if (!o.alerts_since.empty()) {
    since = parse_instant(o.alerts_since);
    if (!since)
      throw Error(Exit::Usage,
                  "--since " + o.alerts_since + ": expected an RFC 3339 timestamp such as 2026-11-02T00:00:00Z");
  }
  auto ws = workspace_of(o);
  ws.load_contracts();
  Query q = query_of(o);
  return show(o, ws, ws.alerts(q, since));
}

int apply_credits(const Options& o) {
  auto ws = workspace_of(o);
  Query q = query_of(o);
  int code = 0;
  ApplyCallbacks calls;
  calls.waiting = [&ws] {
    std::cerr << "waiting for another vow credits --apply on " << ws.config().store.string() << " to finish\n";
  };
  calls.figured = [&code](const CreditsReport& r) {
    print(r.errors);
    code = exit_code(r.errors);
  };
  calls.delivered = [&code](const Delivery& d) {
    std::string credit = d.customer + " " + d.period + ": " + d.amount + " " + d.currency;
    switch (d.outcome) {
      case Delivery::Outcome::NotRecordable:
        std::cerr << "credit of " << d.customer << " for " << d.period << " cannot be recorded (" << d.why
                  << "); not delivered to " << d.sink << "\n";
        code = static_cast<int>(Exit::BadData);
        return;
      case Delivery::Outcome::SinkFailed:
        std::cerr << d.why << " (credit of " << d.customer << " for " << d.period
                  << " not applied; the next --apply retries it)\n";
        code = static_cast<int>(Exit::BadConfig);
        return;
      case Delivery::Outcome::Applied:
      case Delivery::Outcome::RecordFailed:
        break;
    }
    if (d.mended)
      std::cerr << "plugin " << d.sink << ": its reference for " << d.customer << " " << d.period
                << " was not short UTF-8 text; recorded as \"" << *d.mended << "\"\n";
    if (d.outcome == Delivery::Outcome::RecordFailed) {
      std::cerr << credit << " WAS delivered to " << d.sink << " (" << d.reference
                << ") but could not be recorded: " << d.why << "\n"
                << "stopped: nothing more was delivered; the next --apply records it without a second delivery\n";
      return;
    }
    std::cout << credit << " applied by " << d.sink << " (" << d.reference << ")\n";
  };
  ApplyResult r = ws.apply_credits(q, calls);
  if (r.stopped) return static_cast<int>(Exit::BadConfig);
  std::cout << r.applied << " delivered, " << r.already << " already applied, " << r.skipped
            << " not applicable (provisional or nothing owed), " << r.failed << " failed\n";
  return code;
}

int draft(const Options& o) {
  check_draft_kind(o.kind);
  if (o.format != "md" && o.format != "text" && o.format != "json")
    throw Error(Exit::Usage, "--format " + o.format + ": expected md (default), text or json (the facts)");
  auto ws = workspace_of(o);
  // The ledger is read before --as-of is looked at, as it always was.
  ws.load_contracts();
  ws.load_events();
  DraftOrder d;
  d.kind = o.kind;
  d.outage = o.outage;
  d.ticket = o.ticket;
  d.period = o.period;
  d.customer = o.customers.empty() ? "" : o.customers.front();
  d.as_of = as_of(o);
  d.incident = o.incident;
  d.format = o.format == "json" ? DraftFormat::Facts : o.format == "text" ? DraftFormat::Text : DraftFormat::Markdown;
  Draft out = ws.draft(d);
  emit(o, d.format == DraftFormat::Facts ? to_json(out.facts) : out.text);
  return 0;
}

int backtest(const Options& o) {
  auto ws = workspace_of(o);
  BacktestQuery q{o.from, o.to, o.customers, o.tier, {}};
  bool tty = ::isatty(STDERR_FILENO);
  if (tty)
    q.progress = [](int day, int days) { std::cerr << "\rbacktest: day " << day << " of " << days << std::flush; };
  BacktestReport r = ws.backtest(q);
  if (tty) std::cerr << "\r\033[K";
  emit(o, render(o, r));
  print(r.errors);
  return exit_code(r.errors);
}

namespace {

// One JSON object per correction; the lines as the objects they are.
int export_superseded(Workspace& ws, const Options& o) {
  std::string text;
  std::size_t n = ws.superseded_events([&](const Supersession& s) {
    nlohmann::ordered_json line{{"id", s.id},
                                {"seq", s.seq},
                                {"revision", s.revision},
                                {"at", s.at},
                                {"source", s.source},
                                {"was", nlohmann::ordered_json::parse(s.was, nullptr, false)},
                                {"now", nlohmann::ordered_json::parse(s.now, nullptr, false)}};
    text += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  });
  if (o.output.empty())
    std::cout << text << std::flush;
  else
    write_whole(o.output, text, "--output " + o.output);
  std::cerr << ws.config().store.string() << ": " << n << " correction" << (n == 1 ? "" : "s") << " exported\n";
  return 0;
}

}  // namespace

int export_ledger(const Options& o) {
  auto ws = workspace_of(o);
  if (o.superseded) return export_superseded(ws, o);
  ExportSummary n;
  if (o.output.empty()) {
    // Standard output is streamed: a ledger larger than memory still exports.
    n = ws.export_events(o.since, [](std::string_view line) {
      std::cout.write(line.data(), static_cast<std::streamsize>(line.size())) << '\n';
    });
    std::cout.flush();
    if (!std::cout) throw Error(Exit::Usage, "standard output: the export could not be written whole");
  } else {
    std::string text;
    n = ws.export_events(o.since, [&text](std::string_view line) { text.append(line).push_back('\n'); });
    write_whole(o.output, text, "--output " + o.output);
  }
  std::cerr << ws.config().store.string() << ": " << n.events << " event" << (n.events == 1 ? "" : "s") << " exported";
  if (n.events > 0) std::cerr << " (sequence " << n.first << " to " << n.last << ")";
  std::cerr << "\n";
  return 0;
}

int serve(const Options& o) {
  auto ws = workspace_of(o);
  std::string host = ws.config().serve.host;
  int port = ws.config().serve.port;
  if (!o.listen.empty()) {
    auto at = parse_listen(o.listen);
    if (!at) throw Error(Exit::Usage, "--listen " + o.listen + ": " + kListenForm);
    std::tie(host, port) = *at;
  }
  // Everything is read before the first request: a problem stops it here.
  ws.load_contracts();
  ws.open_ledger();
  ws.load_events();
  return vow::serve::serve(ws, host, port, std::cout, std::cerr);
}

}  // namespace vow::cli
