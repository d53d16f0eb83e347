// next_batch taking a copy: vow import said "0 new, 0 duplicate" with exit 0, every event lost.
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
  bool next_batch(std::string ndjson) {
    ndjson = "{}\n";
    return false;
  }
};

VOW_PLUGIN(Plugin)
