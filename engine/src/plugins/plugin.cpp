#include "plugins/plugin.hpp"

#include <boost/dll/shared_library.hpp>
#include <cstring>

#include "model/utf8.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

// The last field of ABI 1.0; a table must reach at least this far.
constexpr size_t kMinTableSize = offsetof(vow_plugin_api, deliver) + sizeof(vow_plugin_api::deliver);

// `context` is the plugin's name (PluginInstance::host_): a log line says
// whose it is.
void host_log(void* context, int level, const char* message) {
  static const char* const names[] = {"debug", "info", "warning"};
  // The plugin's text reaches a terminal: printable, one line, bounded.
  std::string line =
      clip_text(printable(message ? std::string_view(message).substr(0, 8000) : std::string_view()), 2000);
  for (char& c : line)
    if (c == '\n') c = ' ';
  const auto* name = static_cast<const std::string*>(context);
  std::fprintf(stderr, "plugin %s: %s: %s\n", name ? name->c_str() : "?",
               names[level < 0   ? 0
                     : level > 2 ? 2
                                 : level],
               line.c_str());
}

}  // namespace

std::string PluginLibrary::where() const {
  return "plugin " + name_ + " (" + path_.string() + ")";
}

std::shared_ptr<PluginLibrary> PluginLibrary::load(const std::string& name, const std::filesystem::path& path) {
  std::shared_ptr<PluginLibrary> p(new PluginLibrary());
  p->name_ = name;
  p->path_ = path;
  auto fail = [&](const std::string& why) { throw Error(Exit::BadConfig, p->where() + ": " + why); };
  std::error_code exists_ec;
  if (!std::filesystem::is_regular_file(path, exists_ec)) fail("no such file");
  boost::system::error_code ec;
  p->lib_ = std::make_unique<boost::dll::shared_library>();
  p->lib_->load(boost::dll::fs::path(path.string()),
                boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now, ec);
  if (ec) fail("is not a shared library this system can load (" + ec.message() + ")");
  if (!p->lib_->has(VOW_PLUGIN_ENTRY))
    fail("exports no " VOW_PLUGIN_ENTRY " symbol; build it with the SDK's VOW_PLUGIN(...) or vow_add_plugin()");
  auto entry = p->lib_->get<const vow_plugin_api*()>(VOW_PLUGIN_ENTRY);
  const vow_plugin_api* api = entry();
  if (!api) fail(VOW_PLUGIN_ENTRY " returned no table");
  if (api->abi_major != VOW_PLUGIN_ABI_MAJOR)
    fail("was built for plugin ABI " + std::to_string(api->abi_major) + "." + std::to_string(api->abi_minor) +
         "; this vow speaks ABI " + std::to_string(VOW_PLUGIN_ABI_MAJOR) + ".x: rebuild it against this SDK");
  if (api->abi_minor > VOW_PLUGIN_ABI_MINOR)
    fail("needs plugin ABI " + std::to_string(api->abi_major) + "." + std::to_string(api->abi_minor) +
         ", newer than this vow (" + std::to_string(VOW_PLUGIN_ABI_MAJOR) + "." + std::to_string(VOW_PLUGIN_ABI_MINOR) +
         "): upgrade vow");
  if (api->struct_size < kMinTableSize)
    fail("has a table of " + std::to_string(api->struct_size) + " bytes, smaller than ABI 1.0's " +
         std::to_string(kMinTableSize));
  auto need = [&](bool present, const char* fn, const char* why) {
    if (!present) fail(std::string("has no ") + fn + why);
  };
  need(api->create, "create", " function");
  need(api->destroy, "destroy", " function");
  need(api->last_error, "last_error", " function");
  if (api->capabilities & VOW_CAP_SOURCE) need(api->next_batch, "next_batch", " function, which SOURCE requires");
  if (api->capabilities & VOW_CAP_SINK) need(api->deliver, "deliver", " function, which SINK requires");
  if (!(api->capabilities & (VOW_CAP_SOURCE | VOW_CAP_SINK))) fail("declares neither SOURCE nor SINK");
  p->api_ = api;
  return p;
}

PluginLibrary::~PluginLibrary() = default;

uint32_t PluginLibrary::options() const {
  return api_->struct_size >= offsetof(vow_plugin_api, options) + sizeof(api_->options) ? api_->options : 0;
}

bool PluginLibrary::has_batch_origin() const {
  return api_->struct_size >= offsetof(vow_plugin_api, batch_origin) + sizeof(api_->batch_origin) &&
         api_->batch_origin != nullptr;
}

bool PluginLibrary::has_webhook() const {
  return api_->struct_size >= offsetof(vow_plugin_api, webhook) + sizeof(api_->webhook) && api_->webhook != nullptr;
}

PluginInstance::PluginInstance(std::shared_ptr<PluginLibrary> lib, std::string_view config, std::string config_dir)
    : lib_(std::move(lib)), config_dir_(std::move(config_dir)) {
  int32_t rc = VOW_ERROR;
  host_ = {sizeof(vow_host), const_cast<std::string*>(&lib_->name()), host_log, config_dir_.c_str()};
  state_ = lib_->api().create(config.data(), config.size(), &host_, &rc);
  if (rc != VOW_OK || !state_) {
    std::string message = state_ ? why() : ": out of memory";
    if (state_) lib_->api().destroy(state_);
    state_ = nullptr;
    throw Error(Exit::BadConfig, lib_->where() + ": create failed" + message);
  }
}

PluginInstance::~PluginInstance() {
  if (state_) lib_->api().destroy(state_);
}

std::string PluginInstance::why() const {
  const char* message = lib_->api().last_error(state_);
  return message ? std::string(": ") + message : std::string(" (the plugin gave no message)");
}

void PluginInstance::fail(const std::string& what) {
  throw Error(Exit::BadData, lib_->where() + ": " + what + " failed" + why());
}

void PluginInstance::feed(const std::string& name, std::string_view data) {
  if (!lib_->api().feed)
    throw Error(Exit::Usage, lib_->where() + ": takes no files (it fetches by itself; use vow pull)");
  if (lib_->api().feed(state_, name.c_str(), data.data(), data.size()) != VOW_OK) fail("reading " + name);
}

bool PluginInstance::next_batch(std::string& out) {
  std::string_view bytes;
  bool more = next_batch(bytes);
  out.append(bytes);
  return more;
}

bool PluginInstance::next_batch(std::string_view& out) {
  vow_bytes bytes{nullptr, 0};
  int32_t rc = lib_->api().next_batch(state_, &bytes);
  if (rc == VOW_ERROR) fail("next_batch");
  out = bytes.data ? std::string_view(bytes.data, bytes.size) : std::string_view();
  return rc == VOW_OK;
}

void PluginInstance::webhook(std::string_view headers, std::string_view body) {
  if (!lib_->has_webhook())
    throw Error(Exit::Usage, lib_->where() + ": takes no webhooks (it has no webhook function, ABI 1.2)");
  if (lib_->api().webhook(state_, headers.data(), headers.size(), body.data(), body.size()) != VOW_OK)
    fail("reading the webhook");
}

bool PluginInstance::origin(std::string& file, std::string_view& lines) {
  if (!lib_->has_batch_origin()) return false;
  vow_origin o{nullptr, nullptr, 0};
  int32_t rc = lib_->api().batch_origin(state_, &o);
  if (rc == VOW_ERROR) fail("batch_origin");
  if (rc != VOW_OK || !o.file || (o.count > 0 && !o.lines)) return false;
  file.assign(o.file, ::strnlen(o.file, 4096));
  lines = std::string_view(reinterpret_cast<const char*>(o.lines), o.count * sizeof(uint32_t));
  return true;
}

std::string PluginInstance::deliver(std::string_view kind, std::string_view json) {
  vow_bytes ref{nullptr, 0};
  std::string k(kind);
  if (lib_->api().deliver(state_, k.c_str(), json.data(), json.size(), &ref) != VOW_OK) fail("deliver");
  return ref.data ? std::string(ref.data, ref.size) : std::string();
}

}  // namespace vow
