// `vow serve` as a client meets it: the real binary on loopback, a real
// ledger, HTTP through cpp-httplib's client, answers compared with what the
// commands print for the same ledger and instant.
#include <algorithm>
#include <atomic>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "serve_process.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const char* kRules =
    "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
    "  response = { P1 = hours(1) }, credit = schedule { { below = 99.9, percent = 10 } } }\n"
    "contract \"beta\" { monthly_fee = 500, uptime = { target = 99.9, services = { \"web\" } } }\n";

const std::string kIngest = "ingest-0123456789abcdef";
const std::string kRead = "read-0123456789abcdef00";
const std::string kEnvRead = "from-env-0123456789abcdef";

const char* kOutage =
    "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":\"api\"}\n"
    "{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}\n"
    "{\"id\":\"3\",\"type\":\"ticket.opened\",\"at\":\"2026-10-19T23:10:00Z\",\"ticket\":\"T-1\",\"customer\":\"acme\","
    "\"priority\":\"P1\"}\n";

// A project whose [serve] has an ingest token, a read token, a read token
// from the environment and the test clock; `extra` goes into [serve].
fs::path served_project(const std::string& name, const std::string& extra = "") {
  auto dir = project(name, kRules);
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n\n[serve]\n"
        "clock = \"2026-10-20T00:00:00Z\"\n" +
            extra +
            "tokens = [\n"
            "  { name = \"ci\", token = \"" +
            kIngest +
            "\", scopes = [\"ingest\"] },\n"
            "  { name = \"dash\", token = \"" +
            kRead +
            "\", scopes = [\"read\"] },\n"
            "  { name = \"ops\", token_env = \"VOW_TEST_OPS_TOKEN\", scopes = [\"read\", \"ingest\"] },\n"
            "]\n");
  empty_ledger(dir);
  return dir;
}

std::vector<std::string> env() {
  return {"VOW_TEST_OPS_TOKEN=" + kEnvRead};
}

size_t stored(const fs::path& dir) {
  auto r = run_vow(dir, "export");
  EXPECT_EQ(r.code, 0) << r.out;
  return static_cast<size_t>(std::count(r.out.begin(), r.out.end(), '\n')) - 1;  // the count line on stderr
}

json command_json(const fs::path& dir, const std::string& args) {
  std::string cmd = "cd '" + dir.string() + "' && '" + vow_binary() + "' " + args + " 2>/dev/null";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return json::parse(out);
}

}  // namespace

TEST(Serve, PostedEventsAreStoredAndTheReportAgrees) {
  auto dir = served_project("serve-post");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto r = c.Post("/v1/events", bearer(kIngest), kOutage, "application/x-ndjson");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body), json({{"new", 3}, {"duplicate", 0}}));
  EXPECT_EQ(stored(dir), 3u);

  // The server's report and the command's, on the same ledger and instant.
  auto got = c.Get("/v1/report?period=2026-10&as_of=2026-11-02T00:00:00Z", bearer(kRead));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/json");
  auto cli = command_json(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  EXPECT_EQ(json::parse(got->body), cli);
  EXPECT_NE(got->body.find("\"downtime_seconds\": 7200.0"), std::string::npos) << got->body;

  auto credits = c.Get("/v1/credits?period=2026-10&as_of=2026-11-02T00:00:00Z&customer=acme", bearer(kRead));
  ASSERT_TRUE(credits);
  EXPECT_EQ(credits->status, 200) << credits->body;
  EXPECT_EQ(json::parse(credits->body),
            command_json(dir, "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --customer acme"));
  EXPECT_EQ(s.stop(), 0) << s.log_text();
}

// ADR 0008 and 0062: a POST's events reach the ledger's main file, where a
// damaged page is seen, within about a second, while the server runs on;
// and the -wal does not grow with every POST.
TEST(Serve, PostedEventsReachTheLedgersMainFileWhileItRuns) {
  auto dir = served_project("serve-checkpoint");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto main_file = [&] { return ledger_text(dir / "vow.db", "SELECT count(*) FROM events", true); };
  auto waited = [&](const std::string& want) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (main_file() != want && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return main_file();
  };
  auto r = c.Post("/v1/events", bearer(kIngest), kOutage, "application/x-ndjson");
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_EQ(waited("3"), "3");
  // Many small commits: once the -wal's frames are all in the main file,
  // the next commit writes it again from its start instead of appending
  // (the frames a passive checkpoint of the test's own counts). A reader at
  // that instant may defer it to the next second: a few tries.
  auto post = [&](int i) {
    std::string line = "{\"id\":\"w" + std::to_string(i) +
                       "\",\"type\":\"ticket.opened\",\"at\":\"2026-10-19T23:10:00Z\",\"ticket\":\"W-" +
                       std::to_string(i) + "\",\"customer\":\"acme\",\"priority\":\"P1\"}\n";
    auto p = c.Post("/v1/events", bearer(kIngest), line, "application/x-ndjson");
    return p && p->status == 200;
  };
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(post(i));
  EXPECT_EQ(waited("203"), "203");
  int frames = -1;
  for (int i = 200; i < 205; ++i) {
    ASSERT_TRUE(post(i));
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
    // A connection learns that the file is in WAL mode on its first read.
    ASSERT_EQ(sqlite3_exec(h, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr), SQLITE_OK);
    int log = -1, moved = -1;
    int rc = sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &moved);
    sqlite3_close(h);
    if (rc == SQLITE_OK) frames = log;      // BUSY: the server's own ran at that moment
    if (frames >= 0 && frames < 50) break;  // one commit's pages, not 200 commits'
    EXPECT_EQ(waited(std::to_string(i + 4)), std::to_string(i + 4));
  }
  EXPECT_GE(frames, 0);
  EXPECT_LT(frames, 50);
  EXPECT_EQ(s.stop(), 0) << s.log_text();
}

TEST(Serve, ASecondPostOfTheSameEventsIsIdempotent) {
  auto dir = served_project("serve-dup");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto first = c.Post("/v1/events", bearer(kIngest), kOutage, "application/x-ndjson");
  auto again = c.Post("/v1/events", bearer(kEnvRead), kOutage, "application/x-ndjson");
  ASSERT_TRUE(first && again);
  EXPECT_EQ(json::parse(again->body), json({{"new", 0}, {"duplicate", 3}})) << again->body;
  EXPECT_EQ(stored(dir), 3u);
  // The same id with other content is a conflict, as for vow ingest: 400, nothing stored.
  auto conflict = c.Post("/v1/events", bearer(kIngest),
                         "{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T13:00:00Z\",\"outage\":\"o\"}\n",
                         "application/x-ndjson");
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->status, 400);
  EXPECT_NE(conflict->body.find("1: conflict: event \"2\" is already in the ledger"), std::string::npos)
      << conflict->body;
  EXPECT_EQ(stored(dir), 3u);
}

TEST(Serve, ABadLineRefusesTheWholeBodyNamingItsLine) {
  auto dir = served_project("serve-bad");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  std::string body = std::string(kOutage) +
                     "{\"id\":\"4\",\"type\":\"outage.started\",\"at\":\"yesterday\",\"outage\":\"p\","
                     "\"service\":\"api\"}\n";
  auto r = s.client().Post("/v1/events", bearer(kIngest), body, "application/x-ndjson");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body.rfind("4: ", 0), 0u) << r->body;
  EXPECT_NE(r->body.find("at"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("nothing from this body was stored"), std::string::npos) << r->body;
  // The same reasons as vow ingest gives for the same text.
  write(dir / "bad.ndjson", body);
  auto cli = run_vow(dir, "ingest bad.ndjson");
  EXPECT_EQ(cli.code, 65);
  std::string reason = r->body.substr(3, r->body.find('\n') - 3);
  EXPECT_NE(cli.out.find(reason.substr(0, 20)), std::string::npos) << cli.out << "\n---\n" << reason;
  EXPECT_EQ(stored(dir), 0u);
}

TEST(Serve, ABodyPastMaxBodyIs413AndNothingIsStored) {
  auto dir = served_project("serve-413", "max_body = 200\n");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  std::string body = kOutage;
  ASSERT_GT(body.size(), 200u);
  auto r = s.client().Post("/v1/events", bearer(kIngest), body, "application/x-ndjson");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("max_body (200 bytes)"), std::string::npos) << r->body;
  EXPECT_EQ(stored(dir), 0u);
  // A chunked body (no Content-Length) is held to the limit too.
  auto chunked = s.client().Post(
      "/v1/events", bearer(kIngest),
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) {
          sink.write(body.data() + offset, std::min<size_t>(50, body.size() - offset));
        } else {
          sink.done();
        }
        return true;
      },
      "application/x-ndjson");
  // The server answers 413 and closes as soon as the limit is passed; a
  // client still sending then may meet the closed connection before it
  // reads the answer. Either way nothing is stored.
  if (chunked)
    EXPECT_EQ(chunked->status, 413) << chunked->body;
  else
    EXPECT_EQ(chunked.error(), httplib::Error::Write) << httplib::to_string(chunked.error());
  EXPECT_EQ(stored(dir), 0u);
  // At the limit it is taken.
  std::string small = body.substr(0, body.find('\n') + 1);
  auto ok = s.client().Post("/v1/events", bearer(kIngest), small, "application/x-ndjson");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST(Serve, TokensAndScopes) {
  auto dir = served_project("serve-auth");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto none = c.Get("/v1/status");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate").rfind("Bearer", 0), 0u);
  auto unknown = c.Get("/v1/status", bearer(kRead + "x"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_NE(unknown->get_header_value("WWW-Authenticate").find("invalid_token"), std::string::npos);
  auto prefix = c.Get("/v1/status", bearer(kRead.substr(0, kRead.size() - 1)));
  ASSERT_TRUE(prefix);
  EXPECT_EQ(prefix->status, 401);
  auto basic = c.Get("/v1/status", {{"Authorization", "Basic " + kRead}});
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->status, 401);
  auto wrong_scope = c.Post("/v1/events", bearer(kRead), kOutage, "application/x-ndjson");
  ASSERT_TRUE(wrong_scope);
  EXPECT_EQ(wrong_scope->status, 403);
  EXPECT_NE(wrong_scope->body.find("ingest"), std::string::npos);
  auto ingest_reads = c.Get("/v1/status", bearer(kIngest));
  ASSERT_TRUE(ingest_reads);
  EXPECT_EQ(ingest_reads->status, 403);
  EXPECT_EQ(stored(dir), 0u);
  // Unknown paths need a token too: nothing about them is said without one.
  auto elsewhere = c.Get("/v1/nothing");
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 401);
  auto from_env = c.Get("/v1/status", bearer(kEnvRead));
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->status, 200) << from_env->body;
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  ASSERT_EQ(s.stop(), 0);
  // The log names tokens, never their secrets.
  std::string log = s.log_text();
  for (const auto& secret : {kIngest, kRead, kEnvRead}) EXPECT_EQ(log.find(secret), std::string::npos) << log;
  EXPECT_NE(log.find("\"token\":\"dash\""), std::string::npos) << log;
}

TEST(Serve, PublicEndpointsAreConfigurable) {
  auto dir = served_project("serve-public", "public = [\"/healthz\", \"/v1/status\"]\n");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto status = c.Get("/v1/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 401);
}

TEST(Serve, StatusAndAlertsAreTheCommandsJsonAtTheConfigClock) {
  auto dir = served_project("serve-status");
  write(dir / "e.ndjson", kOutage);
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto status = c.Get("/v1/status", bearer(kRead));
  ASSERT_TRUE(status);
  ASSERT_EQ(status->status, 200) << status->body;
  // serve.clock is 2026-10-20T00:00:00Z: T-1 (P1, opened 23:10) is past 80% of its hour.
  auto cli = command_json(dir, "status --as-of 2026-10-20T00:00:00Z");
  EXPECT_EQ(json::parse(status->body), cli);
  EXPECT_EQ(json::parse(status->body)["as_of"], "2026-10-20T00:00:00Z");
  auto alerts = c.Get("/v1/alerts?since=2026-10-01T00:00:00Z&customer=acme", bearer(kRead));
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->status, 200) << alerts->body;
  EXPECT_EQ(json::parse(alerts->body),
            command_json(dir, "alerts --as-of 2026-10-20T00:00:00Z --since 2026-10-01T00:00:00Z --customer acme"));
  EXPECT_FALSE(json::parse(alerts->body)["alerts"].empty()) << alerts->body;
  // Events another process stores are seen by the next question.
  write(dir / "more.ndjson",
        "{\"id\":\"9\",\"type\":\"ticket.opened\",\"at\":\"2026-10-19T23:05:00Z\",\"ticket\":\"T-9\",\"customer\":"
        "\"acme\",\"priority\":\"P1\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest more.ndjson").code, 0);
  auto later = c.Get("/v1/status", bearer(kRead));
  ASSERT_TRUE(later);
  EXPECT_EQ(json::parse(later->body), command_json(dir, "status --as-of 2026-10-20T00:00:00Z"));
  EXPECT_NE(later->body.find("T-9"), std::string::npos) << later->body;
}

TEST(Serve, BadQueryParametersAre400NamingThem) {
  auto dir = served_project("serve-params");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  struct Case {
    const char* target;
    const char* said;
  };
  for (const auto& k :
       {Case{"/v1/report", "period is required"}, Case{"/v1/report?period=2026-13", "period"},
        Case{"/v1/credits?period=2026-10&as_of=tomorrow", "as_of=tomorrow"},
        Case{"/v1/status?colour=red", "unknown query parameter colour"}, Case{"/v1/alerts?since=now", "since=now"},
        Case{"/v1/status?as_of=2026-10-01T00:00:00Z&as_of=2026-10-02T00:00:00Z", "as_of is given 2"},
        Case{"/v1/report?period=2026-10&customer=", "customer"}}) {
    auto r = c.Get(k.target, bearer(kRead));
    ASSERT_TRUE(r) << k.target;
    EXPECT_EQ(r->status, 400) << k.target << ": " << r->body;
    EXPECT_NE(r->body.find(k.said), std::string::npos) << k.target << ": " << r->body;
  }
}

TEST(Serve, MetricsCountIngestedEventsRequestsAndIngestTime) {
  auto dir = served_project("serve-metrics");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  ASSERT_EQ(c.Post("/v1/events", bearer(kIngest), kOutage, "application/x-ndjson")->status, 200);
  ASSERT_EQ(c.Post("/v1/events", bearer(kIngest), kOutage, "application/x-ndjson")->status, 200);  // duplicates
  ASSERT_EQ(c.Get("/v1/status")->status, 401);
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200);
  const std::string& t = m->body;
  EXPECT_NE(t.find("# TYPE vow_events_ingested_total counter"), std::string::npos) << t;
  EXPECT_NE(t.find("vow_events_ingested_total{type=\"outage.started\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("vow_events_ingested_total{type=\"outage.ended\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("vow_events_ingested_total{type=\"ticket.opened\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("vow_http_requests_total{path=\"/v1/events\",status=\"200\"} 2\n"), std::string::npos) << t;
  EXPECT_NE(t.find("vow_http_requests_total{path=\"/v1/status\",status=\"401\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("# TYPE vow_ingest_duration_seconds histogram"), std::string::npos) << t;
  EXPECT_NE(t.find("vow_ingest_duration_seconds_count 2\n"), std::string::npos) << t;
}

TEST(Serve, LogsAreOneJsonObjectPerLineWithoutQueryStrings) {
  auto dir = served_project("serve-log");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  ASSERT_TRUE(s.client().Get("/v1/status?customer=acme&as_of=2026-10-20T00:00:00Z", bearer(kRead)));
  ASSERT_EQ(s.stop(), 0);
  std::istringstream in(s.log_text());
  int requests = 0;
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line);  // throws on anything but one JSON object a line
    ASSERT_TRUE(j.is_object());
    EXPECT_TRUE(j.contains("time") && j.contains("level") && j.contains("msg")) << line;
    if (j["msg"] != "request") continue;
    ++requests;
    EXPECT_EQ(j["method"], "GET");
    EXPECT_EQ(j["path"], "/v1/status");
    EXPECT_EQ(j["status"], 200);
    EXPECT_TRUE(j["duration_ms"].is_number());
    EXPECT_EQ(j["remote"].get<std::string>().rfind("127.0.0.1:", 0), 0u) << line;
  }
  EXPECT_EQ(requests, 1);
  EXPECT_EQ(s.log_text().find("as_of="), std::string::npos);
}

// SIGTERM while a body is still arriving: that request is answered and
// stored, then the process exits 0.
TEST(Serve, SigtermLetsTheRequestUnderWayFinish) {
  auto dir = served_project("serve-sigterm");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  std::string body = kOutage;
  size_t half = body.size() / 2;
  std::promise<void> halfway;
  auto sent_half = halfway.get_future();
  std::thread stopper([&] {
    sent_half.wait();
    ::kill(s.pid, SIGTERM);
  });
  auto c = s.client();
  auto r = c.Post(
      "/v1/events", bearer(kIngest), body.size(),
      [&](size_t offset, size_t, httplib::DataSink& sink) {
        if (offset == 0) {
          sink.write(body.data(), half);
          // Time for the server to take the connection and start reading.
          std::this_thread::sleep_for(std::chrono::milliseconds(300));
          halfway.set_value();
          // Time for the signal to arrive and the server to stop listening.
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
        } else {
          sink.write(body.data() + offset, body.size() - offset);
        }
        return true;
      },
      "application/x-ndjson");
  stopper.join();
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(s.stop(0), 0) << s.log_text();  // signal 0: only waits for the exit
  EXPECT_EQ(stored(dir), 3u);
  // It was stopping while the request was under way.
  std::string log = s.log_text();
  auto stopping = log.find("\"msg\":\"stopping\"");
  auto request = log.find("\"path\":\"/v1/events\"");
  ASSERT_NE(stopping, std::string::npos) << log;
  ASSERT_NE(request, std::string::npos) << log;
  EXPECT_LT(stopping, request) << log;
  EXPECT_NE(log.find("\"msg\":\"stopped\""), std::string::npos) << log;
}

TEST(Serve, ConfigProblemsNameFileLineAndKey) {
  auto dir = project("serve-config", kRules);
  empty_ledger(dir);
  struct Case {
    std::string serve;
    std::string said;
  };
  const std::string base = "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[serve]\n";
  for (const auto& k : std::vector<Case>{
           {"listen = \"8080\"\n", "vow.toml:6:10: serve.listen \"8080\": expected HOST:PORT"},
           {"listen = \"127.0.0.1:99999\"\n", "vow.toml:6:10: serve.listen"},
           {"max_body = 0\n", "vow.toml:6:12: serve.max_body (bytes) must be a whole number from 1"},
           {"clock = \"soon\"\n", "vow.toml:6:9: serve.clock: expected an RFC 3339 instant"},
           {"public = [\"/v1/nothing\"]\n", "vow.toml:6:11: serve.public: \"/v1/nothing\" is not an endpoint"},
           {"port = 8080\n", "vow.toml:6:8: unknown key \"port\" in [serve] (known: listen,"},
           {"tokens = [{ name = \"a\", token = \"short\", scopes = [\"read\"] }]\n",
            "vow.toml:6:33: serve.tokens.token of \"a\": use 16 to 4096"},
           {"tokens = [{ name = \"a\", token = \"0123456789abcdef\", scopes = [\"write\"] }]\n",
            "vow.toml:6:63: serve.tokens.scopes: unknown scope \"write\""},
           {"tokens = [{ name = \"a\", token = \"0123456789abcdef\", token_env = \"X\", scopes = [\"read\"] }]\n",
            "vow.toml:6:11: serve.tokens \"a\": give either token"},
           {"tokens = [{ name = \"a\", token = \"0123456789abcdef\", scopes = [\"read\"] },\n"
            "          { name = \"b\", token = \"0123456789abcdef\", scopes = [\"read\"] }]\n",
            "vow.toml:7:11: serve.tokens.token of \"b\" is the same secret as \"a\"'s"},
       }) {
    write(dir / "vow.toml", base + k.serve);
    auto r = run_vow(dir, "check");
    EXPECT_EQ(r.code, 78) << k.serve << r.out;
    EXPECT_NE(r.out.find(k.said), std::string::npos) << k.serve << r.out;
  }
}

TEST(Serve, ATokenFromAnUnsetVariableStopsItAtStart) {
  auto dir = served_project("serve-env");
  auto r = run_vow(dir, "serve --listen 127.0.0.1:0");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("vow.toml:11: serve.tokens.token_env of \"ops\": the environment variable VOW_TEST_OPS_TOKEN "
                       "is not set"),
            std::string::npos)
      << r.out;
  auto bad = run_vow(dir, "serve --listen 8080");
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--listen 8080: expected HOST:PORT"), std::string::npos) << bad.out;
}

// The sample config users are pointed to loads, with the documented values.
TEST(Serve, TheExampleConfigLoads) {
  auto c = vow::load_config(fs::path(VOW_SOURCE_DIR) / "examples" / "serve" / "vow.toml");
  EXPECT_EQ(c.serve.host, "127.0.0.1");
  EXPECT_EQ(c.serve.port, 8080);
  EXPECT_EQ(c.serve.max_body, 10u * 1024 * 1024);
  ASSERT_EQ(c.serve.tokens.size(), 2u);
  EXPECT_EQ(c.serve.tokens[0].token_env, "VOW_READ_TOKEN");
  EXPECT_EQ(c.serve.tokens[1].scopes, std::vector<std::string>{"ingest"});
  EXPECT_EQ(c.serve.public_paths, (std::vector<std::string>{"/metrics", "/healthz"}));
  EXPECT_FALSE(c.serve.clock);
  // Without [serve], the defaults.
  auto portfolio = vow::load_config(fs::path(VOW_SOURCE_DIR) / "examples" / "portfolio" / "vow.toml");
  EXPECT_EQ(portfolio.serve.port, 8080);
  EXPECT_TRUE(portfolio.serve.tokens.empty());
}

// Writers take turns and readers run beside them: four clients post
// distinct events at once (each body twice) while two ask for status; every
// post is answered, every event is stored once, and the answer after them
// is the command's.
TEST(Serve, ConcurrentPostsAndQueries) {
  auto dir = served_project("serve-concurrent");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto body = [](int writer, int round) {
    std::string b;
    for (int i = 0; i < 20; ++i) {
      std::string id = "w" + std::to_string(writer) + "-" + std::to_string(round) + "-" + std::to_string(i);
      b += "{\"id\":\"" + id + "\",\"type\":\"ticket.opened\",\"at\":\"2026-10-19T23:" + (i < 10 ? "0" : "") +
           std::to_string(i) + ":00Z\",\"ticket\":\"" + id + "\",\"customer\":\"acme\",\"priority\":\"P1\"}\n";
    }
    return b;
  };
  std::atomic<int> answered{0}, fresh{0}, reads{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&, w] {
      auto c = s.client();
      for (int round = 0; round < 5; ++round)
        for (int twice = 0; twice < 2; ++twice) {
          auto r = c.Post("/v1/events", bearer(kIngest), body(w, round), "application/x-ndjson");
          if (!r || r->status != 200) continue;
          ++answered;
          fresh += json::parse(r->body)["new"].get<int>();
        }
    });
  for (int q = 0; q < 2; ++q)
    threads.emplace_back([&] {
      auto c = s.client();
      while (writing) {
        auto r = c.Get("/v1/status", bearer(kRead));
        if (r && r->status == 200 && json::parse(r->body).contains("clocks")) ++reads;
      }
    });
  for (int w = 0; w < 4; ++w) threads[static_cast<size_t>(w)].join();
  writing = false;
  for (size_t i = 4; i < threads.size(); ++i) threads[i].join();
  EXPECT_EQ(answered, 40);
  EXPECT_EQ(fresh, 400);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(stored(dir), 400u);
  auto last = s.client().Get("/v1/status", bearer(kRead));
  ASSERT_TRUE(last);
  EXPECT_EQ(json::parse(last->body), command_json(dir, "status --as-of 2026-10-20T00:00:00Z"));
  EXPECT_EQ(s.stop(), 0) << s.log_text();
}

// A client that connects and sends nothing is dropped after
// read_timeout_seconds; one with a header line past 8 KiB is refused; the
// server answers others all the while.
TEST(Serve, SilentClientsAndHugeHeadersAreRefused) {
  auto dir = served_project("serve-limits", "read_timeout_seconds = 1\n");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(static_cast<uint16_t>(s.port));
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
  auto start = std::chrono::steady_clock::now();
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10'000), 1) << "not dropped within 10 s";
  char byte;
  EXPECT_LE(::recv(fd, &byte, 1, 0), 0);  // closed, nothing said
  ::close(fd);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(5));

  auto c = s.client();
  auto huge = c.Get("/v1/status", {{"Authorization", "Bearer " + kRead}, {"X-Padding", std::string(20'000, 'x')}});
  EXPECT_TRUE(!huge || huge->status == 400) << (huge ? std::to_string(huge->status) + huge->body : "");
  auto health = s.client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

// A refused request's body is never taken for the next request on its
// connection (behind a proxy that reuses connections, it could be another
// client's): one request per connection.
TEST(Serve, TheBodyOfARefusedRequestIsNotReadAsTheNextRequest) {
  auto dir = served_project("serve-smuggle");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(static_cast<uint16_t>(s.port));
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
  auto send_all = [fd](const std::string& t) { return ::send(fd, t.data(), t.size(), MSG_NOSIGNAL); };
  const std::string inner = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  send_all("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(inner.size()) + "\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // answered 401 before its body comes
  send_all(inner);
  std::string got;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5'000) != 1) break;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  EXPECT_EQ(got.rfind("HTTP/1.1 401", 0), 0u) << got;
  EXPECT_EQ(got.find("HTTP/1.1 200"), std::string::npos) << got;
  ASSERT_EQ(s.stop(), 0);
  EXPECT_EQ(s.log_text().find("/healthz"), std::string::npos) << s.log_text();
}

// Webhooks (ABI 1.2): a real Alertmanager payload POSTed to /v1/hooks/NAME
// goes through the plugin into the ledger, as `vow import --webhook` would.
TEST(Serve, WebhooksGoThroughTheirPluginIntoTheLedger) {
  const fs::path payload = fs::path(VOW_SOURCE_DIR) / ".." / "shared" / "realdata" / "monitoring" /
                           "alertmanager_webhook_v4_sample_famedly.json";
  if (!fs::exists(payload)) GTEST_SKIP() << "no ../shared/realdata beside the checkout: " << payload;
  auto dir = served_project("serve-hooks");
  std::string toml = slurp(dir / "vow.toml");
  write(dir / "vow.toml", toml + "\n[[plugins]]\nname = \"alertmanager\"\nlibrary = \"" PLUGIN_MONITORING_ALERTMANAGER
                                 "\"\n\n[[plugins]]\nname = \"good\"\nlibrary = \"" PLUGIN_GOOD_SOURCE "\"\n");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  const std::string body = slurp(payload);
  auto r = c.Post("/v1/hooks/alertmanager", bearer(kIngest), body, "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body), json({{"new", 1}, {"duplicate", 0}}));
  // Alertmanager resends while the alert fires: the same event, stored once.
  auto again = c.Post("/v1/hooks/alertmanager", bearer(kIngest), body, "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(json::parse(again->body), json({{"new", 0}, {"duplicate", 1}}));
  EXPECT_EQ(stored(dir), 1u);
  // A hook needs the ingest scope; an unknown plugin, one without a webhook
  // call and a body the plugin cannot read are refused, and nothing is stored.
  EXPECT_EQ(c.Post("/v1/hooks/alertmanager", bearer(kRead), body, "application/json")->status, 403);
  auto unknown = c.Post("/v1/hooks/nosuch", bearer(kIngest), body, "application/json");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->body.find(dir.string()), std::string::npos) << unknown->body;  // no path of the server's
  EXPECT_EQ(c.Post("/v1/hooks/good", bearer(kIngest), body, "application/json")->status, 404);
  auto bad = c.Post("/v1/hooks/alertmanager", bearer(kIngest), "{\"alerts\": 7}", "application/json");
  EXPECT_EQ(bad->status, 400) << bad->body;
  EXPECT_EQ(c.Post("/v1/hooks/..%2Fvow.db", bearer(kIngest), body, "application/json")->status, 404);
  EXPECT_EQ(stored(dir), 1u);
  // The token never reaches the plugin: its headers are the request's but that one.
  EXPECT_EQ(s.log_text().find(kIngest), std::string::npos);
  EXPECT_EQ(s.stop(), 0) << s.log_text();
}

// The dashboard's files are built in and served without a token (they hold
// no data: what they show comes from the API with the viewer's token).
TEST(Serve, TheDashboardIsServedWithItsFilesAndAStrictPolicy) {
  auto dir = served_project("serve-dashboard");
  Served s(dir, env());
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page->body, slurp(fs::path(VOW_SOURCE_DIR) / "engine" / "src" / "serve" / "web" / "index.html"));
  for (const char* file : {"/dashboard.js", "/dashboard.css", "/index.html"}) {
    auto r = c.Get(file);
    ASSERT_TRUE(r) << file;
    EXPECT_EQ(r->status, 200) << file;
  }
  EXPECT_EQ(c.Get("/dashboard.js")->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(c.Get("/secret.js")->status, 401);  // no such file: an endpoint like any other
  EXPECT_EQ(c.Get("/v1/status")->status, 401);  // the data stays behind a token
  EXPECT_EQ(s.stop(), 0) << s.log_text();
}
