#include "compliance/event_store.hpp"

#include <algorithm>
#include <limits>
#include <new>
#include <stdexcept>

namespace vow {

EventStore::EventStore() {
  names_.emplace_back();
  name_ids_.emplace(names_.back(), 0);
}

void EventStore::clear() {
  names_.clear();
  name_ids_.clear();
  id_chunks_.clear();
  id_used_ = kIdChunk;
  std::vector<std::uint64_t>().swap(id_at_);
  whole_.clear();
  windows_.clear();
  scopes_.clear();
  scope_of_.clear();
  last_scope_ = nullptr;
  indicators_.clear();
  last_indicator_ = nullptr;
  std::vector<PackedTicketEvent>().swap(tickets_);
  last_ = 0;
  map_stale_ = false;
  names_.emplace_back();
  name_ids_.emplace(names_.back(), 0);
}

void EventStore::adopt_names(const std::vector<std::string>& names) {
  if (names_.size() != 1 || names.empty() || !names[0].empty())
    throw std::logic_error("adopt_names: the store has names already");
  for (size_t i = 1; i < names.size(); ++i) names_.push_back(names[i]);
  map_stale_ = true;
}

std::uint32_t EventStore::intern(std::string_view name) {
  if (name.empty()) return 0;
  // A ticket's events mostly come together.
  if (name == names_[last_]) return last_;
  if (map_stale_) {
    // Never fewer buckets than it has (make_room's): reserve() can shrink.
    if (name_ids_.bucket_count() < names_.size()) name_ids_.reserve(names_.size());
    for (size_t i = name_ids_.size(); i < names_.size(); ++i)
      name_ids_.emplace(names_[i], static_cast<std::uint32_t>(i));
    map_stale_ = false;
  }
  if (auto it = name_ids_.find(name); it != name_ids_.end()) return last_ = it->second;
  auto id = static_cast<std::uint32_t>(names_.size());
  name_ids_.emplace(names_.emplace_back(name), id);
  return last_ = id;
}

std::string_view EventStore::text_at(std::uint64_t at) const {
  if ((at & 0xffff) == 0) return {};  // kept nowhere: see keep_id()
  std::uint64_t offset = at >> 16;
  return {id_chunks_[offset / kIdChunk].get() + offset % kIdChunk, static_cast<std::size_t>(at & 0xffff)};
}

std::string_view EventStore::id_of(std::uint32_t i) const {
  return text_at(id_at_[i]);
}

std::uint64_t EventStore::keep_id(std::string_view id) {
  id = id.substr(0, 0xffff);  // decoding allows 256 bytes
  if (id.empty()) return 0;   // there may be no chunk yet, or the last one full
  if (id_used_ + id.size() > kIdChunk) {
    id_chunks_.push_back(make_large_array<char>(kIdChunk));
    id_used_ = 0;
  }
  std::copy(id.begin(), id.end(), id_chunks_.back().get() + id_used_);
  std::uint64_t offset = (id_chunks_.size() - 1) * kIdChunk + id_used_;
  id_used_ += id.size();
  return offset << 16 | id.size();
}

void EventStore::reserve(std::size_t n) {
  tickets_.reserve(n);
  id_at_.reserve(n);
}

void EventStore::make_room(std::size_t more) {
  reserve(tickets_.size() + more);
  name_ids_.reserve(names_.size() + more);
}

void EventStore::add_packed(const PackedTicketEvent& e, std::string_view id) {
  if (tickets_.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("more than 4 billion ticket events in one engine");
  id_at_.push_back(keep_id(id));
  tickets_.push_back(e);
}

void EventStore::add_window(SliWindow w, const std::vector<std::string_view>* customers) {
  w.id = text_at(keep_id(w.id));
  w.ref = indicator(w.ref);
  w.customers = customers ? scope(*customers) : nullptr;
  windows_.push_back(w);
}

std::string_view EventStore::indicator(std::string_view name) {
  if (last_indicator_ && *last_indicator_ == name) return *last_indicator_;
  auto it = indicators_.find(name);
  if (it == indicators_.end()) it = indicators_.emplace(name).first;
  last_indicator_ = &*it;
  return *it;
}

const std::vector<std::string>* EventStore::scope(const std::vector<std::string_view>& customers) {
  // An indicator's windows come together.
  if (last_scope_ && std::equal(last_scope_->begin(), last_scope_->end(), customers.begin(), customers.end()))
    return last_scope_;
  std::string key;  // each name with its length: no two lists share one
  for (std::string_view c : customers) key.append(std::to_string(c.size())).append(1, ':').append(c);
  auto [it, fresh] = scope_of_.try_emplace(std::move(key), nullptr);
  if (fresh) it->second = &scopes_.emplace_back(customers.begin(), customers.end());
  return last_scope_ = it->second;
}

void WindowList::push_back(const SliWindow& w) {
  if (size_ % kChunk == 0 && size_ / kChunk == chunks_.size()) chunks_.push_back(make_large_array<SliWindow>(kChunk));
  new (&chunks_[size_ / kChunk][size_ % kChunk]) SliWindow(w);  // the chunk is raw memory
  ++size_;
}

void WindowList::clear() {
  chunks_.clear();
  size_ = 0;
}

bool SliWindow::covers(std::string_view customer) const {
  return !customers || std::find(customers->begin(), customers->end(), customer) != customers->end();
}

void EventStore::add(Event&& e) {
  if (e.type == EventType::SliCounted) {
    SliWindow w{.at = e.at,
                .start = e.start,
                .end = e.end,
                .seq = e.seq,
                .good = e.good,
                .total = e.total,
                .id = e.id,
                .ref = e.ref};
    std::vector<std::string_view> customers;
    if (e.customers) customers.assign(e.customers->begin(), e.customers->end());
    add_window(w, e.customers ? &customers : nullptr);
    return;
  }
  if (!is_ticket_event(e.type)) {
    whole_.push_back(std::move(e));
    return;
  }
  PackedTicketEvent p;
  p.at = e.at;
  p.seq = e.seq;
  p.ticket = intern(e.ref);
  p.customer = intern(e.customer);
  p.priority = intern(e.priority);
  p.type = e.type;
  p.status = e.status;
  p.by_agent = e.by_agent;
  p.is_public = e.is_public;
  add_packed(p, e.id);
}

}  // namespace vow
