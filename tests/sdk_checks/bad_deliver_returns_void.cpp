// deliver returning nothing: the helper used to skip it, leaving a plugin that was no sink.
// expect: vow plugin: `deliver` must return the sink's reference as a std::string, as in `std::string
// deliver(std::string_view kind, std::string_view json)`
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_bad";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  void deliver(std::string_view, std::string_view) {}
};

VOW_PLUGIN(Plugin)
