// Reading yaml-cpp nodes without creating keys or throwing: a key that is
// missing or null is absent, and lines come from the node when it has one.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace vow::slo {

// The value at `key` of a mapping; nullopt when `node` is no mapping, the key
// is missing or its value is null (`alertPolicies:` with nothing after it).
std::optional<YAML::Node> get(const YAML::Node& node, const std::string& key);

// The 1-based line of a node, or 0.
int line_of(const YAML::Node& node);

// A scalar's text; nullopt for a mapping or a list.
std::optional<std::string> text_of(const YAML::Node& node);

// The text at `key` of a mapping, or "" when there is none.
std::string text_at(const YAML::Node& node, const std::string& key);

// true/false as YAML 1.1 writes them (yes/no/on/off too); nullopt otherwise.
std::optional<bool> bool_of(const YAML::Node& node);

// "spec.objectives" + 2 → "spec.objectives[2]"; "spec" + "service" → "spec.service".
std::string at_index(const std::string& path, std::size_t i);
std::string at_key(const std::string& path, const std::string& key);

// A value as the user wrote it, for a message: "\"1m\"", "28", "a mapping".
std::string shown(const YAML::Node& node);

}  // namespace vow::slo
