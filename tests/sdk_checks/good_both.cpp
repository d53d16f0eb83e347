// A source and a sink at once, next_batch inherited from a virtual base, a
// pull-only source (no feed).
#include <string>
#include <string_view>

#include "vow/plugin.hpp"

struct Base {
  virtual ~Base() = default;
  virtual bool next_batch(std::string& ndjson) { return !ndjson.empty(); }
};

class Plugin : public Base {
 public:
  static constexpr const char* name = "test_good_both";
  static constexpr const char* version = "1.0.0";
  explicit Plugin(vow::sdk::Context) {}
  std::string deliver(std::string_view kind, std::string_view) { return std::string(kind); }
};

VOW_PLUGIN(Plugin)
