// deliver misspelt in a sink.
// expect: vow plugin: `delivr` looks like a misspelling of `std::string deliver(std::string_view kind, std::string_view
// json)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  std::string delivr(std::string_view kind, std::string_view) { return std::string(kind); }
};

VOW_PLUGIN(Plugin)
