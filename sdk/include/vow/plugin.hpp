// A C++ face for the C ABI in vow/plugin.h: write a plain class, export it
// with VOW_PLUGIN, and every export is noexcept with exceptions turned into
// last_error.
//
//   class Echo {
//    public:
//     static constexpr const char* name = "example_echo";
//     static constexpr const char* version = "1.0.0";
//     explicit Echo(const vow::sdk::Context& cx);          // throws on bad config
//     void feed(std::string_view file, std::string_view data);  // optional
//     void webhook(std::string_view headers, std::string_view body);  // optional (ABI 1.2)
//     bool next_batch(std::string& ndjson);                 // SOURCE: false when done
//     // (text written on the call that returns false is still delivered:
//     // the helper hands it over and calls next_batch once more, which must
//     // then return false with nothing)
//     std::string deliver(std::string_view kind, std::string_view json);  // SINK
//   };
//   VOW_PLUGIN(Echo)
//
// Capabilities follow from the methods the class has: next_batch makes it a
// SOURCE, deliver a SINK. A source may instead have
//     bool next_batch(std::string& ndjson, vow::sdk::Origin& origin);
// and say which input line each line of the batch came from: vow's messages
// about its events then name that file and line. With
//     static constexpr bool strict = true;
// vow refuses the source's events that carry an unknown field looking like a
// known one (as `--strict` does) instead of warning. VOW_PLUGIN checks the class at compile time
// (vow/plugin_checks.hpp): a class with neither, a near-miss name or a
// member the helper cannot call as above fails with a static_assert.
#pragma once

#include <cstddef>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vow/plugin.h"
#include "vow/plugin_checks.hpp"

namespace vow::sdk {

// What a plugin instance is created with. It owns copies of what it holds,
// so a plugin may keep the Context (or any member of it) for its whole life.
struct Context {
  Context(std::string_view config_json, const vow_host* from) : config(config_json), host(from) {
    // A 1.0 host's vow_host ends before config_dir: then it stays empty,
    // and config_path() resolves against the working folder, as before 1.1.
    if (from && from->struct_size >= offsetof(vow_host, config_dir) + sizeof(from->config_dir) && from->config_dir)
      config_dir = from->config_dir;
  }

  std::string config;  // the [plugins.config] table as JSON
  // The absolute folder of the vow.toml that declared the plugin; empty
  // when the host is older than ABI 1.1.
  std::filesystem::path config_dir;
  const vow_host* host;  // valid for the life of the instance

  // A path from the config as the user meant it: absolute as given,
  // relative to the config file's folder otherwise.
  std::filesystem::path config_path(std::string_view path) const {
    std::filesystem::path p(path);
    return p.is_absolute() || config_dir.empty() ? p : config_dir / p;
  }

  void log(int level, const std::string& message) const {
    if (host && host->struct_size >= offsetof(vow_host, log) + sizeof(host->log) && host->log)
      host->log(host->context, level, message.c_str());
  }
};

// Where the lines of a batch came from (ABI 1.1 batch_origin). Cleared
// before each next_batch; left empty, vow counts the lines of the plugin's
// output instead.
struct Origin {
  std::string file;             // the input, as feed was given it
  std::vector<uint32_t> lines;  // lines[i]: the line of `file` (1-based) behind line i of the batch; 0: unknown
};

namespace detail {

template <typename P>
concept SourceWithOrigin = requires(P p, std::string& out, Origin& origin) {
  { p.next_batch(out, origin) } -> std::same_as<bool>;
};
template <typename P>
concept Source = SourceWithOrigin<P> || requires(P p, std::string& out) {
  { p.next_batch(out) } -> std::same_as<bool>;
};
template <typename P>
concept Strict = checks::strict_is_constant<P> && P::strict;
template <typename P>
concept Feeds = requires(P p, std::string_view s) {
  p.feed(s, s);
};
template <typename P>
concept Webhooks = requires(P p, std::string_view s) {
  p.webhook(s, s);
};
template <typename P>
concept Sink = requires(P p, std::string_view s) {
  { p.deliver(s, s) } -> std::convertible_to<std::string>;
};

template <typename P>
struct State {
  std::unique_ptr<P> plugin;
  std::string error = "no error";
  std::string batch;
  Origin origin;
  std::string reference;
};

template <typename P>
State<P>* state_of(vow_plugin_state* s) {
  return reinterpret_cast<State<P>*>(s);
}

// Runs `fn`, turning any exception into VOW_ERROR and the state's message.
template <typename P, typename Fn>
int32_t guarded(vow_plugin_state* s, Fn&& fn) noexcept {
  auto* st = state_of<P>(s);
  try {
    return fn(*st);
  } catch (const std::exception& e) {
    st->error = e.what();
  } catch (...) {
    st->error = "unknown error";
  }
  return VOW_ERROR;
}

template <typename P>
vow_plugin_state* create(const char* config, size_t size, const vow_host* host, int32_t* rc) noexcept {
  State<P>* st = nullptr;
  try {
    st = new State<P>();
    st->plugin = std::make_unique<P>(Context{std::string_view(config, size), host});
    *rc = VOW_OK;
  } catch (const std::exception& e) {
    if (st) st->error = e.what();
    *rc = VOW_ERROR;
  } catch (...) {
    if (st) st->error = "unknown error";
    *rc = VOW_ERROR;
  }
  return reinterpret_cast<vow_plugin_state*>(st);
}

template <typename P>
void destroy(vow_plugin_state* s) noexcept {
  delete state_of<P>(s);
}

template <typename P>
const char* last_error(vow_plugin_state* s) noexcept {
  return s ? state_of<P>(s)->error.c_str() : "out of memory";
}

template <typename P>
int32_t feed(vow_plugin_state* s, const char* name, const char* data, size_t size) noexcept {
  return guarded<P>(s, [&](State<P>& st) {
    st.plugin->feed(std::string_view(name), std::string_view(data, size));
    return VOW_OK;
  });
}

template <typename P>
int32_t webhook(vow_plugin_state* s, const char* headers, size_t headers_size, const char* body,
                size_t body_size) noexcept {
  return guarded<P>(s, [&](State<P>& st) {
    st.plugin->webhook(std::string_view(headers, headers_size), std::string_view(body, body_size));
    return VOW_OK;
  });
}

template <typename P>
int32_t next_batch(vow_plugin_state* s, vow_bytes* out) noexcept {
  return guarded<P>(s, [&](State<P>& st) {
    st.batch.clear();
    bool more;
    if constexpr (SourceWithOrigin<P>) {
      st.origin.file.clear();
      st.origin.lines.clear();
      more = st.plugin->next_batch(st.batch, st.origin);
    } else {
      more = st.plugin->next_batch(st.batch);
    }
    out->data = st.batch.data();
    out->size = st.batch.size();
    // A last batch given with `false` is not lost: VOW_OK now, and VOW_DONE
    // from the next call, which returns false with nothing (docs/plugins.md).
    return more || !st.batch.empty() ? VOW_OK : VOW_DONE;
  });
}

template <typename P>
int32_t batch_origin(vow_plugin_state* s, vow_origin* out) noexcept {
  return guarded<P>(s, [&](State<P>& st) {
    if (st.origin.file.empty()) return VOW_DONE;
    out->file = st.origin.file.c_str();
    out->lines = st.origin.lines.data();
    out->count = st.origin.lines.size();
    return VOW_OK;
  });
}

template <typename P>
int32_t deliver(vow_plugin_state* s, const char* kind, const char* json, size_t size, vow_bytes* ref) noexcept {
  return guarded<P>(s, [&](State<P>& st) {
    st.reference = st.plugin->deliver(std::string_view(kind), std::string_view(json, size));
    ref->data = st.reference.data();
    ref->size = st.reference.size();
    return VOW_OK;
  });
}

template <typename P>
const vow_plugin_api* table() noexcept {
  static const vow_plugin_api api = [] {
    vow_plugin_api a{};
    if constexpr (checks::check<P>()) {
      a.struct_size = sizeof(vow_plugin_api);
      a.abi_major = VOW_PLUGIN_ABI_MAJOR;
      a.abi_minor = VOW_PLUGIN_ABI_MINOR;
      a.name = P::name;
      a.version = P::version;
      a.create = &create<P>;
      a.destroy = &destroy<P>;
      a.last_error = &last_error<P>;
      if constexpr (Source<P>) {
        a.capabilities |= VOW_CAP_SOURCE;
        a.next_batch = &next_batch<P>;
      }
      if constexpr (SourceWithOrigin<P>) a.batch_origin = &batch_origin<P>;
      if constexpr (Strict<P>) a.options |= VOW_OPT_STRICT;
      if constexpr (Feeds<P>) a.feed = &feed<P>;
      if constexpr (Webhooks<P>) a.webhook = &webhook<P>;
      if constexpr (Sink<P>) {
        a.capabilities |= VOW_CAP_SINK;
        a.deliver = &deliver<P>;
      }
    }
    return a;
  }();
  return &api;
}

}  // namespace detail
}  // namespace vow::sdk

// Exports the plugin class P as this library's one entry point.
#define VOW_PLUGIN(P)                                                                          \
  extern "C" __attribute__((visibility("default"))) const vow_plugin_api* vow_plugin_entry() { \
    return ::vow::sdk::detail::table<P>();                                                     \
  }
