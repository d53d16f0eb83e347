// How `vow test` compares what a command printed with what a check expects
// (terms.md, "Contract tests"), as the conformance suite does: every
// expected key present and equal, other keys allowed; lists item by item
// and of the same length; numbers within 1e-6 × max(1, |expected|);
// `problems` by event id.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vow::cli {

struct Mismatch {
  std::string path;  // "$.accounts[0].credit.amount"
  std::string what;  // "expected \"100.00\", got \"0.00\""
};

// Appends each way `actual` differs from `expected`, under `path`.
void compare_json(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& path,
                  std::vector<Mismatch>& out);

}  // namespace vow::cli
