// strict as a plain member: the table is filled before any instance exists.
// expect: vow plugin: `strict` must be `static constexpr bool strict = true;`
#include <string>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  bool strict = true;
  explicit Plugin(const vow::sdk::Context&) {}
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
