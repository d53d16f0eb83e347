#include "workspace/serve_config.hpp"

#include <algorithm>
#include <functional>
#include <sstream>

#include "vow/error.hpp"
#include "vow/instant.hpp"
#include "workspace/listen.hpp"
#include "workspace/serve_customers.hpp"

namespace vow {
namespace {

struct Reader {
  const std::filesystem::path& file;

  [[noreturn]] void fail(const toml::node& at, const std::string& msg) const {
    const auto& where = at.source();
    throw Error(Exit::BadConfig, file.string() + ":" + std::to_string(where.begin.line) + ":" +
                                     std::to_string(where.begin.column) + ": " + msg);
  }

  void only_keys(const toml::table& t, const std::string& where, std::initializer_list<const char*> keys) const {
    for (const auto& [k, v] : t) {
      if (std::any_of(keys.begin(), keys.end(), [&k](const char* key) { return k.str() == key; })) continue;
      std::string list;
      for (const char* key : keys) list += std::string(list.empty() ? "" : ", ") + key;
      fail(v, "unknown key \"" + std::string(k.str()) + "\" in " + where + " (known: " + list + ")");
    }
  }

  std::string text(const toml::node& n, const std::string& key) const {
    auto s = n.value<std::string>();
    if (!n.is_string() || !s) fail(n, key + " must be a string");
    return *s;
  }

  std::int64_t whole(const toml::node& n, const std::string& key, std::int64_t lo, std::int64_t hi) const {
    auto v = n.value<std::int64_t>();
    if (!n.is_integer() || !v || *v < lo || *v > hi)
      fail(n, key + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return *v;
  }
};

bool plain_name(const std::string& s) {
  return !s.empty() && s.size() <= 64 &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == std::string::npos;
}

// RFC 6750's token68: what an Authorization: Bearer header can carry as is.
bool bearer_chars(const std::string& s) {
  auto end = s.find_last_not_of('=');
  if (end == std::string::npos) return false;
  return s.substr(0, end + 1)
             .find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/") ==
         std::string::npos;
}

bool env_name(const std::string& s) {
  return !s.empty() && !(s[0] >= '0' && s[0] <= '9') &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
}

void read_listen(const Reader& r, const toml::node& n, ServeConfig& c) {
  std::string s = r.text(n, "serve.listen");
  auto at = parse_listen(s);
  if (!at) r.fail(n, "serve.listen \"" + s + "\": " + kListenForm);
  c.host = at->first;
  c.port = at->second;
}

ServeToken read_token(const Reader& r, const toml::node& item) {
  auto* t = item.as_table();
  if (!t) r.fail(item, "serve.tokens must be an array of tables: [[serve.tokens]] or tokens = [{ name = ... }]");
  r.only_keys(*t, "serve.tokens", {"name", "token", "token_env", "scopes"});
  ServeToken tok;
  tok.line = static_cast<int>(t->source().begin.line);
  auto* name = t->get("name");
  if (!name) r.fail(item, "serve.tokens: each token needs name = \"...\" (it names the token in logs)");
  tok.name = r.text(*name, "serve.tokens.name");
  if (!plain_name(tok.name))
    r.fail(*name, "serve.tokens.name \"" + tok.name + "\": use 1 to 64 letters, digits, '_', '-' or '.'");
  auto* secret = t->get("token");
  auto* env = t->get("token_env");
  if (!!secret == !!env)
    r.fail(item, "serve.tokens \"" + tok.name +
                     "\": give either token = \"...\" or token_env = \"VARIABLE\" (the variable holding it), not " +
                     (secret ? "both" : "neither"));
  if (secret) {
    tok.token = r.text(*secret, "serve.tokens.token");
    if (tok.token.size() < 16 || tok.token.size() > 4096 || !bearer_chars(tok.token))
      r.fail(*secret, "serve.tokens.token of \"" + tok.name +
                          "\": use 16 to 4096 letters, digits or -._~+/ (such as the output of "
                          "`openssl rand -hex 32`)");
  } else {
    tok.token_env = r.text(*env, "serve.tokens.token_env");
    if (!env_name(tok.token_env))
      r.fail(*env, "serve.tokens.token_env \"" + tok.token_env +
                       "\": name an environment variable (letters, digits and '_', not starting with a digit)");
  }
  auto* scopes = t->get("scopes");
  if (!scopes) r.fail(item, "serve.tokens \"" + tok.name + "\" needs scopes = [\"ingest\", \"read\"] (one or both)");
  auto* arr = scopes->as_array();
  if (!arr || arr->empty())
    r.fail(*scopes, "serve.tokens.scopes must be a non-empty array such as [\"ingest\", \"read\"]");
  for (const auto& s : *arr) {
    std::string scope = r.text(s, "serve.tokens.scopes");
    if (scope != "ingest" && scope != "read")
      r.fail(s, "serve.tokens.scopes: unknown scope \"" + scope +
                    "\" (known: ingest for POST /v1/events, read for the GET endpoints)");
    if (std::find(tok.scopes.begin(), tok.scopes.end(), scope) != tok.scopes.end())
      r.fail(s, "serve.tokens.scopes: \"" + scope + "\" is listed twice");
    tok.scopes.push_back(scope);
  }
  return tok;
}

}  // namespace

const char* const kListenForm =
    "expected HOST:PORT such as 127.0.0.1:8080, 0.0.0.0:8080 or [::1]:8080 (port 0: any free port)";

std::optional<std::pair<std::string, int>> parse_listen(std::string_view s) {
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string host(s.substr(0, colon)), port(s.substr(colon + 1));
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return std::nullopt;  // an IPv6 address goes in brackets
  }
  if (host.find_first_of(" /[]") != std::string::npos) return std::nullopt;
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    return std::nullopt;
  return std::make_pair(host, std::stoi(port));
}

namespace {

// A list of strings, each checked by `ok` (which says what is wrong, or "").
std::vector<std::string> strings(const Reader& r, const toml::node& n, const std::string& key,
                                 const std::function<std::string(const std::string&)>& ok) {
  auto* arr = n.as_array();
  if (!arr) r.fail(n, key + " must be an array of strings such as [\"a\", \"b\"]");
  std::vector<std::string> out;
  for (const auto& item : *arr) {
    std::string s = r.text(item, key);
    if (std::string why = ok(s); !why.empty()) r.fail(item, key + ": \"" + s + "\" " + why);
    if (std::find(out.begin(), out.end(), s) != out.end()) r.fail(item, key + ": \"" + s + "\" is listed twice");
    out.push_back(std::move(s));
  }
  return out;
}

// An alert kind of docs/alerts.md, or a family of them ("clock.*").
std::string alert_kind_problem(const std::string& k) {
  static const std::vector<std::string> kinds{"clock.warning",      "clock.breached",
                                              "clock.escalated",    "uptime.budget_warning",
                                              "uptime.breached",    "uptime.burn_rate",
                                              "notice.overdue",     "compliance.below_target",
                                              "job.late",           "objective.budget_warning",
                                              "objective.breached", "clock.*",
                                              "uptime.*",           "notice.*",
                                              "compliance.*",       "job.*",
                                              "objective.*"};
  if (std::find(kinds.begin(), kinds.end(), k) != kinds.end()) return "";
  std::string list;
  for (const auto& known : kinds) list += (list.empty() ? "" : ", ") + known;
  return "is not an alert kind (known: " + list + ")";
}

ServeRoute read_route(const Reader& r, const toml::node& item) {
  auto* t = item.as_table();
  if (!t) r.fail(item, "serve.routes must be an array of tables: [[serve.routes]]");
  r.only_keys(*t, "serve.routes", {"sinks", "kinds", "severities", "tiers", "customers", "to"});
  ServeRoute route;
  route.line = static_cast<int>(t->source().begin.line);
  auto any = [](const std::string& s) { return s.empty() ? std::string("is empty") : std::string(); };
  auto* sinks = t->get("sinks");
  if (!sinks) r.fail(item, "serve.routes: each route needs sinks = [\"NAME\"], the [[plugins]] its alerts go to");
  route.sinks = strings(r, *sinks, "serve.routes.sinks", any);
  if (route.sinks.empty()) r.fail(*sinks, "serve.routes.sinks is empty: name the [[plugins]] its alerts go to");
  if (auto* n = t->get("kinds")) route.kinds = strings(r, *n, "serve.routes.kinds", alert_kind_problem);
  if (auto* n = t->get("severities")) route.severities = strings(r, *n, "serve.routes.severities", any);
  if (auto* n = t->get("tiers")) route.tiers = strings(r, *n, "serve.routes.tiers", any);
  if (auto* n = t->get("customers")) route.customers = strings(r, *n, "serve.routes.customers", any);
  if (auto* n = t->get("to")) route.to = strings(r, *n, "serve.routes.to", any);
  return route;
}

}  // namespace

const std::vector<std::string>& serve_endpoints() {
  static const std::vector<std::string> all{"/healthz",   "/metrics",          "/v1/events", "/v1/hooks",
                                            "/v1/clock",  "/v1/status",        "/v1/report", "/v1/credits",
                                            "/v1/alerts", "/v1/alerts/stream", "/v1/drafts"};
  return all;
}

ServeConfig read_serve_config(const std::filesystem::path& file, const toml::node& serve) {
  Reader r{file};
  auto* t = serve.as_table();
  if (!t) r.fail(serve, "[serve] must be a table");
  r.only_keys(*t, "[serve]",
              {"listen", "tokens", "max_body", "read_timeout_seconds", "slow_round_ms", "public", "clock", "routes",
               "customers", "rate_limit"});
  ServeConfig c;
  c.line = static_cast<int>(t->source().begin.line);
  if (auto* n = t->get("listen")) read_listen(r, *n, c);
  if (auto* n = t->get("max_body"))
    c.max_body = static_cast<std::size_t>(r.whole(*n, "serve.max_body (bytes)", 1, std::int64_t{1} << 30));
  if (auto* n = t->get("read_timeout_seconds"))
    c.read_timeout_seconds = static_cast<int>(r.whole(*n, "serve.read_timeout_seconds", 1, 3600));
  if (auto* n = t->get("slow_round_ms"))
    c.slow_round_ms = static_cast<int>(r.whole(*n, "serve.slow_round_ms", 0, 3'600'000));
  if (auto* n = t->get("public")) {
    auto* arr = n->as_array();
    if (!arr) r.fail(*n, "serve.public must be an array of endpoints such as [\"/metrics\", \"/healthz\"]");
    c.public_paths.clear();
    for (const auto& p : *arr) {
      std::string path = r.text(p, "serve.public");
      const auto& known = serve_endpoints();
      if (std::find(known.begin(), known.end(), path) == known.end()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        r.fail(p, "serve.public: \"" + path + "\" is not an endpoint (known: " + list + ")");
      }
      c.public_paths.push_back(path);
    }
  }
  if (auto* n = t->get("clock")) {
    // A quoted instant or TOML's own offset date-time, which must carry its offset.
    std::string s;
    if (auto* dt = n->as_date_time()) {
      std::ostringstream out;
      out << *dt;
      s = out.str();
    } else if (n->is_string()) {
      s = *n->value<std::string>();
    }
    auto at = parse_instant(s);
    if (!at)
      r.fail(*n,
             "serve.clock: expected an RFC 3339 instant with its offset, such as \"2026-10-14T16:00:00Z\" (leave "
             "it out to use the system clock)");
    c.clock = *at;
  }
  if (auto* n = t->get("tokens")) {
    auto* arr = n->as_array();
    if (!arr) r.fail(*n, "serve.tokens must be an array of tables: [[serve.tokens]]");
    for (const auto& item : *arr) {
      ServeToken tok = read_token(r, item);
      for (const auto& other : c.tokens) {
        if (other.name == tok.name)
          r.fail(item, "serve.tokens.name \"" + tok.name + "\" is already used by another token");
        if (!tok.token.empty() && other.token == tok.token)
          r.fail(item, "serve.tokens.token of \"" + tok.name + "\" is the same secret as \"" + other.name +
                           "\"'s: give each its own");
      }
      c.tokens.push_back(std::move(tok));
    }
  }
  if (auto* n = t->get("routes")) {
    auto* arr = n->as_array();
    if (!arr) r.fail(*n, "serve.routes must be an array of tables: [[serve.routes]]");
    for (const auto& item : *arr) c.routes.push_back(read_route(r, item));
  }
  // The customers' pages and the rate limit (workspace/serve_customers.cpp), after the tokens they are checked against.
  if (auto* n = t->get("customers")) c.customers = read_serve_customers(file, *n, c.tokens);
  if (auto* n = t->get("rate_limit")) c.rate_limit = read_serve_rate_limit(file, *n);
  return c;
}

}  // namespace vow
