// [serve] of vow.toml (docs/serve.md), read with the rest of the file so
// that every command, `vow check` first, reports its problems.
#pragma once

#include <toml++/toml.h>

#include <filesystem>

#include "vow/config.hpp"

namespace vow {

// Throws vow::Error (exit 78) with FILE:LINE:COL and the key for any problem.
ServeConfig read_serve_config(const std::filesystem::path& file, const toml::node& serve);

}  // namespace vow
