#include "compliance/window_index.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

namespace vow {
namespace {

bool earlier(const SliWindow* a, const SliWindow* b) {
  return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

// Sorted lists of instants, each once, joined two by two: the indicators'
// windows mostly share their instants, so each join shrinks what is left.
std::vector<Instant> join(std::vector<std::vector<Instant>> runs) {
  if (runs.empty()) return {};
  while (runs.size() > 1) {
    std::vector<std::vector<Instant>> next;
    for (std::size_t i = 0; i + 1 < runs.size(); i += 2) {
      std::vector<Instant> both;
      both.reserve(std::max(runs[i].size(), runs[i + 1].size()));
      std::set_union(runs[i].begin(), runs[i].end(), runs[i + 1].begin(), runs[i + 1].end(), std::back_inserter(both));
      next.push_back(std::move(both));
    }
    if (runs.size() % 2 == 1) next.push_back(std::move(runs.back()));
    runs.swap(next);
  }
  return std::move(runs.front());
}

}  // namespace

std::size_t WindowIndex::KeyHash::operator()(const Key& k) const {
  return std::hash<const void*>()(std::get<0>(k)) ^ (std::hash<const char*>()(std::get<1>(k)) * 31) ^ std::get<2>(k);
}

void index_windows(const EventStore& store, WindowIndex& x) {
  const WindowList& all = store.windows();
  if (x.indexed == all.size()) return;
  // In one pass over the windows, hundreds of megabytes for a month: each
  // scope's new instants, and the scopes a window came too early for.
  std::vector<std::vector<Instant>> fresh(x.scopes.size());
  std::vector<bool> unordered(x.scopes.size(), false);
  // A source sends an indicator's windows together: the scope of the one
  // before is nearly always this one's.
  std::size_t last = x.scopes.size();
  for (std::size_t i = x.indexed; i < all.size(); ++i) {
    const SliWindow* w = &all[i];
    if (last == x.scopes.size() || x.scopes[last].customers != w->customers ||
        x.scopes[last].ref.data() != w->ref.data() || x.scopes[last].ref.size() != w->ref.size()) {
      auto [it, added] = x.scope_at.try_emplace({w->customers, w->ref.data(), w->ref.size()}, x.scopes.size());
      if (added) {
        x.scopes.push_back({w->ref, w->customers, {}});
        fresh.emplace_back();
        unordered.push_back(false);
      }
      last = it->second;
    }
    auto& list = x.scopes[last].windows;
    if (!list.empty() && earlier(w, list.back()))
      unordered[last] = true;
    else if (fresh[last].empty() || fresh[last].back() != w->at)
      fresh[last].push_back(w->at);
    list.push_back(w);
  }
  x.indexed = all.size();
  // Sorted again, rarely: then its instants are all taken again.
  for (std::size_t s = 0; s < x.scopes.size(); ++s) {
    if (!unordered[s]) continue;
    auto& list = x.scopes[s].windows;
    std::stable_sort(list.begin(), list.end(), earlier);
    fresh[s].clear();
    for (const SliWindow* w : list)
      if (fresh[s].empty() || fresh[s].back() != w->at) fresh[s].push_back(w->at);
  }
  fresh.push_back(std::move(x.instants));
  x.instants = join(std::move(fresh));
}

}  // namespace vow
