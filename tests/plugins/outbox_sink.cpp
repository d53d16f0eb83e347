// A test sink: writes each credit to outbox/<customer>-<period>.json unless
// it is there already, then (config "pause_ms") waits, so that a test can
// kill vow between a delivery and its record. Every call is logged to
// calls.log: the sink's own idempotence hides a second delivery from
// writes.log, and tests need to see that vow did not ask twice.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "vow/plugin.hpp"

class OutboxSink {
 public:
  static constexpr const char* name = "test_outbox_sink";
  static constexpr const char* version = "1.0.0";

  explicit OutboxSink(const vow::sdk::Context& cx) {
    std::string c(cx.config);
    auto field = [&](const std::string& key) {
      auto k = c.find("\"" + key + "\"");
      if (k == std::string::npos) return std::string();
      auto v = c.find_first_not_of(" :", k + key.size() + 2);
      auto end = c[v] == '"' ? c.find('"', v + 1) : c.find_first_of(",}", v);
      return c.substr(c[v] == '"' ? v + 1 : v, end - (c[v] == '"' ? v + 1 : v));
    };
    dir_ = field("dir");
    if (dir_.empty()) throw std::runtime_error("config: \"dir\" is required");
    std::string pause = field("pause_ms");
    pause_ms_ = pause.empty() ? 0 : std::stoi(pause);
    reference_ = field("reference");  // "bad_utf8" or "huge": references a ledger cannot hold as they are
  }

  std::string deliver(std::string_view kind, std::string_view json) {
    std::string j(json);
    auto pick = [&](const std::string& key) {
      auto k = j.find("\"" + key + "\":\"");
      return j.substr(k + key.size() + 4, j.find('"', k + key.size() + 4) - k - key.size() - 4);
    };
    std::string ref = pick("customer") + "-" + pick("period");
    std::filesystem::create_directories(dir_);
    std::ofstream(std::filesystem::path(dir_) / "calls.log", std::ios::app) << ref << "\n";
    auto file = std::filesystem::path(dir_) / (ref + ".json");
    if (!std::filesystem::exists(file)) {
      std::ofstream(file) << std::string(kind) << " " << j << "\n";
      std::ofstream(std::filesystem::path(dir_) / "writes.log", std::ios::app) << ref << "\n";
    }
    if (pause_ms_) std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms_));
    if (reference_ == "bad_utf8") return "outbox:\xff\xfe:" + ref;
    if (reference_ == "huge") return "outbox:" + std::string(2 << 20, 'r');
    return "outbox:" + ref;
  }

 private:
  std::string dir_;
  int pause_ms_ = 0;
  std::string reference_;
};

VOW_PLUGIN(OutboxSink)
