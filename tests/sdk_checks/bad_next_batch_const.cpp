// next_batch taking a const reference: it cannot fill the batch.
// expect: vow plugin: `next_batch` takes the batch by value or as const, so what it writes is lost; expected `bool
// next_batch(std::string& ndjson)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  bool next_batch(const std::string& ndjson) { return ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
