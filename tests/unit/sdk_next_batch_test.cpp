// How the helper ends a source's stream (docs/plugins.md, "The end of a
// source's stream"): text written on the call that returns false is still
// handed over, and the stream ends at the next call.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "vow/plugin.hpp"

namespace {

// Gives everything at once with `false`, as a simple connector does, and
// counts how often it is asked.
class AllAtOnce {
 public:
  static constexpr const char* name = "all_at_once";
  static constexpr const char* version = "1.0.0";
  static inline int calls = 0;
  explicit AllAtOnce(const vow::sdk::Context&) {}
  bool next_batch(std::string& ndjson) {
    ++calls;
    if (!given_) ndjson = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n";
    given_ = true;
    return false;
  }

 private:
  bool given_ = false;
};

}  // namespace

TEST(SdkNextBatch, TextWrittenOnTheCallThatReturnsFalseIsDelivered) {
  const vow_plugin_api* api = vow::sdk::detail::table<AllAtOnce>();
  vow_host host{sizeof(vow_host), nullptr, nullptr, nullptr};
  int32_t rc = VOW_ERROR;
  vow_plugin_state* state = api->create("{}", 2, &host, &rc);
  ASSERT_EQ(rc, VOW_OK);
  std::vector<std::pair<int32_t, std::string>> seen;
  for (int i = 0; i < 3; ++i) {
    vow_bytes out{nullptr, 0};
    int32_t r = api->next_batch(state, &out);
    seen.emplace_back(r, std::string(out.data ? out.data : "", out.size));
    if (r != VOW_OK) break;
  }
  api->destroy(state);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, VOW_OK);  // the last batch, handed over
  EXPECT_EQ(seen[0].second, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
  EXPECT_EQ(seen[1].first, VOW_DONE);  // then the end, from one more call
  EXPECT_EQ(seen[1].second, "");
  EXPECT_EQ(AllAtOnce::calls, 2);
}
