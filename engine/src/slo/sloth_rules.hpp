// Sloth's own validation (its `sloth validate`): a file Sloth refuses is
// not an SLO anyone ran, so Vow refuses it too, saying which rule it breaks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "slo/diagnostics.hpp"

namespace vow::slo {

// Sloth's names (service, SLO): alphanumerics at both ends, and `-`, `_`,
// `.` between; so at least two characters.
bool sloth_name(std::string_view s);

// What is wrong with a Sloth SLI query, or nullopt: it must hold
// {{.window}}, use no other template action, and have its brackets closed.
std::optional<std::string> query_problem(std::string_view query);

// Prometheus labels (or annotations) at `path`: names of letters, digits
// and `_` not starting with a digit (labels: not __name__), values not empty.
void check_labels(const YAML::Node& labels, const std::string& path, bool annotations, Diagnostics& d);

}  // namespace vow::slo
