#include "serve/server.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <shared_mutex>

#include "serve/checkpointer.hpp"
#include "serve/customer_route.hpp"
#include "serve/live.hpp"
#include "serve/log.hpp"
#include "serve/metrics.hpp"
#include "serve/queries.hpp"
#include "serve/rate_limit.hpp"
#include "serve/stream.hpp"
#include "serve/web_assets.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"
#include "workspace/listen.hpp"

namespace vow::serve {
namespace {

using Clock = std::chrono::steady_clock;

// More than any webhook or browser sends.
constexpr std::size_t kMaxHeaders = 100;
constexpr std::size_t kWorkers = 64;

// The request a worker thread is answering: cpp-httplib runs the
// pre-routing handler, the route and the logger of one request on one thread.
struct Current {
  Clock::time_point start;
  bool started = false;
  std::string token;      // the name of the token it came with
  bool unlogged = false;  // refused by the rate limit after the first refusal of a run: a flood is not logged
};
thread_local Current current;

void text(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body.empty() || body.back() == '\n' ? body : body + "\n", "text/plain; charset=utf-8");
}

std::string lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The endpoint a path is for: itself, "/v1/hooks" for every webhook (each
// plugin's its own path) or "/v1/drafts" for every kind of draft, as
// `public` and the metrics name them.
std::string endpoint_of(const std::string& path) {
  if (path.starts_with("/v1/hooks/")) return "/v1/hooks";
  if (path.starts_with("/v1/drafts/")) return "/v1/drafts";
  return path;
}

// The dashboard file a path names ("/" is its page), or nullptr.
const WebAsset* asset_at(const std::string& path) {
  const std::string_view want = path == "/" ? std::string_view("/index.html") : std::string_view(path);
  for (const WebAsset& a : web_assets())
    if (a.path == want) return &a;
  return nullptr;
}

// One of the server's endpoints, or "other": a label that clients cannot multiply.
std::string route_of(const std::string& path) {
  if (path.starts_with("/c/")) return "/c";  // every customer's page, never its token
  const auto& known = serve_endpoints();
  std::string endpoint = endpoint_of(path);
  return std::find(known.begin(), known.end(), endpoint) != known.end() ? endpoint : "other";
}

}  // namespace

struct Server::Impl {
  Impl(Workspace& w, std::vector<Credential> t, std::vector<CustomerCredential> c, std::ostream& out)
      : ws(w),
        tokens(std::move(t)),
        customers(std::move(c)),
        limiter(w.config().serve.rate_limit),
        log(out),
        clock(w.config().serve.clock.value_or(0)) {}

  Workspace& ws;
  const ServeConfig& config() const { return ws.config().serve; }
  std::vector<Credential> tokens;
  std::vector<CustomerCredential> customers;  // each opens only its page at /c/TOKEN (customer_route.cpp)
  RateLimiter limiter;
  Log log;
  Metrics metrics;
  // Destroyed after the rounds and the requests: its last checkpoint follows their writes.
  Checkpointer checkpointer{ws, log};
  // Ingests commit without waiting for the disk, and each writer then syncs
  // (ADR 0063); off again after the rounds and the requests, for a
  // workspace that outlives the server.
  struct SyncApart {
    Workspace& ws;
    explicit SyncApart(Workspace& w) : ws(w) { ws.sync_apart(true); }
    ~SyncApart() { ws.sync_apart(false); }
    SyncApart(const SyncApart&) = delete;
    SyncApart& operator=(const SyncApart&) = delete;
  } sync_apart{ws};
  httplib::Server http;
  // Queries hold it shared; taking in the events stored since (refresh) holds it alone.
  std::shared_mutex state;
  // One ingest at a time: the ledger has one writer (docs/adr/0031).
  std::mutex writing;
  // serve.clock's instant, moved on by POST /v1/clock (tests, demonstrations).
  std::atomic<Instant> clock;
  Stream stream;
  std::unique_ptr<Live> live;

  Instant now() const { return config().clock ? clock.load() : now_instant(); }

  httplib::Server::HandlerResponse authorize(const httplib::Request& req, httplib::Response& res);
  // The body, held to max_body; false (and the response set) when refused.
  bool read_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read,
                 std::string& body);
  void post_events(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read);
  void post_hook(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read);
  void post_clock(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read);
  void follow(httplib::Response& res);
  void get_draft(const httplib::Request& req, httplib::Response& res);
  std::string metrics_text();
  // Stores what `take` returns (one ingest at a time) and answers as POST /v1/events does.
  template <typename F>
  void store(httplib::Response& res, F&& take);
  // The events stored since the last look (by POST or by another process), then `answer` beside other queries.
  template <typename F>
  void query(httplib::Response& res, F&& answer);
  void logged(const httplib::Request& req, const httplib::Response& res);
  void routes();
};

httplib::Server::HandlerResponse Server::Impl::authorize(const httplib::Request& req, httplib::Response& res) {
  current = {Clock::now(), true, {}};
  // cpp-httplib 0.11.4 caps each header line, not their number.
  if (req.headers.size() > kMaxHeaders) {
    text(res, 431, "more than " + std::to_string(kMaxHeaders) + " request headers");
    return httplib::Server::HandlerResponse::Handled;
  }
  // serve.rate_limit, before any work (docs/adr/0035).
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(current.start.time_since_epoch()).count();
  if (auto v = limiter.take(client_key(req.remote_addr), micros); !v.allowed) {
    current.unlogged = !v.first;
    res.set_header("Retry-After", std::to_string(v.retry_after_seconds));
    text(res, 429,
         "too many requests from your address (serve.rate_limit): try again in " +
             std::to_string(v.retry_after_seconds) + " s");
    return httplib::Server::HandlerResponse::Handled;
  }
  // A customer's page: its token is in the path, looked up by the page.
  if (req.path.starts_with("/c/")) return httplib::Server::HandlerResponse::Unhandled;
  // The dashboard's own files hold no data; what they show comes from the
  // API, with the token the viewer gives.
  if (req.method == "GET" && asset_at(req.path)) return httplib::Server::HandlerResponse::Unhandled;
  const auto& open = config().public_paths;
  if (std::find(open.begin(), open.end(), endpoint_of(req.path)) != open.end())
    return httplib::Server::HandlerResponse::Unhandled;
  const std::string header = req.get_header_value("Authorization");  // `presented` is a view into it
  auto presented = bearer_token(header);
  const Credential* who = presented ? find_credential(tokens, *presented) : nullptr;
  if (!who) {
    res.set_header("WWW-Authenticate",
                   presented ? "Bearer realm=\"vow\", error=\"invalid_token\"" : "Bearer realm=\"vow\"");
    text(res, 401,
         presented ? "unknown token" : "this endpoint needs a token: send the header Authorization: Bearer TOKEN");
    return httplib::Server::HandlerResponse::Handled;
  }
  current.token = who->name;
  bool writes = req.method == "POST";
  if (writes ? !who->ingest : !who->read) {
    text(res, 403,
         "token \"" + who->name + "\" does not have the scope " + (writes ? "ingest" : "read") + " this needs");
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

// The body is read through a content reader, which holds a chunked body to
// max_body too: cpp-httplib 0.11.4 limits only bodies that state their length.
bool Server::Impl::read_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read,
                             std::string& body) {
  const std::size_t max = config().max_body;
  bool too_big = false;
  bool whole = read([&](const char* data, size_t n) {
    too_big = n > max - std::min(body.size(), max);
    if (too_big) return false;
    body.append(data, n);
    return true;
  });
  // A stated length past the limit is refused by cpp-httplib before any is read.
  std::string stated = req.get_header_value("Content-Length");
  std::uint64_t length = 0;
  auto [end, ec] = std::from_chars(stated.data(), stated.data() + stated.size(), length);
  too_big |= !whole && ec == std::errc() && end == stated.data() + stated.size() && length > max;
  if (too_big) {
    text(res, 413, "the body is larger than serve.max_body (" + std::to_string(max) + " bytes)");
    return false;
  }
  if (!whole) {
    text(res, 400, "the body could not be read whole; nothing was stored");
    return false;
  }
  return true;
}

void Server::Impl::post_events(const httplib::Request& req, httplib::Response& res,
                               const httplib::ContentReader& read) {
  std::string body;
  if (!read_body(req, res, read, body)) return;
  // Named for the audit trail (the ledger's ingests) by the token that sent it.
  std::string source = "POST /v1/events (" + (current.token.empty() ? std::string("public") : current.token) + ")";
  store(res, [&] { return ws.ingest(source, body, IngestSettings{}); });
}

// A webhook for the source plugin NAME (ABI 1.2): its headers but the
// token, its body, and when it arrived, through the plugin into the ledger.
void Server::Impl::post_hook(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
  WebhookRequest hook;
  if (!read_body(req, res, read, hook.body)) return;
  for (const auto& [name, value] : req.headers) {
    if (lowercase(name) == "authorization") continue;
    std::string& held = hook.headers[name];
    held += (held.empty() ? "" : ", ") + value;
  }
  hook.received = now();
  const std::string plugin = req.matches[1];
  if (std::none_of(ws.config().plugins.begin(), ws.config().plugins.end(),
                   [&](const PluginConfig& p) { return p.name == plugin; })) {
    text(res, 404, "no plugin named " + plugin + " in the server's vow.toml");
    return;
  }
  try {
    store(res, [&] { return ws.ingest(ws.hook(plugin, hook), IngestSettings{}); });
  } catch (const Error& e) {
    // The plugin takes no webhooks (2) or crashed, hung or would not start (78).
    log.write("error", "webhook failed", {{"plugin", plugin}, {"error", e.what()}});
    text(res, e.code() == Exit::Usage ? 404 : 502, e.what());
  }
}

template <typename F>
void Server::Impl::store(httplib::Response& res, F&& take) {
  IngestOutcome out;
  // Known to the rounds before its events can be read (ADR 0057).
  Live::Arrival arrival(live.get(), current.started ? current.start : Clock::now());
  try {
    std::lock_guard lock(writing);
    auto start = Clock::now();
    out = take();
    arrival.stored();
    metrics.ingest_took(std::chrono::duration<double>(Clock::now() - start).count());
  } catch (const Error& e) {
    if (e.code() != Exit::BadData) throw;
    text(res, 400, std::string(e.what()) + "\nnothing from this body was stored");
    return;
  }
  if (!out.stored) {
    std::string said;
    for (const auto& r : out.rejected) said += std::to_string(r.line) + ": " + r.reason + "\n";
    if (out.unchecked > 0)
      said += std::to_string(out.unchecked) + " more lines not checked after " + std::to_string(out.rejected.size()) +
              " bad ones (is this NDJSON, one event per line?)\n";
    said += "nothing from this body was stored\n";
    text(res, 400, said);
    return;
  }
  metrics.ingested(out.fresh_by_type);
  // The stored events are taken in by the next evaluation round or query
  // (each refreshes first), not here: a POST never waits for a round.
  if (out.fresh > 0 && live) live->changed(out.fresh_by_type.count("outage.started") > 0);
  // Evaluated while the disk works, answered once the commit is on it (ADR 0063).
  try {
    auto syncing = Clock::now();
    ws.sync();
    metrics.sync_took(std::chrono::duration<double>(Clock::now() - syncing).count());
  } catch (const Error& e) {
    log.write("error", "the ledger could not be put on disk", {{"error", e.what()}});
    // After the disk's own refusal, nothing written since is known to be on it (WalSync).
    const bool refused = !ws.sync_refusal().empty();
    text(res, 500,
         std::string(e.what()) + "\nthe body was stored but is not known to be on disk: send it again" +
             (refused ? " once vow serve is restarted on a mended disk (until then every body is answered so)" : "") +
             "; its events then count as duplicates, not stored twice");
    return;
  }
  nlohmann::ordered_json summary{{"new", out.fresh}, {"duplicate", out.duplicate}};
  nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
  for (const auto& w : out.warnings)
    warnings.push_back(std::to_string(w.line) + (w.column > 0 ? ":" + std::to_string(w.column) : "") + ": " +
                       w.message);
  if (!warnings.empty()) summary["warnings"] = warnings;
  res.set_content(summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", "application/json");
}

// The test clock moves forward only, and answers once the alerts as of its
// new instant are evaluated and their deliveries tried.
void Server::Impl::post_clock(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
  if (!config().clock) {
    text(res, 404, "POST /v1/clock moves serve.clock, and this server runs on the system clock");
    return;
  }
  std::string body;
  if (!read_body(req, res, read, body)) return;
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.pop_back();
  auto at = parse_instant(body);
  if (!at) {
    text(res, 400, "the body must be an RFC 3339 instant with its offset, such as 2026-10-14T16:05:00Z");
    return;
  }
  Instant was = clock.load();
  while (*at > was && !clock.compare_exchange_weak(was, *at)) {
  }
  if (*at < was) {
    text(res, 400, "the clock is at " + format_instant(was) + " and moves forward only");
    return;
  }
  log.write("info", "clock moved", {{"now", format_instant(*at)}});
  if (live) live->settle();
  res.set_content(nlohmann::ordered_json{{"now", format_instant(*at)}}.dump() + "\n", "application/json");
}

// Server-sent events: each announcement as it is made, and a comment every
// 15 s that keeps proxies from closing a quiet connection.
void Server::Impl::follow(httplib::Response& res) {
  auto follower = stream.follow();
  if (!follower) {
    text(res, 503, "too many clients follow the alert stream already; try again later");
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  auto greeted = std::make_shared<bool>(false);
  // Exactly "text/event-stream" (UTF-8 by definition): cpp-httplib 0.11
  // gzips any other text/ type for a browser that accepts it, and its
  // compressor holds the frames back until the connection ends.
  res.set_chunked_content_provider(
      "text/event-stream",
      [follower, greeted](size_t, httplib::DataSink& sink) {
        std::string out;
        bool open = true;
        if (!*greeted) {
          out = ": following the alerts of vow serve\nretry: 3000\n\n";
          *greeted = true;
        } else {
          std::vector<Announcement> batch;
          open = follower->next(batch, std::chrono::seconds(15));
          for (const auto& a : batch) out += sse_frame(a);
          if (out.empty() && open) out = ": keep-alive\n\n";
        }
        if (!out.empty() && !sink.write(out.data(), out.size())) return false;
        if (!open) sink.done();
        return true;
      },
      [this, follower](bool) { stream.leave(follower); });
}

// Prometheus scrapes now and then: the accounts' gauges are figured then,
// this month's as of now, a batch of accounts at a time. A live round
// takes in events between two batches instead of waiting for them all: a
// whole report of 10,000 accounts held the rounds up for 850 ms.
std::string Server::Impl::metrics_text() {
  Instant as_of = now();
  std::string period = format_instant(as_of).substr(0, 7);
  std::vector<std::string> ids;
  try {
    std::shared_lock lock(state);
    ids = ws.contract_ids();
  } catch (const std::exception& e) {
    log.write("error", "the accounts' gauges could not be figured", {{"error", e.what()}});
  }
  // A batch that fails leaves its accounts' gauges as the last scrape set
  // them; the others are still figured.
  constexpr std::size_t kBatch = 1000;
  for (std::size_t i = 0; i < ids.size(); i += kBatch) {
    std::vector<std::string> batch(ids.begin() + static_cast<std::ptrdiff_t>(i),
                                   ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kBatch)));
    try {
      std::shared_lock lock(state);
      for (const AccountReport& a : ws.accounts(batch, period, as_of))
        metrics.account(a.customer, a.uptime ? a.uptime->budget_consumed : std::nullopt, a.status != Status::Red);
    } catch (const std::exception& e) {
      log.write("error", "the accounts' gauges could not be figured",
                {{"error", e.what()}, {"accounts", batch.size()}, {"first", batch.front()}});
    }
  }
  return metrics.text();
}

// A draft of docs/communications.md as `vow draft KIND --format json` would
// give its text; never from a file of the server's (no --incident).
void Server::Impl::get_draft(const httplib::Request& req, httplib::Response& res) {
  DraftOrder order;
  order.kind = req.matches[1];
  for (const auto& [key, value] : req.params) {
    if (key == "outage")
      order.outage = value;
    else if (key == "customer")
      order.customer = value;
    else if (key == "ticket")
      order.ticket = value;
    else if (key == "period")
      order.period = value;
    else if (key == "as_of") {
      auto at = parse_instant(value);
      if (!at) {
        text(res, 400, "query parameter as_of: expected an RFC 3339 instant with its offset");
        return;
      }
      order.as_of = *at;
      continue;
    } else {
      text(res, 400, "unknown query parameter " + key + " (known: outage, customer, ticket, period, as_of)");
      return;
    }
  }
  if (!req.has_param("as_of")) order.as_of = now();
  try {
    std::shared_lock lock(state);
    Draft d = ws.draft(order);
    nlohmann::ordered_json out{{"kind", order.kind},
                               {"outage", order.outage},
                               {"customer", order.customer},
                               {"as_of", format_instant(order.as_of)},
                               {"text", d.text}};
    res.set_content(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", "application/json");
  } catch (const Error& e) {
    if (e.code() == Exit::DoesNotApply)
      text(res, 409, e.what());
    else if (e.code() == Exit::Usage || e.code() == Exit::BadData)
      text(res, 400, e.what());
    else
      throw;
  }
}

template <typename F>
void Server::Impl::query(httplib::Response& res, F&& answer) {
  try {
    {
      std::unique_lock lock(state);
      ws.refresh();
    }
    std::shared_lock lock(state);
    res.set_content(answer(), "application/json");
  } catch (const BadParameter& e) {
    text(res, 400, e.what());
  } catch (const Error& e) {
    if (e.code() != Exit::Usage && e.code() != Exit::BadData) throw;
    text(res, 400, e.worded([](const std::string& field) { return "query parameter " + field; }));
  }
}

void Server::Impl::logged(const httplib::Request& req, const httplib::Response& res) {
  double ms = current.started ? std::chrono::duration<double, std::milli>(Clock::now() - current.start).count() : 0;
  nlohmann::ordered_json f{{"method", req.method},
                           {"path", loggable_path(req.path)},  // no query string, no customer's token
                           {"status", res.status},
                           {"duration_ms", static_cast<double>(static_cast<long long>(ms * 1000)) / 1000},
                           {"remote", req.remote_addr + ":" + std::to_string(req.remote_port)}};
  if (!current.token.empty()) f["token"] = current.token;  // its name, never the secret
  if (!current.unlogged) log.write(res.status >= 500 ? "error" : "info", "request", f);
  current = {};
}

void Server::Impl::routes() {
  http.set_pre_routing_handler([this](const auto& req, auto& res) { return authorize(req, res); });
  // Public: what the disk said stays in the log, which names the file.
  http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    if (ws.sync_refusal().empty())
      text(res, 200, "ok");
    else
      text(res, 503, "the ledger could not be put on disk (the log says more): restart vow serve once it is mended");
  });
  http.Get(R"(/|/[a-z]+\.(html|css|js))", [](const httplib::Request& req, httplib::Response& res) {
    const WebAsset* a = asset_at(req.path);
    if (!a) {
      text(res, 404, "no such file");
      return;
    }
    res.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(std::string(a->body), std::string(a->type));
  });
  http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_text(), "text/plain; version=0.0.4; charset=utf-8");
  });
  http.Post("/v1/events", [this](const httplib::Request& req, httplib::Response& res,
                                 const httplib::ContentReader& read) { post_events(req, res, read); });
  http.Post(R"(/v1/hooks/([A-Za-z0-9_.-]{1,64}))",
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
              post_hook(req, res, read);
            });
  http.Post("/v1/clock", [this](const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& read) { post_clock(req, res, read); });
  http.Get("/v1/alerts/stream", [this](const httplib::Request&, httplib::Response& res) { follow(res); });
  http.Get(R"(/v1/drafts/([a-z-]{1,32}))",
           [this](const httplib::Request& req, httplib::Response& res) { get_draft(req, res); });
  http.Get("/v1/status", [this](const httplib::Request& req, httplib::Response& res) {
    query(res, [&] { return to_json(ws.status(query_of(req, {"as_of", "customer", "tier"}, now(), false))); });
  });
  http.Get("/v1/report", [this](const httplib::Request& req, httplib::Response& res) {
    query(res, [&] { return to_json(ws.report(query_of(req, {"period", "as_of", "customer", "tier"}, now(), true))); });
  });
  http.Get("/v1/credits", [this](const httplib::Request& req, httplib::Response& res) {
    query(res, [&] {
      return to_json(ws.credits(query_of(req, {"period", "as_of", "customer", "tier"}, now(), true)));
    });
  });
  http.Get("/v1/alerts", [this](const httplib::Request& req, httplib::Response& res) {
    query(res, [&] {
      auto q = query_of(req, {"since", "as_of", "customer", "tier"}, now(), false);
      return to_json(ws.alerts(q, since_of(req)));
    });
  });
  http.Get(R"(/c/([\s\S]*))", [this](const httplib::Request& req, httplib::Response& res) {
    std::string served = answer_customer_page(customers, req.matches[1].str(), res, [this](const std::string& id) {
      {
        std::unique_lock lock(state);
        ws.refresh();
      }
      std::shared_lock lock(state);
      return customer_view(ws, id, now());
    });
    if (!served.empty()) current.token = customer_log_name(served);
  });
  // Every response at 400 or above has a sentence, cpp-httplib's own (404, 413) too.
  http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413)
      text(res, 413, "the body is larger than serve.max_body (" + std::to_string(config().max_body) + " bytes)");
    else if (res.status == 404)
      text(res, 404, "no such endpoint (see docs/serve.md)");
    else
      text(res, res.status, "request refused (HTTP " + std::to_string(res.status) + ")");
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string why = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
    }
    log.write("error", "request failed", {{"method", req.method}, {"path", loggable_path(req.path)}, {"error", why}});
    text(res, 500, "internal error: " + why);
  });
  // Counted before the response is sent (the logger runs after), so a
  // client that reads /metrics next finds its request counted.
  http.set_post_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { metrics.request(route_of(req.path), res.status); });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) { logged(req, res); });
  http.set_payload_max_length(config().max_body);
  http.set_read_timeout(config().read_timeout_seconds, 0);
  // One request per connection. A refused request's body is not read (401
  // and 403 before it, 413 part way through a chunked one), and on a kept
  // connection cpp-httplib would read what is left of it as the next
  // request, which a proxy in front could have taken from another client.
  // cpp-httplib 0.11.4 cannot close one connection from a handler.
  http.set_keep_alive_max_count(1);
  // Enough workers that clients slow to send (each holds one until
  // read_timeout_seconds) do not keep the others waiting; a flood of them
  // is a proxy's to stop (docs/serve.md).
  http.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  // The wait for a connection's request, which cpp-httplib times as keep-alive.
  http.set_keep_alive_timeout(config().read_timeout_seconds);
}

Server::Server(Workspace& ws, std::vector<Credential> tokens, std::ostream& log,
               std::vector<CustomerCredential> customers)
    : impl_(std::make_unique<Impl>(ws, std::move(tokens), std::move(customers), log)) {
  impl_->routes();
}

Server::~Server() {
  impl_->stream.close();
  if (impl_->live) impl_->live->stop();
}

void Server::start_live() {
  Impl& i = *impl_;
  Instant from;
  {
    std::lock_guard lock(i.writing);
    from = i.ws.deliver_alerts_from(i.now());
  }
  i.live = std::make_unique<Live>(
      i.ws, i.state, i.writing, i.log, i.metrics, i.stream, [&i] { return i.now(); }, from);
  i.live->start();
  i.log.write("info", "live evaluation",
              {{"alerts_delivered_from", format_instant(from)}, {"routes", i.config().routes.size()}});
}

int Server::bind(const std::string& host, int port) {
  int bound = port == 0 ? impl_->http.bind_to_any_port(host) : (impl_->http.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    std::string at = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
    throw Error(Exit::BadConfig, "serve.listen " + at +
                                     ": cannot listen there (is another program on that port, or is the address not "
                                     "this machine's?); set [serve] listen or give --listen");
  }
  return bound;
}

bool Server::run() {
  return impl_->http.listen_after_bind();
}

void Server::stop() {
  if (impl_->live) impl_->live->ask_stop();  // a POST /v1/clock waits for its round
  impl_->stream.close();                     // its clients hold threads the server waits for
  impl_->http.stop();
}

bool Server::running() const {
  return impl_->http.is_running();
}

void Server::log(const std::string& level, const std::string& msg, const nlohmann::ordered_json& fields) {
  impl_->log.write(level, msg, fields);
}

}  // namespace vow::serve
