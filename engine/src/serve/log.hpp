// The server's log: one JSON object per line on a stream (standard error),
// written whole by one thread at a time. Never given a token's secret.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace vow::serve {

class Log {
 public:
  explicit Log(std::ostream& out) : out_(out) {}
  // Adds "time" (the system clock's, whatever serve.clock says) and "level" first.
  void write(const std::string& level, const std::string& msg, const nlohmann::ordered_json& fields = {});

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace vow::serve
