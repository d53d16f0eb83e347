// A well-formed source built with the SDK's C++ helper: every line of every
// file fed to it comes back as an outage.ended event (a test double that
// exercises the real ABI).
#include <string>
#include <vector>

#include "vow/plugin.hpp"

class GoodSource {
 public:
  static constexpr const char* name = "test_good_source";
  static constexpr const char* version = "1.0.0";

  explicit GoodSource(const vow::sdk::Context& cx) {
    if (cx.config.find("\"fail\"") != std::string_view::npos) throw std::runtime_error("config: \"fail\" was set");
  }
  void feed(std::string_view file, std::string_view data) {
    size_t n = 0;
    for (size_t pos = 0; pos < data.size();) {
      size_t end = data.find('\n', pos);
      if (end == std::string_view::npos) end = data.size();
      std::string_view word = data.substr(pos, end - pos);
      if (word == "!invalid")  // lets tests see connector output refused
        out_.push_back("{\"id\":\"good:bad\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\"}\n");
      else if (!word.empty())
        out_.push_back("{\"id\":\"good:" + std::string(file) + ":" + std::to_string(++n) +
                       "\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"" +
                       std::string(word) + "\"}\n");
      pos = end + 1;
    }
  }
  bool next_batch(std::string& ndjson) {
    if (next_ >= out_.size()) return false;
    ndjson = out_[next_++];
    return true;
  }

 private:
  std::vector<std::string> out_;
  size_t next_ = 0;
};

VOW_PLUGIN(GoodSource)
