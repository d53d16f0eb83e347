#include "compliance/month_cache.hpp"

#include <algorithm>
#include <limits>

namespace vow {

const MonthCache::Kept* MonthCache::find(const Contract& c, Interval p, bool with_credit, Instant as_of,
                                         std::span<const Instant> changes) {
  auto it = entries_.find(std::tuple(c.id, p.a, p.b, with_credit));
  if (it == entries_.end()) return nullptr;
  Instant lo = std::min(it->second.as_of, as_of), hi = std::max(it->second.as_of, as_of);
  auto next = std::upper_bound(changes.begin(), changes.end(), lo);
  if (next != changes.end() && *next <= hi) return nullptr;
  ++reused;
  return &it->second.kept;
}

void MonthCache::keep(const Contract& c, Interval p, bool with_credit, Instant as_of, Kept kept) {
  entries_.insert_or_assign(std::tuple(c.id, p.a, p.b, with_credit), Entry{as_of, std::move(kept)});
}

void MonthCache::forget(std::string_view customer) {
  auto it = entries_.lower_bound(std::tuple(std::string(customer), std::numeric_limits<Instant>::min(),
                                            std::numeric_limits<Instant>::min(), false));
  while (it != entries_.end() && std::get<0>(it->first) == customer) it = entries_.erase(it);
}

void MonthCache::forget_before(Instant start) {
  std::erase_if(entries_, [&](const auto& e) { return std::get<1>(e.first) < start; });
}

}  // namespace vow
