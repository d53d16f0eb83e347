// Names the engine requires to be unique (objectives and uptime terms in a
// contract), and indicators two sources define differently.
#pragma once

#include <vector>

#include "slo/model.hpp"

namespace vow::slo {

// Makes names unique ("x", "x-2") and, for uptime terms, of the characters
// the engine allows there; warns of each renaming and of an indicator name
// that two objectives define differently.
void settle_names(std::vector<Objective>& objectives, bool as_uptime, ImportResult& out);

}  // namespace vow::slo
