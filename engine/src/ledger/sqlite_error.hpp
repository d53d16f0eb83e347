// What a failed SQLite call means for the person running vow (ADR 8).
#pragma once

#include <string>

namespace vow::sql {

// Throws vow::Error for SQLite's (extended) result `code` on the ledger at
// `path`: exit 78 with what to do for what is outside vow (a busy, full,
// unwritable, unreadable or damaged ledger), exit 1 only for vow's own
// mistakes (a bad statement, misuse). `detail` is SQLite's message;
// `busy_ms` the busy timeout that ran out, for SQLITE_BUSY.
[[noreturn]] void throw_error(const std::string& path, int code, const std::string& detail, int busy_ms);

}  // namespace vow::sql
