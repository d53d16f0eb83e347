// No constructor from the Context: the helper could not create an instance.
// expect: vow plugin: the class needs a public constructor `explicit P(const vow::sdk::Context& cx)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
