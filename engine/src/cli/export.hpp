// `vow export`: the ledger back as NDJSON, every event as it was given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace vow::cli {

// Writes every stored line from sequence number `since` on, in ingest
// order, to `output` (whole or not at all) or, when empty, to standard
// output. A damaged row stops it with exit 78 naming the event. Prints the
// count on standard error. Returns the exit code.
int export_ledger(const std::filesystem::path& store, std::int64_t since, const std::string& output);

}  // namespace vow::cli
