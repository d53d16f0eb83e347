// next_batch misspelt (letters swapped) in a source that has feed.
// expect: vow plugin: `next_bacth` looks like a misspelling of `bool next_batch(std::string& ndjson)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void feed(std::string_view, std::string_view) {}
  bool next_bacth(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
