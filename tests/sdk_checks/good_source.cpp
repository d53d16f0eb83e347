// A source as docs/plugins.md writes it, with what must keep compiling: a
// near-miss name that is a public data member, a lookalike while the right
// name is there too, a final class, next_batch overloaded.
#include <string>
#include <string_view>
#include <vector>

#include "vow/plugin.hpp"

class Plugin final {
 public:
  static constexpr const char* name = "test_good_source";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context& cx) : config_(cx.config) {}
  void feed(std::string_view file, std::string_view data) { files.emplace_back(std::string(file) + std::string(data)); }
  void webhook(std::string_view headers, std::string_view body) { feed(headers, body); }
  bool next_batch(std::string& ndjson) {
    ndjson.swap(pending_);
    return !ndjson.empty();
  }
  bool next_batch(std::vector<std::string>& lines) { return !lines.empty(); }
  bool nextBatch() const { return !pending_.empty(); }

  std::vector<std::string> feeds;  // a near miss of feed, but data
  std::vector<std::string> files;

 private:
  std::string config_;
  std::string pending_;
};

VOW_PLUGIN(Plugin)
