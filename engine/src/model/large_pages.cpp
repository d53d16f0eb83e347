#include "model/large_pages.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace vow {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

// Below a huge page, rounding up would waste more than it saves.
bool large(std::size_t bytes) {
  return bytes >= kHugePage;
}

std::size_t rounded(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

}  // namespace

void* large_allocate(std::size_t bytes) {
  if (!large(bytes)) return ::operator new(bytes == 0 ? 1 : bytes);
  void* p = std::aligned_alloc(kHugePage, rounded(bytes));
  if (!p) throw std::bad_alloc();
  // Advice only: where refused (THP off), the pages are the usual ones.
  ::madvise(p, rounded(bytes), MADV_HUGEPAGE);
  return p;
}

void large_free(void* p, std::size_t bytes) noexcept {
  if (!p) return;
  if (large(bytes))
    std::free(p);
  else
    ::operator delete(p);
}

}  // namespace vow
