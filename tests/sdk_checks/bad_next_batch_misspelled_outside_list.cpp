// A misspelling that is not in the near-miss list, in a class with no other
// capability: not taken for a misspelling, and still an error, the
// "neither" one (docs/plugins.md, Near-miss names).
// expect: vow plugin: the class is neither a SOURCE nor a SINK: a SOURCE has `bool next_batch(std::string& ndjson)`, a
// SINK has `std::string deliver(std::string_view kind, std::string_view json)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  bool next_batchh(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
