// strict misspelt: the source's near-miss fields would only be warned about.
// expect: vow plugin: `Strict` looks like a misspelling of `static constexpr bool strict = true;`
#include <string>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  static constexpr bool Strict = true;
  explicit Plugin(const vow::sdk::Context&) {}
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
