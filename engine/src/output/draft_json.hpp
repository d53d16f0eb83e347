// A draft's facts as the JSON object that `vow draft --format json` prints
// and the templates read (docs/communications.md, "Template context").
#pragma once

#include <nlohmann/json.hpp>

#include "vow/draft.hpp"

namespace vow {

nlohmann::json draft_json(const DraftFacts& f);

}  // namespace vow
