// `vow credits --apply` (docs/cli.md, ADR 6).
#pragma once

#include "cli/config.hpp"
#include "vow/engine.hpp"

namespace vow::cli {

// Delivers each final credit owed under `q` to every sink plugin once and
// records each delivery in the ledger; returns the exit code.
int apply_credits(const Config& cfg, const Query& q);

}  // namespace vow::cli
