// vow::sdk::Context through the helper's real create: a plugin may keep it
// after the host's config buffer is gone, and it gives the config file's
// folder only when the host's vow_host has that field.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "vow/plugin.hpp"

namespace {

// A sink that keeps its Context and answers with what it holds.
class Keeper {
 public:
  static constexpr const char* name = "keeper";
  static constexpr const char* version = "1.0.0";
  explicit Keeper(const vow::sdk::Context& cx) : cx_(cx) {}
  std::string deliver(std::string_view kind, std::string_view) {
    if (kind == "config") return cx_.config;
    if (kind == "dir") return cx_.config_dir.string();
    return cx_.config_path("out/credits.csv").string();
  }

 private:
  vow::sdk::Context cx_;
};

struct Instance {
  const vow_plugin_api* api = vow::sdk::detail::table<Keeper>();
  vow_plugin_state* state = nullptr;
  Instance(const std::string& config, const vow_host& host) {
    int32_t rc = VOW_ERROR;
    state = api->create(config.data(), config.size(), &host, &rc);
    EXPECT_EQ(rc, VOW_OK);
  }
  ~Instance() { api->destroy(state); }
  std::string ask(const char* kind) {
    vow_bytes ref{nullptr, 0};
    EXPECT_EQ(api->deliver(state, kind, "{}", 2, &ref), VOW_OK);
    return std::string(ref.data, ref.size);
  }
};

}  // namespace

TEST(SdkContext, AKeptContextOutlivesTheHostsConfigBuffer) {
  vow_host host{sizeof(vow_host), nullptr, nullptr, "/srv/vow"};
  auto* buffer = new std::string(R"({"path": "a fairly long path, so that it is not in a small string"})");
  Instance plugin(*buffer, host);
  // The host frees its buffer once create returns (the ABI allows it).
  std::string original = *buffer;
  buffer->assign(buffer->size(), 'X');
  delete buffer;
  EXPECT_EQ(plugin.ask("config"), original);
}

TEST(SdkContext, TheConfigFolderWhenTheHostGivesIt) {
  std::string dir = "/srv/vow";
  vow_host host{sizeof(vow_host), nullptr, nullptr, dir.c_str()};
  Instance plugin("{}", host);
  dir.assign("/elsewhere");  // the Context has its own copy
  EXPECT_EQ(plugin.ask("dir"), "/srv/vow");
  EXPECT_EQ(plugin.ask("path"), "/srv/vow/out/credits.csv");
}

TEST(SdkContext, AHostBefore11GivesNoFolderAndPathsStayAsGiven) {
  // A 1.0 host's vow_host ends after `log`: what follows is not its to give.
  vow_host host{offsetof(vow_host, config_dir), nullptr, nullptr, "/never/read"};
  Instance plugin("{}", host);
  EXPECT_EQ(plugin.ask("dir"), "");
  EXPECT_EQ(plugin.ask("path"), "out/credits.csv");
}
