// A sink as docs/plugins.md writes it, not final (its members are found by
// derivation), with deliver returning a reference the helper copies.
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_good_sink";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  const std::string& deliver(std::string_view kind, std::string_view json) {
    last_ = std::string(kind) + ":" + std::string(json.substr(0, 8));
    return last_;
  }

 private:
  std::string last_;
};

VOW_PLUGIN(Plugin)
