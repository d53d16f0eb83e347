// sli.counted windows (1.1, slis.md) as the index keeps them: by indicator
// and scope, each list in (at, ingest) order, and the instants they were
// counted at. Nothing reads windows in one time order across indicators,
// so a month's millions are never merged into one (ADR 0058).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "compliance/event_store.hpp"

namespace vow {

struct WindowScope {
  std::string_view ref;                                 // the indicator
  const std::vector<std::string>* customers = nullptr;  // the store's list; none: every customer
  std::vector<const SliWindow*> windows;                // in (at, ingest) order
};

struct WindowIndex {
  std::vector<WindowScope> scopes;
  std::vector<Instant> instants;  // every window's `at`, sorted, each once
  std::size_t indexed = 0;        // of the store's windows()
  // By the store's pointers: its lists and indicator names are kept once.
  using Key = std::tuple<const void*, const char*, std::size_t>;
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  std::unordered_map<Key, std::size_t, KeyHash> scope_at;
};

// The order of a scope's list: by `at`, then as ingested.
inline bool in_time_order(const SliWindow* a, const SliWindow* b) {
  return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

// Takes in the windows the store has gained since the last call.
void index_windows(const EventStore& store, WindowIndex& x);

}  // namespace vow
