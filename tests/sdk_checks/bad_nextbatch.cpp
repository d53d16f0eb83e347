// next_batch without its underscore, in a pull-only source (no feed).
// expect: vow plugin: `nextbatch` looks like a misspelling of `bool next_batch(std::string& ndjson)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  bool nextbatch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
