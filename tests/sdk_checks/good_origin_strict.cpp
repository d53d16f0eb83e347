// A strict source that says where each line of its batches came from.
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_good_origin";
  static constexpr const char* version = "1.0.0";
  static constexpr bool strict = true;
  explicit Plugin(const vow::sdk::Context&) {}
  void feed(std::string_view file, std::string_view) { file_ = std::string(file); }
  bool next_batch(std::string& ndjson, vow::sdk::Origin& origin) {
    origin.file = file_;
    origin.lines.push_back(1);
    return !ndjson.empty();
  }

 private:
  std::string file_;
};

static_assert(vow::sdk::detail::Strict<Plugin> && vow::sdk::detail::SourceWithOrigin<Plugin>);

VOW_PLUGIN(Plugin)
