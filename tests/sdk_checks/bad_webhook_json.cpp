// webhook taking parsed JSON, which the helper cannot hand it.
// expect: vow plugin: `webhook` cannot be called as `void webhook(std::string_view headers, std::string_view body)`:
// it must be public and take two std::string_view
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

struct Json {};

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void webhook(const Json&) {}
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
