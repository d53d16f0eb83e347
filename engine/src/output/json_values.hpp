// The JSON spellings every JSON output shares: key order as written,
// optional values as null, instants as RFC 3339 UTC text.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "vow/instant.hpp"

namespace vow::jsonv {

using J = nlohmann::ordered_json;

template <typename T>
J opt(const std::optional<T>& v) {
  return v ? J(*v) : J(nullptr);
}

inline J when(const std::optional<Instant>& t) {
  return t ? J(format_instant(*t)) : J(nullptr);
}

}  // namespace vow::jsonv
