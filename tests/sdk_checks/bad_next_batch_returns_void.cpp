// next_batch returning nothing: the helper used to skip it, leaving a plugin that was no source.
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
  void next_batch(std::string& ndjson) { ndjson.clear(); }
};

VOW_PLUGIN(Plugin)
