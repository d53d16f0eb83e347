// Connector plugins: loading a shared library built against sdk/ (vow/plugin.h),
// checking its table, and running instances of it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "vow/plugin.h"

namespace boost::dll {
class shared_library;
}

namespace vow {

// A loaded library. Shared by every instance created from it, so the code
// stays mapped for as long as anything from it lives.
class PluginLibrary {
 public:
  // Throws vow::Error (exit 78) with one message naming `name` and `path`:
  // missing file, not a shared library, no entry symbol, ABI mismatch,
  // plugin newer than host, or a required function missing.
  static std::shared_ptr<PluginLibrary> load(const std::string& name, const std::filesystem::path& path);
  ~PluginLibrary();

  const vow_plugin_api& api() const { return *api_; }
  const std::string& name() const { return name_; }
  // The 1.1 fields, read only when the table is long enough to hold them.
  uint32_t options() const;
  bool has_batch_origin() const;
  bool has_webhook() const;   // ABI 1.2
  std::string where() const;  // "plugin NAME (PATH)"

 private:
  PluginLibrary() = default;
  std::string name_;
  std::filesystem::path path_;
  std::unique_ptr<boost::dll::shared_library> lib_;
  const vow_plugin_api* api_ = nullptr;
};

// One instance of a plugin, created with its configuration, in this process.
// `vow` itself runs plugins through PluginProcess (child.hpp), whose child
// uses this class.
class PluginInstance {
 public:
  // Throws vow::Error (exit 78) with the plugin's own message when create fails.
  // `config_dir`: the absolute folder of the config file that declared it,
  // handed to the plugin as vow_host.config_dir (empty: none known).
  PluginInstance(std::shared_ptr<PluginLibrary> lib, std::string_view config_json, std::string config_dir = {});
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  bool is_source() const { return lib_->api().capabilities & VOW_CAP_SOURCE; }
  bool is_sink() const { return lib_->api().capabilities & VOW_CAP_SINK; }
  const PluginLibrary& library() const { return *lib_; }

  // Each throws vow::Error (exit 65) prefixed with the plugin's name.
  void feed(const std::string& name, std::string_view data);
  // One webhook request (ABI 1.2): `headers` a JSON object, `body` as sent.
  void webhook(std::string_view headers, std::string_view body);
  // Appends the next batch to `out`; false when the plugin has no more.
  bool next_batch(std::string& out);
  // The same without a copy: `out` is the plugin's buffer, valid until the next call.
  bool next_batch(std::string_view& out);
  // Where the last batch's lines came from (ABI 1.1): false when the plugin
  // cannot say. `lines` is a view into the plugin's memory, valid as `out` is.
  bool origin(std::string& file, std::string_view& lines);
  std::string deliver(std::string_view kind, std::string_view json);

 private:
  [[noreturn]] void fail(const std::string& what);
  // last_error, which a broken plugin may leave NULL despite the ABI.
  std::string why() const;
  std::shared_ptr<PluginLibrary> lib_;
  // What create was given: the ABI wants both alive as long as the state.
  std::string config_dir_;
  vow_host host_{};  // its context is the plugin's name, for log lines
  vow_plugin_state* state_ = nullptr;
};

}  // namespace vow
