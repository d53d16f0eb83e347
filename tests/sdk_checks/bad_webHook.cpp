// webhook misspelt: the server would answer that the plugin takes no webhooks.
// expect: vow plugin: `webHook` looks like a misspelling of `void webhook(std::string_view headers, std::string_view
// body)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void webHook(std::string_view, std::string_view) {}
  bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

VOW_PLUGIN(Plugin)
