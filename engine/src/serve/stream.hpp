// The alert stream (GET /v1/alerts/stream): what live evaluation announces,
// handed to every client following it as server-sent events.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vow::serve {

// One announcement: `event` is alert, retraction or draft; `data` one line of JSON.
struct Announcement {
  std::string event, id, data;
};

// The frame of one announcement (an id or data with line breaks cannot
// break the stream: each line of data is its own data: field, and an id
// keeps none).
std::string sse_frame(const Announcement& a);

// What one client has not been sent yet.
class Follower {
 public:
  explicit Follower(std::size_t max_behind) : max_behind_(max_behind) {}
  // Waits up to `wait` for announcements and moves them to `out`; false
  // once the stream ended (shutdown) or this client fell too far behind.
  bool next(std::vector<Announcement>& out, std::chrono::milliseconds wait);
  void push(const Announcement& a);
  void end();

 private:
  std::mutex m_;
  std::condition_variable more_;
  std::deque<Announcement> queue_;
  std::size_t max_behind_;
  bool ended_ = false;
};

class Stream {
 public:
  explicit Stream(std::size_t max_followers = 16, std::size_t max_behind = 10'000)
      : max_followers_(max_followers), max_behind_(max_behind) {}
  // A new follower, or nullptr when there are max_followers already (each
  // holds one of the server's threads).
  std::shared_ptr<Follower> follow();
  void leave(const std::shared_ptr<Follower>& f);
  void announce(const Announcement& a);
  // Ends every follower, so that the server's threads are free to stop.
  void close();

 private:
  std::mutex m_;
  std::vector<std::shared_ptr<Follower>> followers_;
  std::size_t max_followers_, max_behind_;
  bool closed_ = false;
};

}  // namespace vow::serve
