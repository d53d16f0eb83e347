// A plugin instance run in a child process of `vow` (docs/adr/0009), so that
// a crash, hang or exit in it becomes a message naming it, not vow's fate.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/frames.hpp"
#include "vow/plugin.h"

namespace vow {

class PluginInstance;

struct PluginLimits {
  std::chrono::seconds timeout{30};          // per call: create, feed, webhook, next_batch, deliver, destroy
  uint64_t max_batches = 1'000'000;          // per instance
  uint64_t max_empty_in_a_row = 1'000;       // a source with nothing more must say VOW_DONE
  uint64_t max_bytes = uint64_t{256} << 20;  // of batches, per instance
  // What to run: a `vow` executable, for its hidden plugin-host subcommand.
  // The vow command names itself (/proc/self/exe); a program embedding Vow
  // names one in WorkspaceOptions::plugin_host. Empty: PluginProcess throws (exit 78).
  std::filesystem::path host;
};

class PluginProcess {
 public:
  // Starts the child, which loads the library and creates an instance with
  // `config_dir` (the absolute folder of the config file that declared it) as
  // vow_host.config_dir. Throws vow::Error (exit 78) with the loader's
  // message, create's, or how the child died.
  PluginProcess(std::string name, const std::filesystem::path& library, std::string_view config_json,
                const std::filesystem::path& config_dir = {}, PluginLimits limits = {});
  ~PluginProcess();
  PluginProcess(const PluginProcess&) = delete;
  PluginProcess& operator=(const PluginProcess&) = delete;

  bool is_source() const;
  bool is_sink() const;
  const std::string& name() const { return name_; }
  const std::string& where() const { return where_; }  // "plugin NAME (PATH)"

  // As PluginInstance's: a failure the plugin reports keeps its exit code
  // (65); a crash, hang, exit or exceeded limit is exit 78.
  void feed(const std::string& name, std::string_view data);
  // One webhook request (ABI 1.2); exit 2 when the plugin takes none.
  void webhook(std::string_view headers, std::string_view body);
  bool has_webhook() const { return has_webhook_; }
  bool next_batch(std::string& out);  // appends the next batch; false when there is no more
  // Where the last batch's lines came from (ABI 1.1 batch_origin), the file
  // made printable: false when the plugin cannot say.
  bool origin(std::string& file, std::vector<uint32_t>& lines);
  bool strict() const { return options_ & VOW_OPT_STRICT; }  // it asked for --strict
  std::string deliver(std::string_view kind, std::string_view json);

 private:
  struct Reply {
    uint32_t kind = 0;
    uint32_t exit = 0;
    uint64_t size = 0;
  };
  // Sends one request and reads its reply's header, within the time limit.
  Reply call(const char* what, uint32_t request, std::string_view a, std::string_view b);
  // The reply's payload; an Error reply is thrown as the child's vow::Error.
  std::string payload_of(const char* what, const Reply& r);
  // The child died, closed its end, or timed out: say which, and throw.
  [[noreturn]] void lost(const char* what, frames::Io io);
  // A limit was exceeded or the protocol broken: kill it and throw.
  [[noreturn]] void stop(const std::string& why);
  // Asks it to destroy the instance and exit; how it ended when not
  // cleanly, or nullptr. Never throws: the destructor calls it.
  const char* shutdown() noexcept;
  // SIGKILL to its whole process group: the plugin's own subprocesses too.
  void kill_group() noexcept;
  // Whether it has ended (and is not yet reaped): a reply that times out may
  // come from a dead child whose subprocess still holds the socket.
  bool exited() const noexcept;
  // Waits for it to end, killing it at `until`, then kills its process
  // group (what the plugin started) and reaps it.
  int reap(std::chrono::steady_clock::time_point until) noexcept;
  std::string ended(int status) const;

  std::string name_, where_;
  PluginLimits limits_;
  pid_t pid_ = -1;
  int fd_ = -1;
  uint32_t caps_ = 0, options_ = 0;
  bool has_origin_ = false;
  bool has_webhook_ = false;
  bool killed_ = false;
  std::chrono::steady_clock::time_point until_;  // of the call under way
  uint64_t batches_ = 0, empty_in_a_row_ = 0, bytes_ = 0;
  std::string gone_;                       // why the child is no longer there, once it is not
  std::string shutdown_;                   // what shutdown() returns, when not nullptr
  std::unique_ptr<PluginInstance> local_;  // VOW_PLUGIN_IN_PROCESS=1: no child, for debuggers
};

}  // namespace vow
