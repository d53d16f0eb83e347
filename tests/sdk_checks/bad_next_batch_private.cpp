// next_batch declared private: the helper cannot call it.
// expect: vow plugin: `next_batch` cannot be called as `bool next_batch(std::string& ndjson)`: it must be public and
// take a std::string& it fills
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}

 private:
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
