// vow.toml (docs/config.md): where a workspace's ledger, contracts, plugins
// and draft templates are, every path resolved against the file's folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vow {

struct PluginConfig {
  std::string name;
  std::filesystem::path library;
  std::string config_json;
  int timeout_seconds = 30;  // per call into the plugin
  int line = 0;              // the config file's line of its [[plugins]] table; 0 when not from a file
};

struct WorkspaceConfig {
  std::filesystem::path file;
  std::filesystem::path folder;
  std::filesystem::path store = "vow.db";
  std::vector<std::filesystem::path> rule_paths{"rules"};
  std::vector<PluginConfig> plugins;
  std::vector<std::filesystem::path> templates;  // draft template folders, searched in order
};

// Throws vow::Error (exit 78) with FILE:LINE:COL for any problem.
WorkspaceConfig load_config(const std::filesystem::path& file);

}  // namespace vow
