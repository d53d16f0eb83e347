// serve.rate_limit against the real server: a flood from one address is
// answered 429 with Retry-After before any work; a busy collector is not.
#include <nlohmann/json.hpp>
#include <thread>

#include "serve_process.hpp"

using namespace vowtest;

namespace {

const std::string kIngest = "ingest-0123456789abcdef";

fs::path limited_project(const std::string& name, const std::string& limit) {
  auto dir = project(name);
  empty_ledger(dir);
  write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[serve]\n" + limit +
                              "tokens = [{ name = \"ci\", token = \"" + kIngest + "\", scopes = [\"ingest\"] }]\n");
  return dir;
}

std::string events(int from, int n) {
  std::string s;
  for (int i = from; i < from + n; ++i)
    s += "{\"id\":\"e" + std::to_string(i) +
         "\",\"type\":\"ticket.opened\",\"at\":\"2026-10-05T08:00:00Z\",\"ticket\":\"T" + std::to_string(i) +
         "\",\"customer\":\"acme\",\"priority\":\"P1\"}\n";
  return s;
}

}  // namespace

TEST(ServeRateLimit, AFloodIsAnswered429WithRetryAfter) {
  auto dir = limited_project("rate-flood", "rate_limit = { requests_per_second = 0.5, burst = 3 }\n");
  Served s(dir);
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  for (int i = 0; i < 3; ++i) {
    auto r = c.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << i;
  }
  auto refused = c.Get("/healthz");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "2");
  EXPECT_NE(refused->body.find("too many requests from your address (serve.rate_limit)"), std::string::npos)
      << refused->body;
  // Refused before its token or body is looked at: nothing is stored.
  auto post = c.Post("/v1/events", bearer(kIngest), events(0, 5), "application/x-ndjson");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 429);
  EXPECT_EQ(s.stop(), 0);
  // The first refusal of the run is logged; the flood after it only counted.
  std::string log = s.log_text();
  size_t logged = 0;
  for (size_t at = 0; (at = log.find("\"status\":429", at)) != std::string::npos; ++at) ++logged;
  EXPECT_EQ(logged, 1u) << log;
  auto exported = run_vow(dir, "export");
  EXPECT_EQ(exported.out.find("\"e0\""), std::string::npos) << exported.out;
}

TEST(ServeRateLimit, TheDefaultLetsABusyCollectorThrough) {
  // 100 posts a second of 100 events each, for two seconds, with no [serve.rate_limit].
  auto dir = limited_project("rate-collector", "");
  Served s(dir);
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  auto start = std::chrono::steady_clock::now();
  int refused = 0;
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_until(start + std::chrono::milliseconds(10 * i));
    auto r = c.Post("/v1/events", bearer(kIngest), events(i * 100, 100), "application/x-ndjson");
    ASSERT_TRUE(r) << i;
    refused += r->status == 429;
    EXPECT_EQ(r->status, 200) << i << " " << r->body;
  }
  EXPECT_EQ(refused, 0);
  EXPECT_EQ(s.stop(), 0);
}

TEST(ServeRateLimit, ZeroTurnsItOff) {
  auto dir = limited_project("rate-off", "rate_limit = { requests_per_second = 0 }\n");
  Served s(dir);
  ASSERT_TRUE(s.up()) << s.banner << s.log_text();
  auto c = s.client();
  for (int i = 0; i < 1000; ++i) {
    auto r = c.Get("/healthz");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << i;
  }
  EXPECT_EQ(s.stop(), 0);
}
