// next_batch returning a count, as a C programmer might.
// expect: vow plugin: `next_batch` must return bool (false when there is no more), as in `bool next_batch(std::string&
// ndjson)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  int next_batch(std::string& ndjson) { return static_cast<int>(ndjson.size()); }
};

VOW_PLUGIN(Plugin)
