// A sink with a feed: nothing would ever read what it was fed.
// expect: vow plugin: `feed` is called only on a SOURCE, and a SOURCE needs `bool next_batch(std::string& ndjson)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void feed(std::string_view, std::string_view) {}
  std::string deliver(std::string_view kind, std::string_view) { return std::string(kind); }
};

VOW_PLUGIN(Plugin)
