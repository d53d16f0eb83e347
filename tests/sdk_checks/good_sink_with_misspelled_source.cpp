// The one case a misspelling outside the near-miss list builds: the class
// has the other capability, and is then a SINK alone (docs/plugins.md,
// Near-miss names).
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

class Plugin {
 public:
  static constexpr const char* name = "test_good_sink_misspelled_source";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(const vow::sdk::Context&) {}
  bool next_batchh(std::string& ndjson) { return !ndjson.empty(); }
  std::string deliver(std::string_view kind, std::string_view) { return std::string(kind); }
};

VOW_PLUGIN(Plugin)

static_assert(vow::sdk::detail::Sink<Plugin> && !vow::sdk::detail::Source<Plugin>);
