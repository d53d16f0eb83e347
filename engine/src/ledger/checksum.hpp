// The checksum each stored event carries (schema version 2): a CRC-32 of
// every column, so a damaged event is found when it is read.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/sqlite.hpp"

namespace vow {

std::uint32_t event_checksum(std::string_view id, std::int64_t seq, std::string_view type, std::int64_t at,
                             std::string_view body);

// Every verifying read selects these columns, in this order, so that one
// function checks a row wherever it is read.
constexpr const char* kVerifiedRows = "SELECT seq, body, id, type, at, crc FROM events";

// "" when the current row of a kVerifiedRows statement matches its checksum;
// else what is wrong, naming the event.
std::string checksum_problem(const sql::Stmt& row);

// The same as the SQL function vow_crc(id, seq, type, at, body), for the
// migration that adds checksums to a version-1 ledger in one UPDATE.
void register_checksum_function(sqlite3* db);

}  // namespace vow
