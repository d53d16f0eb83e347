#include "plugins/host.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "plugins/frames.hpp"
#include "plugins/plugin.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

using frames::Io;
using frames::kNever;
using frames::Reply;
using frames::Request;

bool reply(Reply kind, std::string_view payload, Exit exit = Exit::Ok) {
  return frames::write_frame(kPluginHostFd, static_cast<uint32_t>(kind), static_cast<uint32_t>(exit), payload, {},
                             kNever) == Io::Ok;
}

// Runs one request; false when the connection is gone.
bool answer(Request kind, std::string& payload, const std::string& name, const std::string& path,
            const std::string& config_dir, std::unique_ptr<PluginInstance>& plugin) {
  std::string label;
  std::string_view data;
  switch (kind) {
    case Request::Create: {
      plugin = std::make_unique<PluginInstance>(PluginLibrary::load(name, path), payload, config_dir);
      const PluginLibrary& lib = plugin->library();
      uint32_t flags =
          (lib.has_batch_origin() ? frames::kHasBatchOrigin : 0) | (lib.has_webhook() ? frames::kHasWebhook : 0);
      uint32_t said[3] = {lib.api().capabilities, lib.options(), flags};
      return reply(Reply::Ok, std::string_view(reinterpret_cast<const char*>(said), sizeof said));
    }
    case Request::Feed:
      if (!frames::split_named(payload, label, data)) break;
      plugin->feed(label, data);
      return reply(Reply::Ok, {});
    case Request::Webhook:
      if (!frames::split_named(payload, label, data)) break;
      plugin->webhook(label, data);
      return reply(Reply::Ok, {});
    case Request::NextBatch: {
      std::string_view batch;
      bool more = plugin->next_batch(batch);
      // Sent straight from the plugin's own buffer: batches can be tens of MB.
      return reply(more ? Reply::Ok : Reply::Done, batch);
    }
    case Request::Origin: {
      std::string_view lines;
      if (!plugin->origin(label, lines)) return reply(Reply::Done, {});
      return frames::write_frame(kPluginHostFd, static_cast<uint32_t>(Reply::Ok), 0, frames::name_prefix(label), lines,
                                 kNever) == Io::Ok;
    }
    case Request::Deliver:
      if (!frames::split_named(payload, label, data)) break;
      return reply(Reply::Ok, plugin->deliver(label, data));
    case Request::Quit:
      plugin.reset();
      reply(Reply::Ok, {});
      return false;
  }
  return reply(Reply::Error, "plugin host: malformed request", Exit::Internal);
}

}  // namespace

int plugin_host_main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "vow plugin-host: for vow's own use (it runs one plugin for its parent)\n");
    return static_cast<int>(Exit::Usage);
  }
  const std::string name = argv[2], path = argv[3], config_dir = argv[4];
  std::unique_ptr<PluginInstance> plugin;
  std::string payload;
  for (;;) {
    frames::Header h;
    if (frames::read_header(kPluginHostFd, h, kNever) != Io::Ok) break;
    payload.resize(h.size);
    if (frames::read_exact(kPluginHostFd, payload.data(), h.size, kNever) != Io::Ok) break;
    auto kind = static_cast<Request>(h.kind);
    if (kind != Request::Create && kind != Request::Quit && !plugin) {
      reply(Reply::Error, "plugin host: no plugin created yet", Exit::Internal);
      continue;
    }
    try {
      if (!answer(kind, payload, name, path, config_dir, plugin)) break;
    } catch (const Error& e) {
      if (!reply(Reply::Error, e.what(), e.code())) break;
    } catch (const std::exception& e) {
      if (!reply(Reply::Error, std::string("plugin host: ") + e.what(), Exit::Internal)) break;
    }
  }
  // Parent gone or done: destroy the instance before the library unloads.
  plugin.reset();
  std::fflush(nullptr);
  return 0;
}

}  // namespace vow
