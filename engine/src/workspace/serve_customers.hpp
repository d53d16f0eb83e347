// [[serve.customers]] and [serve.rate_limit] of vow.toml (docs/serve.md,
// docs/adr/0035): read beside the rest of [serve], apart from it.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "vow/config.hpp"

namespace vow {

// Throws vow::Error (exit 78) with FILE:LINE:COL and the key for any
// problem: a token that is not usable in a URL's path, or that is the
// secret of another customer or of a [[serve.tokens]] entry (`tokens`).
// Whether each customer id has a contract is checked when `vow serve`
// starts (the contracts are not read with the config).
std::vector<ServeCustomer> read_serve_customers(const std::filesystem::path& file, const toml::node& customers,
                                                const std::vector<ServeToken>& tokens);

ServeRateLimit read_serve_rate_limit(const std::filesystem::path& file, const toml::node& limit);

// A customer's token: 16 to 4096 letters, digits, '-', '.', '_' or '~',
// which a URL's path carries as they are.
bool usable_path_token(const std::string& s);

}  // namespace vow
