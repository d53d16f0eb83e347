#include "vow/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>

#include "vow/error.hpp"
#include "workspace/serve_config.hpp"

namespace vow {
namespace {

[[noreturn]] void fail(const WorkspaceConfig& c, const toml::source_region& at, const std::string& msg) {
  throw Error(Exit::BadConfig, c.file.string() + ":" + std::to_string(at.begin.line) + ":" +
                                   std::to_string(at.begin.column) + ": " + msg);
}

void only_keys(const WorkspaceConfig& c, const toml::table& t, const std::string& where,
               std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : t) {
    bool known = false;
    for (const char* key : keys) known |= k.str() == key;
    if (!known) {
      std::string list;
      for (const char* key : keys) list += std::string(list.empty() ? "" : ", ") + key;
      fail(c, v.source(), "unknown key \"" + std::string(k.str()) + "\" in " + where + " (known: " + list + ")");
    }
  }
}

std::filesystem::path path_in(const WorkspaceConfig& c, const toml::node& n, const std::string& key) {
  auto s = n.value<std::string>();
  if (!n.is_string() || !s) fail(c, n.source(), key + " must be a string path");
  // The system would read the path only up to a NUL: another file than the one written.
  if (s->empty() || s->find('\0') != std::string::npos)
    fail(c, n.source(), key + " must be a path without NUL characters");
  std::filesystem::path p(*s);
  return p.is_absolute() ? p : c.folder / p;
}

// An array of paths that must exist (as folders, when `folders`).
std::vector<std::filesystem::path> existing_paths(const WorkspaceConfig& c, const toml::node& n, const std::string& key,
                                                  const char* example, bool folders) {
  auto* arr = n.as_array();
  if (!arr) fail(c, n.source(), key + " must be an array of paths, such as [\"" + example + "\"]");
  std::vector<std::filesystem::path> out;
  for (const auto& item : *arr) {
    auto path = path_in(c, item, key);
    // Not "does not exist" for a path that cannot even be looked up (a loop
    // of symbolic links, a name too long): say why.
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (ec && st.type() != std::filesystem::file_type::not_found)
      fail(c, item.source(), key + ": " + path.string() + ": " + ec.message() + " (name a file or folder that exists)");
    if (folders ? !std::filesystem::is_directory(st) : !std::filesystem::exists(st))
      fail(c, item.source(), key + ": " + path.string() + (folders ? " is not a folder" : " does not exist"));
    out.push_back(path);
  }
  return out;
}

}  // namespace

WorkspaceConfig load_config(const std::filesystem::path& file) {
  WorkspaceConfig c;
  c.file = file;
  c.folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    if (e.source().begin.line == 0)
      throw Error(Exit::BadConfig, file.string() + ": cannot read the config file: " + std::string(e.description()));
    fail(c, e.source(), std::string(e.description()));
  }
  only_keys(c, root, "the config file", {"store", "rules", "plugins", "drafts", "serve"});
  c.store = c.folder / "vow.db";
  c.rule_paths = {c.folder / "rules"};
  if (auto* n = root.get("store")) {
    auto* t = n->as_table();
    if (!t) fail(c, n->source(), "[store] must be a table");
    only_keys(c, *t, "[store]", {"path"});
    if (auto* p = t->get("path")) c.store = path_in(c, *p, "store.path");
  }
  if (auto* n = root.get("rules")) {
    auto* t = n->as_table();
    if (!t) fail(c, n->source(), "[rules] must be a table");
    only_keys(c, *t, "[rules]", {"paths"});
    if (auto* p = t->get("paths")) {
      c.rule_paths = existing_paths(c, *p, "rules.paths", "rules", false);
    }
  }
  c.templates = {c.folder / "templates"};
  if (auto* n = root.get("drafts")) {
    auto* t = n->as_table();
    if (!t) fail(c, n->source(), "[drafts] must be a table");
    only_keys(c, *t, "[drafts]", {"templates"});
    if (auto* p = t->get("templates")) {
      c.templates = existing_paths(c, *p, "drafts.templates", "templates", true);
    }
  }
  if (auto* n = root.get("serve")) c.serve = read_serve_config(c.file, *n);
  if (auto* n = root.get("plugins")) {
    auto* arr = n->as_array();
    if (!arr) fail(c, n->source(), "plugins must be an array of tables: [[plugins]]");
    for (const auto& item : *arr) {
      auto* t = item.as_table();
      if (!t) fail(c, item.source(), "each [[plugins]] entry must be a table");
      only_keys(c, *t, "[[plugins]]", {"name", "library", "config", "timeout_seconds"});
      PluginConfig pc;
      pc.line = static_cast<int>(t->source().begin.line);
      auto* name = t->get("name");
      if (!name || !name->is_string()) fail(c, t->source(), "[[plugins]] needs name = \"...\"");
      pc.name = *name->value<std::string>();
      // The name is in every message and in the id of each delivery record
      // (vow:credit:CUSTOMER:PERIOD:NAME), so it is short, plain and unique.
      bool plain = !pc.name.empty() && pc.name.size() <= 64 &&
                   pc.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") ==
                       std::string::npos;
      if (!plain)
        fail(c, name->source(), "plugin name \"" + pc.name + "\": use 1 to 64 letters, digits, '_', '-' or '.'");
      for (const auto& other : c.plugins)
        if (other.name == pc.name)
          fail(c, name->source(), "plugin name \"" + pc.name + "\" is already used by another [[plugins]] entry");
      auto* lib = t->get("library");
      if (!lib) fail(c, t->source(), "[[plugins]] " + pc.name + " needs library = \"path/to/plugin.so\"");
      pc.library = path_in(c, *lib, "library");
      if (auto* cfg = t->get("config")) {
        if (!cfg->is_table()) fail(c, cfg->source(), "[plugins.config] must be a table");
        std::ostringstream json;
        json << toml::json_formatter{*cfg->as_table()};
        pc.config_json = json.str();
      } else {
        pc.config_json = "{}";
      }
      if (auto* limit = t->get("timeout_seconds")) {
        auto v = limit->value<int64_t>();
        if (!limit->is_integer() || !v || *v < 1 || *v > 86'400)
          fail(c, limit->source(), "timeout_seconds must be a whole number of seconds from 1 to 86400");
        pc.timeout_seconds = static_cast<int>(*v);
      }
      c.plugins.push_back(std::move(pc));
    }
  }
  // Routes name plugins, which come after [serve] in the file or before it.
  for (const auto& route : c.serve.routes)
    for (const auto& sink : route.sinks)
      if (std::none_of(c.plugins.begin(), c.plugins.end(), [&](const PluginConfig& p) { return p.name == sink; }))
        throw Error(Exit::BadConfig, c.file.string() + ":" + std::to_string(route.line) + ": serve.routes.sinks: \"" +
                                         sink + "\" is no [[plugins]] name in this file");
  return c;
}

}  // namespace vow
