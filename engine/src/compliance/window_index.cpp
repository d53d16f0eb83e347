#include "compliance/window_index.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <unordered_map>

namespace vow {
namespace {

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
  // In one pass over the windows, hundreds of megabytes for a month: the
  // new instants of each scope they came to, and the scopes a window came
  // too early for. Only those scopes are looked at after: a live server
  // adds a few windows to a few of thousands.
  struct Touched {
    std::size_t scope;
    std::vector<Instant> instants;
    bool unordered = false;
  };
  std::vector<Touched> touched;
  std::unordered_map<std::size_t, std::size_t> touched_at;  // scope -> its place in `touched`
  // A source sends an indicator's windows together: the scope of the one
  // before is nearly always this one's. Both pointers are taken again
  // whenever their vectors grow.
  WindowScope* scope = nullptr;
  Touched* now = nullptr;
  for (std::size_t i = x.indexed; i < all.size(); ++i) {
    const SliWindow* w = &all[i];
    if (!scope || scope->customers != w->customers || scope->ref.data() != w->ref.data() ||
        scope->ref.size() != w->ref.size()) {
      auto [it, added] = x.scope_at.try_emplace({w->customers, w->ref.data(), w->ref.size()}, x.scopes.size());
      if (added) x.scopes.push_back({w->ref, w->customers, {}});
      scope = &x.scopes[it->second];
      auto [at, first] = touched_at.try_emplace(it->second, touched.size());
      if (first) touched.push_back({it->second, {}, false});
      now = &touched[at->second];
    }
    if (!scope->windows.empty() && in_time_order(w, scope->windows.back()))
      now->unordered = true;
    else if (now->instants.empty() || now->instants.back() != w->at)
      now->instants.push_back(w->at);
    scope->windows.push_back(w);
  }
  x.indexed = all.size();
  std::vector<std::vector<Instant>> runs;
  runs.push_back(std::move(x.instants));
  for (Touched& t : touched) {
    if (t.unordered) {  // a window earlier than those before it: the scope is sorted again, all its instants taken
      auto& list = x.scopes[t.scope].windows;
      std::stable_sort(list.begin(), list.end(), in_time_order);
      t.instants.clear();
      for (const SliWindow* w : list)
        if (t.instants.empty() || t.instants.back() != w->at) t.instants.push_back(w->at);
    }
    if (!t.instants.empty()) runs.push_back(std::move(t.instants));
  }
  x.instants = join(std::move(runs));
}

}  // namespace vow
