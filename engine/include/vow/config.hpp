// vow.toml (docs/config.md): where a workspace's ledger, contracts, plugins
// and draft templates are, every path resolved against the file's folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vow {

struct PluginConfig {
  std::string name;
  std::filesystem::path library;
  std::string config_json;
  int timeout_seconds = 30;  // per call into the plugin
  int line = 0;              // the config file's line of its [[plugins]] table; 0 when not from a file
};

// One bearer token of [serve] (docs/serve.md).
struct ServeToken {
  std::string name;                 // in logs and the ingest audit, never the secret
  std::string token;                // the secret, as written; empty when it comes from `token_env`
  std::string token_env;            // the environment variable that holds the secret, read when `vow serve` starts
  std::vector<std::string> scopes;  // "ingest", "read"
  int line = 0;                     // the config file's line of its table
};

// One [[serve.routes]] table: the alerts it matches go to each of `sinks`
// (docs/serve.md). An empty filter matches everything; a kind may end in
// ".*" ("clock.*"); every filter must match.
struct ServeRoute {
  std::vector<std::string> sinks;  // [[plugins]] names of notifier sinks
  std::vector<std::string> kinds, severities, tiers, customers;
  std::vector<std::string> to;  // escalation steps' `to`: a route naming some takes only escalations to them
  int line = 0;                 // the config file's line of its table
};

// One [[serve.customers]] entry: the token that opens a customer's own page
// at GET /c/TOKEN (docs/serve.md, docs/adr/0035).
struct ServeCustomer {
  std::string customer;      // the contract id; checked against the contracts when `vow serve` starts
  std::string token;         // the secret, as written; empty when it comes from `token_env`
  std::string token_env;     // the environment variable that holds the secret
  int line = 0, column = 0;  // where its `customer` key is (where an unknown id is reported)
};

// [serve.rate_limit]: a token bucket per client address (docs/adr/0035).
struct ServeRateLimit {
  double requests_per_second = 200;  // refill rate; 0: no limit
  double burst = 400;                // the bucket's size: requests at once after a quiet spell
};

// [serve]: what `vow serve` listens on and whom it answers (docs/serve.md).
struct ServeConfig {
  std::string host = "127.0.0.1";  // without the brackets of an IPv6 address
  int port = 8080;                 // 0: any free port
  std::vector<ServeToken> tokens;
  std::size_t max_body = 10 * 1024 * 1024;  // bytes of one request's body
  int read_timeout_seconds = 10;            // a client that sends nothing for this long is dropped
  int slow_round_ms = 250;                  // a live round this long is logged with where its time went
  std::vector<std::string> public_paths{"/metrics", "/healthz"};  // answered without a token
  std::vector<ServeCustomer> customers;
  ServeRateLimit rate_limit;
  std::optional<std::int64_t> clock;  // a fixed instant (ms since the epoch) instead of the system clock
  std::vector<ServeRoute> routes;
  int line = 0;  // the config file's line of [serve]; 0 when it has none
};

struct WorkspaceConfig {
  std::filesystem::path file;
  std::filesystem::path folder;
  std::filesystem::path store = "vow.db";
  std::vector<std::filesystem::path> rule_paths{"rules"};
  std::vector<PluginConfig> plugins;
  std::vector<std::filesystem::path> templates;  // draft template folders, searched in order
  ServeConfig serve;
};

// Throws vow::Error (exit 78) with FILE:LINE:COL for any problem.
WorkspaceConfig load_config(const std::filesystem::path& file);

}  // namespace vow
