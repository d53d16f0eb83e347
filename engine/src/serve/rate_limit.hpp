// serve.rate_limit: a token bucket per client address (docs/serve.md,
// docs/adr/0035). Pure apart from its lock: the caller gives the time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "vow/config.hpp"

namespace vow::serve {

class RateLimiter {
 public:
  // `clients`: the addresses held at most. Past it, those whose bucket has
  // refilled go first (forgetting them changes nothing), then the ones seen
  // longest ago, so that rotating addresses cannot grow it.
  explicit RateLimiter(ServeRateLimit limit, std::size_t clients = 10000);

  struct Verdict {
    bool allowed = true;
    int retry_after_seconds = 0;  // when refused: whole seconds until one request is allowed again
    bool first = false;           // the first refusal since this client's last allowed request
  };
  // One request of `client` (client_key()) at `now_us`, microseconds of a
  // steady clock. Safe from any thread.
  Verdict take(std::string_view client, std::int64_t now_us);
  bool enabled() const { return limit_.requests_per_second > 0; }
  std::size_t tracked() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t last_us = 0;
    bool refusing = false;  // its last request was refused
  };
  void make_room(std::int64_t now_us);
  double level(const Bucket& b, std::int64_t now_us) const;

  ServeRateLimit limit_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// The address a bucket is kept for: an IPv4 address as it is, an IPv6 one
// by its /64 (one host is usually given a whole /64 to pick from), an
// IPv4-mapped IPv6 address as its IPv4 address.
std::string client_key(std::string_view remote_addr);

}  // namespace vow::serve
