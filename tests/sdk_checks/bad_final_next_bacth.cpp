// A final class cannot be derived from, so its members are found another way.
// expect: vow plugin: `next_bacth` looks like a misspelling of `bool next_batch(std::string& ndjson)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin final {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  bool next_bacth(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
