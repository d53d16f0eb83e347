// Memory for arrays of millions of elements (a month of one-minute
// windows is 400 MB): asked for in 2 MiB pages where the kernel gives them
// on request (transparent huge pages in `madvise` mode, Debian's default),
// so that filling it takes hundreds of page faults instead of a hundred
// thousand. Smaller blocks come from the usual allocator.
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>

namespace vow {

// Uninitialised, aligned for any type; throws std::bad_alloc.
void* large_allocate(std::size_t bytes);
// `bytes` as given to large_allocate.
void large_free(void* p, std::size_t bytes) noexcept;

// An array of `n` default-constructible, trivially destructible elements.
template <typename T>
struct LargeArrayDeleter {
  std::size_t n = 0;
  void operator()(T* p) const noexcept { large_free(p, n * sizeof(T)); }
};
template <typename T>
using LargeArray = std::unique_ptr<T[], LargeArrayDeleter<T>>;

template <typename T>
LargeArray<T> make_large_array(std::size_t n) {
  static_assert(std::is_trivially_destructible_v<T>);
  T* p = static_cast<T*>(large_allocate(n * sizeof(T)));
  return LargeArray<T>(p, LargeArrayDeleter<T>{n});
}

}  // namespace vow
