// feed misspelt: vow check passed and vow import said the plugin "takes no files".
// expect: vow plugin: `feeds` looks like a misspelling of `void feed(std::string_view file, std::string_view data)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void feeds(std::string_view, std::string_view) {}
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
