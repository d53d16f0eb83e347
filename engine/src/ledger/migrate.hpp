// Brings the events of a version-1 or version-2 ledger (JSON lines only) into
// the schema-3 tables, inside the writer's transaction.
#pragma once

#include "ledger/sqlite.hpp"

namespace vow {

// The old rows are in `events_v2`; each keeps its sequence number. A row
// that no longer matches its checksum (version 2) or decodes (either) stops
// the migration: exit 78, the ledger left as it was.
void copy_events_from_v2(sql::Db& db, int version);

}  // namespace vow
