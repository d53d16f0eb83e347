// feed returning false for a bad file, which the helper would ignore.
// expect: vow plugin: `feed` must return void (throw to refuse a file; a returned value is ignored), as in `void
// feed(std::string_view file, std::string_view data)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  bool feed(std::string_view, std::string_view data) { return !data.empty(); }
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
