// The `vow` commands (spec/cli.md): each parses nothing and decides
// nothing; it calls the Workspace and writes what it returns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vow/error.hpp"
#include "vow/workspace.hpp"

namespace vow::cli {

// Every option of every command, as parsed.
struct Options {
  std::string config;
  // ingest
  std::vector<std::string> files;
  bool webhook = false;              // import: each file is one webhook request's body
  std::vector<std::string> headers;  // import --webhook: "Name: value"
  bool skip_invalid = false;
  bool supersede = false;
  bool superseded = false;  // export: the corrections instead of the events
  bool strict = false;
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
  // alerts: only alerts at or after this instant
  std::string alerts_since;
  // serve: HOST:PORT instead of serve.listen
  std::string listen;
  // import-slo: uptime terms instead of objectives
  bool as_uptime = false;
};

// Each returns the exit code.
int check(const Options& o);
int ingest(const Options& o);
int import(const Options& o);
int pull(const Options& o);
int report(const Options& o);
int credits(const Options& o);
int apply_credits(const Options& o);
int status(const Options& o);
int alerts(const Options& o);
int draft(const Options& o);
int backtest(const Options& o);
int export_ledger(const Options& o);
int serve(const Options& o);
int drill(const Options& o);
// vow import-slo FILE...: OpenSLO and Sloth to Lua (slis.md); 65 when a file is refused.
int import_slo(const Options& o);
// vow test [DIR...]: contract tests (terms.md), 3 when an expectation fails.
int test(const Options& o);
// What a command's Workspace runs plugins with (this very vow as their host).
WorkspaceOptions plugin_options();
// The config file of --config (or VOW_CONFIG, or ./vow.toml); exit 78 when none.
std::string config_path(const Options& o);
// The Workspace of --config (or VOW_CONFIG, or ./vow.toml).
Workspace workspace_of(const Options& o);

// An error in the command's words: the inputs it names called as the
// options that give them (--period, vow draft).
std::string words(const Error& e);

}  // namespace vow::cli
