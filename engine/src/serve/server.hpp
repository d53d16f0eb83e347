// `vow serve`: the HTTP server over a Workspace (docs/serve.md,
// docs/adr/0031). Requests run on cpp-httplib's pool of threads; queries
// run side by side, one ingest at a time.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "serve/customer_access.hpp"
#include "serve/tokens.hpp"
#include "vow/workspace.hpp"

namespace vow::serve {

class Server {
 public:
  // `ws` has its contracts and events loaded and its ledger open, and
  // outlives the server. `customers`: the tokens of the customers' pages.
  Server(Workspace& ws, std::vector<Credential> tokens, std::ostream& log,
         std::vector<CustomerCredential> customers = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds to serve.listen (or `host`:`port` given here); returns the port,
  // the one chosen when it was 0. vow::Error (exit 78) when it cannot.
  int bind(const std::string& host, int port);
  // Starts live evaluation and delivery (docs/adr/0034): vow::Error (exit
  // 78) when a sink of the routes does not start.
  void start_live();
  // Answers requests until stop(); false when it could not listen.
  bool run();
  // Stops taking connections; the requests under way finish first.
  void stop();
  bool running() const;
  void log(const std::string& level, const std::string& msg, const nlohmann::ordered_json& fields = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs the server until SIGTERM or SIGINT, then lets the requests under way
// finish; prints "listening on http://HOST:PORT" to `out` once it listens.
// Returns the exit code.
int serve(Workspace& ws, const std::string& host, int port, std::ostream& out, std::ostream& log);

}  // namespace vow::serve
