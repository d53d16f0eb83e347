#include "slo/yaml_access.hpp"

#include <algorithm>
#include <cctype>

namespace vow::slo {

std::optional<YAML::Node> get(const YAML::Node& node, const std::string& key) {
  if (!node.IsDefined() || !node.IsMap()) return std::nullopt;
  const YAML::Node value = node[key];
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  return value;
}

int line_of(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  YAML::Mark m = node.Mark();
  return m.is_null() ? 0 : m.line + 1;
}

std::optional<std::string> text_of(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

std::string text_at(const YAML::Node& node, const std::string& key) {
  auto v = get(node, key);
  auto t = v ? text_of(*v) : std::nullopt;
  return t ? *t : "";
}

std::optional<bool> bool_of(const YAML::Node& node) {
  auto t = text_of(node);
  if (!t) return std::nullopt;
  std::string v = *t;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "true" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "no" || v == "off") return false;
  return std::nullopt;
}

std::string at_index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string at_key(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string shown(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "\"" + node.Scalar() + "\"";
}

}  // namespace vow::slo
