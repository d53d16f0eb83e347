// Memory for arrays of millions of elements (model/large_pages.hpp): what
// it hands out holds what is put in it, whatever its size, and big blocks
// sit on huge-page boundaries so that the kernel can back them so.
#include "model/large_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>

using namespace vow;

TEST(LargePages, ArraysOfEverySizeHoldWhatIsPutInThem) {
  for (std::size_t n : {0u, 1u, 1000u, 600'000u, 3'000'000u}) {  // small and large blocks
    LargeArray<std::uint64_t> v = make_large_array<std::uint64_t>(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = i * 3;
    std::uint64_t sum = std::accumulate(v.get(), v.get() + n, std::uint64_t{0});
    EXPECT_EQ(sum, n == 0 ? 0 : 3 * (n - 1) * n / 2) << n;
  }
}

TEST(LargePages, BigArraysStartOnAHugePage) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  LargeArray<char> big = make_large_array<char>(3 * kHuge + 5);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(big.get()) % kHuge, 0u);
  big[0] = 'a';
  big[3 * kHuge + 4] = 'z';  // the last byte asked for is there
  EXPECT_EQ(big[0] + big[3 * kHuge + 4], 'a' + 'z');
  LargeArray<std::int64_t> small = make_large_array<std::int64_t>(3);
  small[2] = -7;
  EXPECT_EQ(small[2], -7);
}
