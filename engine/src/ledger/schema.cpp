#include "ledger/schema.hpp"

#include <chrono>
#include <string>
#include <thread>

#include "ledger/checksum.hpp"
#include "ledger/migrate.hpp"
#include "ledger/revisions.hpp"
#include "vow/error.hpp"

namespace vow::schema {
namespace {

// The tables of events (schema version 3): what the arithmetic reads as
// typed columns, the names they refer to, and the lines as given in
// compressed blocks (docs/adr/0017). `seq` is the ingest order; each row's
// `crc` is verified on every read.
constexpr const char* kEventTables = R"sql(
CREATE TABLE names (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  crc  INTEGER NOT NULL
);
CREATE TABLE events (
  seq      INTEGER PRIMARY KEY,
  id       TEXT NOT NULL UNIQUE,
  type     INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  subject  INTEGER NOT NULL,
  customer INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  flags    INTEGER NOT NULL,
  detail   TEXT,
  line_crc INTEGER NOT NULL,
  crc      INTEGER NOT NULL
);
CREATE TABLE lines (
  first_seq INTEGER PRIMARY KEY,
  count     INTEGER NOT NULL,
  z         BLOB NOT NULL,
  crc       INTEGER NOT NULL
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER names_no_update BEFORE UPDATE ON names
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER names_no_delete BEFORE DELETE ON names
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER lines_no_update BEFORE UPDATE ON lines
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER lines_no_delete BEFORE DELETE ON lines
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
-- Names this ledger among copies of others: a snapshot (ledger/snapshot.hpp)
-- is only ever read with the ledger it was made from.
INSERT INTO counters (name, value) VALUES ('ledger_id', abs(random()) + 1);
)sql";

constexpr const char* kOtherTables = R"sql(
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('next_seq', 1);
CREATE TABLE ingests (
  run       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  source    TEXT NOT NULL,
  fresh     INTEGER NOT NULL,
  duplicate INTEGER NOT NULL,
  rejected  INTEGER NOT NULL
);
)sql";

std::string journal_mode(sql::Db& db) {
  sql::Stmt mode(db, "PRAGMA journal_mode");
  mode.step();
  return std::string(mode.text(0));
}

// Switching to WAL needs a moment alone with the file; SQLite does not call
// the busy handler for it, so wait here as the busy timeout would.
void make_wal(sql::Db& db) {
  auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(db.busy_ms());
  for (;;) {
    int rc = sqlite3_exec(db.raw(), "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > give_up) db.fail("switching to WAL");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

int version(sql::Db& db) {
  sql::Stmt v(db, "PRAGMA user_version");
  v.step();
  auto n = v.int64(0);
  if (n > kCurrent)
    throw Error(Exit::BadConfig, db.path() + ": the ledger has schema version " + std::to_string(n) +
                                     ", newer than this vow understands (" + std::to_string(kCurrent) + ")");
  return static_cast<int>(n);
}

// A file of another application that store.path names by mistake is never
// changed: not its journal mode, not its tables.
void refuse_foreign(sql::Db& db) {
  sql::Stmt v(db, "PRAGMA user_version");
  v.step();
  auto n = v.int64(0);
  sql::Stmt tables(db, "SELECT count(*) FROM sqlite_schema");
  tables.step();
  if (n < 0 || (n == 0 && tables.int64(0) > 0))
    throw Error(Exit::BadConfig, db.path() + ": not a vow ledger (an SQLite file of something else: schema version " +
                                     std::to_string(n) + ", " + std::to_string(tables.int64(0)) +
                                     " tables); check store.path in the config");
}

void prepare_for_writing(sql::Db& db) {
  refuse_foreign(db);
  // A large page cache keeps the id index in memory while a big file goes in;
  // with the default 2 MB, pages spill to the WAL again and again. These
  // settings belong to this connection and take no lock. SQLite's own
  // checkpoint, at a commit past 1,000 pages of -wal, is off: each ingest
  // checkpoints when it ends (ADR 0008), or a server's thread does, beside
  // its writes (ADR 0062), never in the middle of a POST.
  db.exec(
      "PRAGMA synchronous=FULL; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0;");
  if (journal_mode(db) != "wal") {
    db.exec("PRAGMA page_size=16384");  // takes effect only in a new file
    make_wal(db);
  }
  if (version(db) == kCurrent) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    // Another writer may have done it while this one waited for the lock.
    int v = version(db);
    if (v == 0) {
      db.exec(kOtherTables);
      db.exec(kEventTables);
    } else if (v < 3) {
      // Versions 1 and 2 kept each event as its JSON line only.
      db.exec(
          "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; "
          "ALTER TABLE events RENAME TO events_v2;");
      db.exec(kEventTables);
      copy_events_from_v2(db, v);
      db.exec("DROP TABLE events_v2");
    }
    // Version 4 adds tables only: nothing stored before moves. Version 5
    // changes only how new windows are written; those stored before keep
    // their line, which every reader still reads.
    if (v < 4) db.exec(kRevisionTables);
    db.exec(("PRAGMA user_version = " + std::to_string(kCurrent)).c_str());
    db.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace vow::schema
