#include "compliance/indicator_memo.hpp"

namespace vow {

IndicatorMemo::Key IndicatorMemo::key(const SliMeasure& m, std::span<const SliWindow* const> windows, const Zone& zone,
                                      Interval within, Instant as_of, std::int64_t target_num,
                                      std::int64_t target_den) {
  Key k;
  k.windows = reinterpret_cast<std::uintptr_t>(windows.data());
  k.count = windows.size();
  k.method = m.method;
  k.slice = m.slice;
  k.min_total = m.min_total;
  k.rate_num = m.rate_num;
  k.rate_den = m.rate_den;
  k.target_num = target_num;
  k.target_den = target_den;
  k.zone = reinterpret_cast<std::uintptr_t>(&zone);
  k.a = within.a;
  k.b = within.b;
  k.as_of = as_of;
  return k;
}

}  // namespace vow
