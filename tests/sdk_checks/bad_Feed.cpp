// feed with a capital letter.
// expect: vow plugin: `Feed` looks like a misspelling of `void feed(std::string_view file, std::string_view data)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void Feed(std::string_view, std::string_view) {}
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
