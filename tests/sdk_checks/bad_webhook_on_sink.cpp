// A sink with a webhook: nothing would ever read what it makes.
// expect: vow plugin: `webhook` is called only on a SOURCE, and a SOURCE needs `bool next_batch(std::string& ndjson)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void webhook(std::string_view, std::string_view) {}
  std::string deliver(std::string_view, std::string_view) { return "ref"; }
};

VOW_PLUGIN(Plugin)
