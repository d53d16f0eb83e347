// Bearer tokens of [serve]: their secrets read, and a presented one found
// among them in time that does not depend on where it differs.
#pragma once

#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vow/config.hpp"

namespace vow::serve {

struct Credential {
  std::string name;
  std::string secret;
  bool ingest = false, read = false;
};

// Each [serve] token with its secret, read from the environment for
// `token_env` (exit 78 naming file, line and variable when it is unset,
// empty or not a bearer token).
std::vector<Credential> resolve_tokens(
    const WorkspaceConfig& config,
    const std::function<const char*(const char*)>& env = [](const char* name) { return std::getenv(name); });

// Whether a and b are the same bytes, looking at every byte of the longer
// one whatever they hold: how long it takes tells only the lengths.
bool same_secret(std::string_view a, std::string_view b);

// The credential whose secret is `presented`, compared with every one of
// them in full (no early exit on a match); nullptr when none.
const Credential* find_credential(const std::vector<Credential>& all, std::string_view presented);

// The token of an `Authorization: Bearer TOKEN` header; nullopt for another scheme.
std::optional<std::string_view> bearer_token(std::string_view authorization);

}  // namespace vow::serve
