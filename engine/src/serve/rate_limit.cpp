#include "serve/rate_limit.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace vow::serve {

RateLimiter::RateLimiter(ServeRateLimit limit, std::size_t clients)
    : limit_(limit), capacity_(std::max<std::size_t>(clients, 1)) {}

double RateLimiter::level(const Bucket& b, std::int64_t now_us) const {
  double gained = static_cast<double>(std::max<std::int64_t>(now_us - b.last_us, 0)) / 1e6 * limit_.requests_per_second;
  return std::min(limit_.burst, b.tokens + gained);
}

RateLimiter::Verdict RateLimiter::take(std::string_view client, std::int64_t now_us) {
  if (!enabled()) return {};
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    if (buckets_.size() >= capacity_) make_room(now_us);
    it = buckets_.emplace(std::string(client), Bucket{limit_.burst, now_us}).first;
  }
  Bucket& b = it->second;
  b.tokens = level(b, now_us);
  b.last_us = std::max(b.last_us, now_us);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    b.refusing = false;
    return {};
  }
  double wait = (1 - b.tokens) / limit_.requests_per_second;
  bool first = !b.refusing;
  b.refusing = true;
  return {false, std::max(1, static_cast<int>(std::ceil(wait))), first};
}

void RateLimiter::make_room(std::int64_t now_us) {
  std::erase_if(buckets_, [&](const auto& kv) { return level(kv.second, now_us) >= limit_.burst; });
  if (buckets_.size() < capacity_) return;
  // Every client busy: forget the eighth seen longest ago, so that this
  // sort is paid once per capacity/8 new addresses.
  std::vector<std::int64_t> seen;
  seen.reserve(buckets_.size());
  for (const auto& [k, b] : buckets_) seen.push_back(b.last_us);
  auto cut = seen.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(seen.size() / 8, 1) - 1);
  std::nth_element(seen.begin(), cut, seen.end());
  std::int64_t oldest = *cut;
  std::erase_if(buckets_, [&](const auto& kv) { return kv.second.last_us <= oldest; });
}

std::size_t RateLimiter::tracked() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

std::string client_key(std::string_view remote_addr) {
  std::string addr(remote_addr);
  unsigned char v6[16];
  if (inet_pton(AF_INET6, addr.c_str(), v6) != 1) return addr;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char text[INET6_ADDRSTRLEN];
  if (std::equal(mapped, mapped + 12, v6)) {
    inet_ntop(AF_INET, v6 + 12, text, sizeof text);
    return text;
  }
  std::fill(v6 + 8, v6 + 16, 0);
  inet_ntop(AF_INET6, v6, text, sizeof text);
  return std::string(text) + "/64";
}

}  // namespace vow::serve
