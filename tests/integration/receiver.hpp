// A receiver on loopback that plays a notifier's endpoint in tests: it
// keeps every request it is sent and answers with a status the test sets.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vowtest {

// A receiver on 127.0.0.1 that keeps every request and answers `status`.
class Receiver {
 public:
  Receiver() {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      requests_.push_back({req.path, req.body, req.get_header_value("Idempotency-Key"),
                           req.get_header_value("Authorization"), req.get_header_value("Content-Type")});
      res.status = status.load();
      res.set_content(status.load() == 200 ? "ok" : "no such channel", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  struct Got {
    std::string path, body, key, authorization, content_type;
  };
  std::vector<Got> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::atomic<int> status{200};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Got> requests_;
};

}  // namespace vowtest
