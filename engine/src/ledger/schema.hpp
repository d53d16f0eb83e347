// The ledger's schema, its version (PRAGMA user_version) and the migrations
// between versions. Only writers create or migrate; readers take what is there.
#pragma once

#include "ledger/sqlite.hpp"

namespace vow::schema {

// 1: events, counters, ingests. 2: each event's checksum (column crc).
// 3: events as typed columns, names, lines in compressed blocks.
// 4: revisions of events (vow ingest --supersede, docs/adr/0027).
// 5: sli.counted rows written as their counts, not their line (docs/adr/0060).
constexpr int kCurrent = 5;

// The version of an open ledger; exit 78 when newer than this vow's.
int version(sql::Db& db);

// Makes the ledger WAL and current: creates the schema in a new file,
// migrates an older one. Takes the write lock only when there is work,
// waiting for it like any writer.
void prepare_for_writing(sql::Db& db);

}  // namespace vow::schema
