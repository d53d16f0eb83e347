// serve.rate_limit: a token bucket per client address, its time given.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "serve/rate_limit.hpp"

using namespace vow;
using namespace vow::serve;

namespace {
constexpr std::int64_t kSecond = 1'000'000;
}

TEST(ServeRateLimit, ABurstPassesThenRefusesWithTheWait) {
  RateLimiter r({.requests_per_second = 10, .burst = 20});
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(r.take("10.0.0.1", 0).allowed) << i;
  auto refused = r.take("10.0.0.1", 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);  // a tenth of a second, said in whole seconds
  EXPECT_TRUE(refused.first);
  EXPECT_FALSE(r.take("10.0.0.1", 0).first);  // the same run of refusals
  // Another address has its own bucket.
  EXPECT_TRUE(r.take("10.0.0.2", 0).allowed);
  // A tenth of a second later one more request is allowed, and only one.
  EXPECT_TRUE(r.take("10.0.0.1", kSecond / 10).allowed);
  auto again = r.take("10.0.0.1", kSecond / 10);
  EXPECT_FALSE(again.allowed);
  EXPECT_TRUE(again.first);  // a new run
}

TEST(ServeRateLimit, ASteadyRateAtTheLimitAlwaysPasses) {
  // The default: a collector posting 100 times a second is never refused.
  RateLimiter r(ServeRateLimit{});
  for (int i = 0; i < 10'000; ++i) ASSERT_TRUE(r.take("127.0.0.1", i * kSecond / 100).allowed) << i;
  // A flood is: 10,000 requests in one second from one address.
  int passed = 0;
  for (int i = 0; i < 10'000; ++i) passed += r.take("192.0.2.7", 200 * kSecond + i * 100).allowed;
  EXPECT_LE(passed, 400 + 200 + 1);
  EXPECT_GE(passed, 400);
}

TEST(ServeRateLimit, ASlowRateSaysHowLongToWait) {
  RateLimiter r({.requests_per_second = 0.1, .burst = 1});
  EXPECT_TRUE(r.take("a", 0).allowed);
  auto v = r.take("a", 0);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.retry_after_seconds, 10);
  EXPECT_EQ(r.take("a", 4 * kSecond).retry_after_seconds, 6);
  EXPECT_TRUE(r.take("a", 10 * kSecond).allowed);
}

TEST(ServeRateLimit, ZeroTurnsItOff) {
  RateLimiter r({.requests_per_second = 0, .burst = 1});
  EXPECT_FALSE(r.enabled());
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(r.take("a", 0).allowed);
  EXPECT_EQ(r.tracked(), 0u);
}

TEST(ServeRateLimit, RotatingAddressesCannotGrowIt) {
  RateLimiter r({.requests_per_second = 1, .burst = 5}, 100);
  for (int i = 0; i < 100'000; ++i) {
    r.take("198.51." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + "#" + std::to_string(i), i);
    ASSERT_LE(r.tracked(), 100u) << i;
  }
  // A client that keeps sending is still limited after the churn: it is
  // among the most recently seen, so it is not the one forgotten.
  RateLimiter s({.requests_per_second = 1, .burst = 5}, 100);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(s.take("flood", 0).allowed);
  for (int i = 0; i < 1000; ++i) {
    s.take("other-" + std::to_string(i), 1 + i);
    if (i % 10 == 0) s.take("flood", 1 + i);
  }
  EXPECT_FALSE(s.take("flood", 2000).allowed);
}

TEST(ServeRateLimit, IdleClientsAreForgottenFirst) {
  RateLimiter r({.requests_per_second = 1, .burst = 2}, 10);
  for (int i = 0; i < 10; ++i) r.take("idle-" + std::to_string(i), 0);
  EXPECT_EQ(r.tracked(), 10u);
  // Ten seconds on, every bucket has refilled: the next address clears them.
  r.take("new", 10 * kSecond);
  EXPECT_EQ(r.tracked(), 1u);
}

TEST(ServeRateLimit, ThreadsShareOneBucketExactly) {
  RateLimiter r({.requests_per_second = 1, .burst = 1000});
  std::atomic<int> passed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) passed += r.take("one", 0).allowed;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(passed.load(), 1000);
}

TEST(ServeRateLimit, ClientKeys) {
  EXPECT_EQ(client_key("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(client_key("::ffff:192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(client_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2:ffff::1"), client_key("2001:db8:1:2::9"));
  EXPECT_NE(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
  EXPECT_EQ(client_key("::1"), "::/64");
}
