#include "compliance/event_store.hpp"

namespace vow {

EventStore::EventStore() {
  names_.emplace_back();
  name_ids_.emplace(names_.back(), 0);
}

std::uint32_t EventStore::intern(std::string_view name) {
  if (name.empty()) return 0;
  // A ticket's events mostly come together.
  if (name == names_[last_]) return last_;
  if (auto it = name_ids_.find(name); it != name_ids_.end()) return last_ = it->second;
  auto id = static_cast<std::uint32_t>(names_.size());
  name_ids_.emplace(names_.emplace_back(name), id);
  return last_ = id;
}

std::string_view EventStore::id_of(const PackedTicketEvent& e) const {
  auto i = static_cast<std::size_t>(&e - tickets_.data());
  std::uint64_t begin = i == 0 ? 0 : id_ends_[i - 1];
  return std::string_view(event_ids_).substr(begin, id_ends_[i] - begin);
}

void EventStore::add_packed(const PackedTicketEvent& e, std::string_view id) {
  tickets_.push_back(e);
  event_ids_ += id;
  id_ends_.push_back(event_ids_.size());
}

void EventStore::add(Event&& e) {
  if (!is_ticket_event(e.type)) {
    whole_.push_back(std::move(e));
    return;
  }
  PackedTicketEvent& p = tickets_.emplace_back();
  p.at = e.at;
  p.seq = e.seq;
  p.ticket = intern(e.ref);
  p.customer = intern(e.customer);
  p.priority = intern(e.priority);
  p.type = e.type;
  p.status = e.status;
  p.by_agent = e.by_agent;
  p.is_public = e.is_public;
  event_ids_ += e.id;
  id_ends_.push_back(event_ids_.size());
}

}  // namespace vow
