// create() fails with the plugin's own message.
#include "vow/plugin.hpp"

class CreateFails {
 public:
  static constexpr const char* name = "test_create_fails";
  static constexpr const char* version = "1.0.0";
  explicit CreateFails(const vow::sdk::Context&) { throw std::runtime_error("config: \"url\" is required"); }
  bool next_batch(std::string&) { return false; }
};

VOW_PLUGIN(CreateFails)
