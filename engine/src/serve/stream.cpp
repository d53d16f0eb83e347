#include "serve/stream.hpp"

#include <algorithm>

namespace vow::serve {

std::string sse_frame(const Announcement& a) {
  std::string id = a.id;
  std::erase_if(id, [](char c) { return c == '\n' || c == '\r' || c == '\0'; });
  std::string out = "event: " + a.event + "\nid: " + id + "\n";
  std::size_t start = 0;
  for (;;) {
    std::size_t end = a.data.find_first_of("\r\n", start);
    out += "data: " + a.data.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out + "\n";
}

bool Follower::next(std::vector<Announcement>& out, std::chrono::milliseconds wait) {
  std::unique_lock lock(m_);
  more_.wait_for(lock, wait, [&] { return ended_ || !queue_.empty(); });
  // What was announced before the end is still sent.
  out.insert(out.end(), std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  return !ended_ || !out.empty();
}

void Follower::push(const Announcement& a) {
  {
    std::lock_guard lock(m_);
    if (ended_) return;
    // A client that reads nothing must not make the server hold everything:
    // it is dropped, and reconnecting brings it back to /v1/alerts.
    if (queue_.size() >= max_behind_) {
      ended_ = true;
      queue_.clear();
    } else {
      queue_.push_back(a);
    }
  }
  more_.notify_all();
}

void Follower::end() {
  {
    std::lock_guard lock(m_);
    ended_ = true;
  }
  more_.notify_all();
}

std::shared_ptr<Follower> Stream::follow() {
  std::lock_guard lock(m_);
  if (closed_ || followers_.size() >= max_followers_) return nullptr;
  followers_.push_back(std::make_shared<Follower>(max_behind_));
  return followers_.back();
}

void Stream::leave(const std::shared_ptr<Follower>& f) {
  std::lock_guard lock(m_);
  std::erase(followers_, f);
}

void Stream::announce(const Announcement& a) {
  std::lock_guard lock(m_);
  for (auto& f : followers_) f->push(a);
}

void Stream::close() {
  std::lock_guard lock(m_);
  closed_ = true;
  for (auto& f : followers_) f->end();
}

}  // namespace vow::serve
