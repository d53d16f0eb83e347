// The ledger's part of `vow check`.
#pragma once

#include <filesystem>

namespace vow::cli {

// Verifies the ledger at `store` (SQLite's integrity check, every event's
// checksum, the event count) and prints each problem on standard error.
// No ledger yet is no problem: a new install has none. Returns false on any.
bool check_ledger(const std::filesystem::path& store);

}  // namespace vow::cli
