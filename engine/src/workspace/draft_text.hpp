// The text of `vow draft`: the facts through the template that fits the
// customer (docs/communications.md, "Templates").
#pragma once

#include <string>

#include "vow/config.hpp"
#include "vow/draft.hpp"

namespace vow {

// Renders the facts through KIND.md.mustache, the
// customer's own, else its tier's, else default/, in each configured folder
// in turn; partials are found the same way. Plain text (no Markdown marks,
// values as they are) when `plain`. A missing or malformed template is
// vow::Error, exit 78, naming the file and line.
std::string render_draft(const WorkspaceConfig& cfg, const std::string& kind, const std::string& customer,
                         const std::string& tier, const DraftFacts& facts, bool plain);

}  // namespace vow
