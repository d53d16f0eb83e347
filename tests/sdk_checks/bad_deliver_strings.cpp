// deliver taking std::string by value, which a std::string_view does not convert to implicitly.
// expect: vow plugin: `deliver` cannot be called as `std::string deliver(std::string_view kind, std::string_view
// json)`: it must be public and take two std::string_view
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  std::string deliver(std::string kind, std::string json) { return kind + json; }
};

VOW_PLUGIN(Plugin)
