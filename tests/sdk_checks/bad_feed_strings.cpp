// feed taking std::string references, which a std::string_view does not bind to.
// expect: vow plugin: `feed` cannot be called as `void feed(std::string_view file, std::string_view data)`: it must be
// public and take two std::string_view
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void feed(std::string& file, std::string& data) { data += file; }
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
