#include "ledger/schema.hpp"

#include <chrono>
#include <string>
#include <thread>

#include "ledger/checksum.hpp"
#include "vow/error.hpp"

namespace vow::schema {
namespace {

constexpr const char* kCreate = R"sql(
-- One B-tree keyed by id (idempotence needs the id lookup anyway); `seq`
-- is the ingest order, which readers sort by; `crc` is event_checksum() of
-- the other columns, verified on every read.
CREATE TABLE events (
  id   TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL,
  type TEXT NOT NULL,
  at   INTEGER NOT NULL,
  body TEXT NOT NULL,
  crc  INTEGER
) WITHOUT ROWID;
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
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
PRAGMA user_version = 2;
)sql";

// Version 1 had no checksums: add them to the events already there. The
// append-only trigger is lifted for this one UPDATE, inside the transaction.
constexpr const char* kFrom1 = R"sql(
ALTER TABLE events ADD COLUMN crc INTEGER;
DROP TRIGGER events_no_update;
UPDATE events SET crc = vow_crc(id, seq, type, at, body);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
PRAGMA user_version = 2;
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
  // settings belong to this connection and take no lock.
  db.exec("PRAGMA synchronous=FULL; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;");
  if (journal_mode(db) != "wal") {
    db.exec("PRAGMA page_size=16384");  // takes effect only in a new file
    make_wal(db);
  }
  if (version(db) == kCurrent) return;
  register_checksum_function(db.raw());
  db.exec("BEGIN IMMEDIATE");
  try {
    // Another writer may have done it while this one waited for the lock.
    int v = version(db);
    if (v == 0) db.exec(kCreate);
    if (v == 1) db.exec(kFrom1);
    db.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace vow::schema
