// The ledger's schema 3 (docs/adr/0017): events as typed columns, their
// lines in compressed blocks. A version-2 ledger is read as it is and
// migrated by the next writer; lines come back byte for byte from any block.
#include <sqlite3.h>
#include <sys/stat.h>

#include "helpers.hpp"
#include "ledger/checksum.hpp"

using namespace vowtest;

namespace {

const char* kRules =
    "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
    "  response = { P1 = hours(1) }, credit = schedule { { below = 99.9, percent = 10 } } }\n";
const char* kReport = "report --period 2026-10 --as-of 2026-11-02T00:00:00Z";

// Every kind of event the arithmetic reads, spaced and ordered as sources write them.
const char* kLines[] = {
    R"({"id":"1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o","service":"api","title":"caf\u00e9"})",
    R"({ "type":"outage.ended", "id":"2", "at":"2026-10-02T12:00:00Z", "outage":"o" })",
    R"({"id":"3","type":"ticket.opened","at":"2026-10-03T09:00:00Z","ticket":"T-1","customer":"acme","priority":"P1"})",
    R"({"id":"4","type":"ticket.replied","at":"2026-10-03T09:30:00Z","ticket":"T-1","author":"agent","public":false})",
    R"({"id":"5","type":"ticket.status_changed","at":"2026-10-03T09:40:00Z","ticket":"T-1","status":"pending"})",
    R"({"id":"6","type":"ticket.replied","at":"2026-10-03T11:00:00Z","ticket":"T-1","author":"agent"})",
    R"({"id":"7","type":"ticket.priority_changed","at":"2026-10-03T12:00:00Z","ticket":"T-1","priority":"P2"})",
    R"({"id":"8","type":"ticket.status_changed","at":"2026-10-04T09:00:00Z","ticket":"T-1","status":"solved"})",
    R"({"id":"9","type":"invoice.issued","at":"2026-10-31T00:00:00Z","invoice":"in-1","customer":"acme","period":"2026-10","amount":"1200.00","currency":"USD"})",
};

// A version-2 ledger as the vow before schema 3 wrote it: JSON lines only.
void make_v2(const fs::path& db) {
  sqlite3* h;
  ASSERT_EQ(sqlite3_open(db.string().c_str(), &h), SQLITE_OK);
  vow::register_checksum_function(h);
  std::string sql =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE events (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, type TEXT NOT NULL,"
      "  at INTEGER NOT NULL, body TEXT NOT NULL, crc INTEGER) WITHOUT ROWID;"
      "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
      "CREATE TABLE ingests (run INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT"
      "  (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), source TEXT NOT NULL, fresh INTEGER NOT NULL,"
      "  duplicate INTEGER NOT NULL, rejected INTEGER NOT NULL);";
  int seq = 0;
  for (const char* line : kLines) {
    std::string l = line;
    auto field = [&](const std::string& key) {
      auto at = l.find("\"" + key + "\"");
      at = l.find('"', l.find(':', at)) + 1;
      return l.substr(at, l.find('"', at) - at);
    };
    std::string quoted;
    for (char c : l) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    sql += "INSERT INTO events (id, seq, type, at, body) VALUES ('" + field("id") + "', " + std::to_string(++seq) +
           ", '" + field("type") + "', " + std::to_string(unix_ms(field("at"))) + ", '" + quoted + "');";
  }
  sql +=
      "UPDATE events SET crc = vow_crc(id, seq, type, at, body);"
      "INSERT INTO counters VALUES ('next_seq', " +
      std::to_string(seq + 1) +
      ");"
      "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
      "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
      "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
      "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
      "PRAGMA user_version = 2;";
  ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
  sqlite3_close(h);
}

long long user_version(const fs::path& db) {
  sqlite3* h;
  EXPECT_EQ(sqlite3_open_v2(db.string().c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, nullptr);
  sqlite3_step(st);
  long long v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

std::string all_lines() {
  std::string s;
  for (const char* line : kLines) s += std::string(line) + "\n";
  return s;
}

}  // namespace

TEST(LedgerSchema, AVersion2LedgerIsReadAsItIsAndMigratedByTheNextWriter) {
  auto dir = project("schema-v2", kRules);
  make_v2(dir / "vow.db");
  auto before = run_vow(dir, kReport);
  ASSERT_EQ(before.code, 0) << before.out;
  EXPECT_NE(before.out.find("\"downtime_seconds\": 7200.0"), std::string::npos) << before.out;
  EXPECT_EQ(run_vow(dir, "check").code, 0);
  EXPECT_EQ(user_version(dir / "vow.db"), 2);  // readers never migrate
  // The migration comes with the next ingest, whatever it brings.
  write(dir / "none.ndjson", "");
  ASSERT_EQ(run_vow(dir, "ingest none.ndjson").code, 0);
  EXPECT_EQ(user_version(dir / "vow.db"), 5);
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_NE(check.out.find("9 events"), std::string::npos) << check.out;
  EXPECT_EQ(run_vow(dir, kReport).out, before.out);
  ASSERT_EQ(run_vow(dir, "export --output all.ndjson").code, 0);
  EXPECT_EQ(slurp(dir / "all.ndjson"), all_lines());
  // Every event is known by its id after the migration: all duplicates.
  write(dir / "again.ndjson", all_lines());
  auto again = run_vow(dir, "ingest again.ndjson");
  EXPECT_NE(again.out.find("0 new, 9 duplicate"), std::string::npos) << again.out;
}

// Lines are kept in blocks of a few thousand: duplicates and conflicts are
// judged against the right line of an earlier block, and export starts in
// the middle of one.
TEST(LedgerSchema, LinesComeBackFromAnyBlock) {
  auto dir = project("schema-blocks", kRules);
  std::string first, second, all;
  for (int i = 0; i < 12000; ++i) {
    std::string t = "T-" + std::to_string(i / 3);
    std::string line = i % 3 == 0
                           ? R"({"id":"e)" + std::to_string(i) +
                                 R"(","type":"ticket.opened","at":"2026-10-03T09:00:00Z","ticket":")" + t +
                                 R"(","customer":"acme","priority":"P1"})"
                           : R"({"id":"e)" + std::to_string(i) + R"(","type":"ticket.replied","at":"2026-10-03T09:)" +
                                 (i % 3 == 1 ? "10" : "20") + R"(:00Z","ticket":")" + t + R"(","author":"agent"})";
    (i < 7000 ? first : second) += line + "\n";
    all += line + "\n";
  }
  write(dir / "first.ndjson", first);
  write(dir / "all.ndjson", all);
  ASSERT_EQ(run_vow(dir, "ingest first.ndjson").code, 0);
  auto both = run_vow(dir, "ingest all.ndjson");
  EXPECT_NE(both.out.find("5000 new, 7000 duplicate"), std::string::npos) << both.out;
  ASSERT_EQ(run_vow(dir, "export --output out.ndjson").code, 0);
  EXPECT_EQ(slurp(dir / "out.ndjson"), all);
  ASSERT_EQ(run_vow(dir, "export --since 5001 --output tail.ndjson").code, 0);
  size_t from = 0;
  for (int i = 0; i < 5000; ++i) from = all.find('\n', from) + 1;
  EXPECT_EQ(slurp(dir / "tail.ndjson"), all.substr(from));
  // Event e100 (first block) with other content: a conflict, the file refused.
  std::string changed =
      R"({"id":"e100","type":"ticket.replied","at":"2026-10-03T09:10:00Z","ticket":"T-33","author":"customer"})";
  write(dir / "changed.ndjson", changed + "\n");
  auto conflict = run_vow(dir, "ingest changed.ndjson");
  EXPECT_EQ(conflict.code, 65) << conflict.out;
  EXPECT_NE(conflict.out.find("conflict: event \"e100\""), std::string::npos) << conflict.out;
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_NE(check.out.find("12000 events"), std::string::npos) << check.out;
}

namespace {

// Snapshots are for big ledgers; the tests ask for one on a small ledger.
struct SnapshotsForSmallLedgers {
  SnapshotsForSmallLedgers() { ::setenv("VOW_SNAPSHOT_MIN_EVENTS", "1", 1); }
  ~SnapshotsForSmallLedgers() { ::unsetenv("VOW_SNAPSHOT_MIN_EVENTS"); }
};

}  // namespace

// The snapshot beside the ledger is a cache: reports read through it give
// what reading every row gives, it follows the ledger as events come in, and
// one that does not match its ledger or its checksum is ignored.
TEST(LedgerSnapshot, IsACacheThatNeverChangesAReport) {
  SnapshotsForSmallLedgers on;
  auto dir = project("snapshot", kRules);
  std::string half, rest;
  for (size_t i = 0; i < std::size(kLines); ++i) (i < 4 ? half : rest) += std::string(kLines[i]) + "\n";
  write(dir / "half.ndjson", half);
  write(dir / "rest.ndjson", rest);
  ASSERT_EQ(run_vow(dir, "ingest half.ndjson").code, 0);
  auto first = run_vow(dir, kReport);
  ASSERT_EQ(first.code, 0) << first.out;
  ASSERT_TRUE(fs::exists(dir / "vow.db.snapshot"));
  EXPECT_EQ(run_vow(dir, kReport).out, first.out);  // read through the snapshot
  // New events: the snapshot plus the rows after it, then a new snapshot.
  ASSERT_EQ(run_vow(dir, "ingest rest.ndjson").code, 0);
  auto both = run_vow(dir, kReport);
  ::unsetenv("VOW_SNAPSHOT_MIN_EVENTS");
  fs::remove(dir / "vow.db.snapshot");
  auto rows_only = run_vow(dir, kReport);
  EXPECT_FALSE(fs::exists(dir / "vow.db.snapshot"));  // small ledgers get none
  EXPECT_EQ(both.out, rows_only.out);
  EXPECT_NE(both.out, first.out);
  ::setenv("VOW_SNAPSHOT_MIN_EVENTS", "1", 1);
  ASSERT_EQ(run_vow(dir, kReport).out, rows_only.out);
  // A damaged snapshot is ignored (and replaced).
  std::string bytes = slurp(dir / "vow.db.snapshot");
  bytes[bytes.size() / 2] ^= 0x20;
  write(dir / "vow.db.snapshot", bytes);
  EXPECT_EQ(run_vow(dir, kReport).out, rows_only.out);
  EXPECT_NE(slurp(dir / "vow.db.snapshot"), bytes);
  // Another ledger with as many events: the snapshot is not its own.
  auto other = project("snapshot-other", kRules);
  std::string changed = all_lines();
  changed.replace(changed.find("12:00:00Z"), 9, "13:00:00Z");  // the outage ends an hour later
  write(other / "all.ndjson", changed);
  ASSERT_EQ(run_vow(other, "ingest all.ndjson").code, 0);
  fs::copy_file(dir / "vow.db.snapshot", other / "vow.db.snapshot");
  auto theirs = run_vow(other, kReport);
  EXPECT_NE(theirs.out.find("\"downtime_seconds\": 10800.0"), std::string::npos) << theirs.out;
}

// sli.counted windows (1.1) are kept in the snapshot as their fields, not
// their lines: a report read through it is the one read from the rows, for
// windows without customers (everyone's), with an empty list (nobody's),
// with a list, and one that came after a later one.
TEST(LedgerSnapshot, WindowsReadThroughItAsFromTheRows) {
  SnapshotsForSmallLedgers on;
  const char* rules =
      "contract \"actions\" { timezone = \"UTC\", uptime = { target = 99.9, sli = \"runs\", method = \"ratio\" } }\n"
      "contract \"pkg\" { timezone = \"UTC\", uptime = { target = 99, sli = \"pkg\", method = \"ratio\" } }\n";
  auto dir = project("snapshot-windows", rules);
  auto line = [](const char* id, int day, const char* sli, int good, int total, const char* customers) {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  R"({"id":"%s","type":"sli.counted","at":"2026-11-%02dT00:00:00Z","sli":"%s",)"
                  R"("start":"2026-11-%02dT00:00:00Z","end":"2026-11-%02dT00:00:00Z","good":%d,"total":%d%s})",
                  id, day + 1, sli, day, day + 1, good, total, customers);
    return std::string(buf) + "\n";
  };
  write(dir / "windows.ndjson", line("r-1", 2, "runs", 990, 1000, "") +                    // everyone's
                                    line("r-2", 3, "runs", 5, 10, R"(,"customers":[])") +  // nobody's
                                    line("p-2", 5, "pkg", 90, 100, R"(,"customers":["pkg","other"])") +
                                    line("p-1", 4, "pkg", 100, 100, R"(,"customers":["pkg","other"])"));
  ASSERT_EQ(run_vow(dir, "ingest windows.ndjson").code, 0);
  const char* report = "report --period 2026-11 --as-of 2026-12-01T00:00:00Z";
  auto from_rows = run_vow(dir, report);  // and writes the snapshot
  ASSERT_EQ(from_rows.code, 0) << from_rows.out;
  std::string snapshot = slurp(dir / "vow.db.snapshot");
  EXPECT_NE(snapshot.find("p-1"), std::string::npos);
  EXPECT_EQ(snapshot.find("sli.counted"), std::string::npos);  // fields, not lines
  auto written = fs::last_write_time(dir / "vow.db.snapshot");
  auto through = run_vow(dir, report);
  EXPECT_EQ(fs::last_write_time(dir / "vow.db.snapshot"), written);  // read, not made again
  EXPECT_EQ(through.out, from_rows.out);
  // 990 of 1000 for actions (r-2 names nobody); 190 of 200 for pkg.
  EXPECT_NE(through.out.find("\"percent\": 99.0"), std::string::npos) << through.out;
  EXPECT_NE(through.out.find("\"percent\": 95.0"), std::string::npos) << through.out;
  // A snapshot of windows alone is read once past its hash, not twice: a
  // damaged one is still found before any of it is read, and replaced.
  std::string bytes = slurp(dir / "vow.db.snapshot");
  bytes[bytes.find("p-1")] ^= 0x20;
  write(dir / "vow.db.snapshot", bytes);
  EXPECT_EQ(run_vow(dir, report).out, from_rows.out);
  EXPECT_EQ(slurp(dir / "vow.db.snapshot"), snapshot);
  // A window the snapshot keeps as fields, corrected later: its revision counts.
  write(dir / "fix.ndjson", line("r-1", 2, "runs", 900, 1000, ""));
  ASSERT_EQ(run_vow(dir, "ingest --supersede fix.ndjson").code, 0);
  auto revised = run_vow(dir, report);
  EXPECT_NE(revised.out.find("\"percent\": 90.0"), std::string::npos) << revised.out;
  EXPECT_EQ(run_vow(dir, report).out, revised.out);  // again: the revision read in place of the kept fields
}

// Rows after the snapshot are checked as every read checks them.
TEST(LedgerSnapshot, ADamagedRowAfterItIsStillFound) {
  SnapshotsForSmallLedgers on;
  auto dir = project("snapshot-damaged", kRules);
  write(dir / "half.ndjson", std::string(kLines[0]) + "\n");
  write(dir / "rest.ndjson", std::string(kLines[1]) + "\n");
  ASSERT_EQ(run_vow(dir, "ingest half.ndjson").code, 0);
  ASSERT_EQ(run_vow(dir, kReport).code, 0);
  ASSERT_EQ(run_vow(dir, "ingest rest.ndjson").code, 0);
  damage_event(dir / "vow.db", 2);
  auto r = run_vow(dir, kReport);
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("event \"2\""), std::string::npos) << r.out;
}

// A row's checksum covers the ids of its names, not the names' rows: a name
// row that is gone is damage, never a ticket or customer called "". Through
// the snapshot as well, which keeps the ids and reads the names each time.
TEST(LedgerSchema, ANameRowThatIsGoneIsDamageNotAnEmptyName) {
  SnapshotsForSmallLedgers on;
  auto dir = project("schema-lost-name", kRules);
  write(dir / "all.ndjson", all_lines());
  ASSERT_EQ(run_vow(dir, "ingest all.ndjson").code, 0);
  ASSERT_EQ(run_vow(dir, kReport).code, 0);
  ASSERT_TRUE(fs::exists(dir / "vow.db.snapshot"));
  sqlite3* h;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(h, "DROP TRIGGER names_no_delete; DELETE FROM names WHERE name = 'acme'", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(h);
  for (int pass = 0; pass < 2; ++pass) {
    auto r = run_vow(dir, kReport);
    EXPECT_EQ(r.code, 78) << r.out;
    EXPECT_NE(r.out.find("event \"3\" (#3) names a name that is missing"), std::string::npos) << r.out;
    fs::remove(dir / "vow.db.snapshot");  // then from the rows alone
  }
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 78) << check.out;
  EXPECT_NE(check.out.find("event \"3\" (#3) names a name that is missing"), std::string::npos) << check.out;
}

// `vow check` names a line whose row is gone, not only the count.
TEST(LedgerSchema, CheckNamesALineWithoutItsRow) {
  auto dir = project("schema-line-no-row", kRules);
  write(dir / "all.ndjson", all_lines());
  ASSERT_EQ(run_vow(dir, "ingest all.ndjson").code, 0);
  sqlite3* h;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(h, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 5", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(h);
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 78) << check.out;
  EXPECT_NE(check.out.find("event #5 has a line but no row"), std::string::npos) << check.out;
}

// A ledger restored from an older copy and ingested into again can hold the
// same event at the snapshot's last seq as before, with other events before
// it (here another start of the outage): the snapshot is not its own.
TEST(LedgerSnapshot, IsNotUsedOnALedgerRestoredAndIngestedIntoAgain) {
  SnapshotsForSmallLedgers on;
  auto dir = project("snapshot-restored", kRules);
  write(dir / "base.ndjson", std::string(kLines[2]) + "\n");
  write(dir / "start.ndjson", std::string(kLines[0]) + "\n");
  write(dir / "later-start.ndjson",
        R"({"id":"1b","type":"outage.started","at":"2026-10-02T11:30:00Z","outage":"o","service":"api"})"
        "\n");
  write(dir / "end.ndjson", std::string(kLines[1]) + "\n");
  ASSERT_EQ(run_vow(dir, "ingest base.ndjson").code, 0);
  fs::copy_file(dir / "vow.db", dir / "backup.db");  // ingest leaves no WAL behind
  ASSERT_EQ(run_vow(dir, "ingest start.ndjson").code, 0);
  ASSERT_EQ(run_vow(dir, "ingest end.ndjson").code, 0);
  auto before = run_vow(dir, kReport);
  EXPECT_NE(before.out.find("\"downtime_seconds\": 7200.0"), std::string::npos) << before.out;
  ASSERT_TRUE(fs::exists(dir / "vow.db.snapshot"));
  // Restored; the outage's start comes from another file, its end as before.
  fs::remove(dir / "vow.db-wal");
  fs::remove(dir / "vow.db-shm");
  fs::copy_file(dir / "backup.db", dir / "vow.db", fs::copy_options::overwrite_existing);
  ASSERT_EQ(run_vow(dir, "ingest later-start.ndjson").code, 0);
  ASSERT_EQ(run_vow(dir, "ingest end.ndjson").code, 0);
  auto after = run_vow(dir, kReport);
  EXPECT_NE(after.out.find("\"downtime_seconds\": 1800.0"), std::string::npos) << after.out;
  fs::remove(dir / "vow.db.snapshot");
  EXPECT_EQ(run_vow(dir, kReport).out, after.out);
}

namespace {

// A version-1 ledger (before checksums) holding the outage of kLines at the
// sequence numbers given.
void make_v1(const fs::path& db, int start_seq, int end_seq, int next_seq, bool triggers) {
  sqlite3* h;
  ASSERT_EQ(sqlite3_open(db.string().c_str(), &h), SQLITE_OK);
  std::string sql =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE events (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, type TEXT NOT NULL,"
      "  at INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;"
      "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
      "CREATE TABLE ingests (run INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT"
      "  (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), source TEXT NOT NULL, fresh INTEGER NOT NULL,"
      "  duplicate INTEGER NOT NULL, rejected INTEGER NOT NULL);"
      "INSERT INTO counters VALUES ('next_seq', " +
      std::to_string(next_seq) +
      ");"
      "INSERT INTO events VALUES ('1', " +
      std::to_string(start_seq) + ", 'outage.started', " + std::to_string(unix_ms("2026-10-02T10:00:00Z")) + ", '" +
      kLines[0] +
      "');"
      "INSERT INTO events VALUES ('2', " +
      std::to_string(end_seq) + ", 'outage.ended', " + std::to_string(unix_ms("2026-10-02T12:00:00Z")) + ", '" +
      kLines[1] + "');";
  if (triggers)
    sql +=
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
        "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
        "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;";
  sql += "PRAGMA user_version = 1;";
  ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
  sqlite3_close(h);
}

}  // namespace

// Triggers dropped by hand (to mend a row, say) are no reason for the
// conversion to fail with an internal error.
TEST(LedgerSchema, AVersion1LedgerWithoutItsTriggersIsConverted) {
  auto dir = project("schema-v1-no-triggers", kRules);
  make_v1(dir / "vow.db", 1, 2, 3, false);
  write(dir / "none.ndjson", "");
  auto ingest = run_vow(dir, "ingest none.ndjson");
  EXPECT_EQ(ingest.code, 0) << ingest.out;
  EXPECT_EQ(user_version(dir / "vow.db"), 5);
  ASSERT_EQ(run_vow(dir, "export --output all.ndjson").code, 0);
  EXPECT_EQ(slurp(dir / "all.ndjson"), std::string(kLines[0]) + "\n" + kLines[1] + "\n");
}

// Lines are kept by their place in a block: converting a ledger with a
// sequence number left out would give event #3 no line, and `vow check`
// would not see it. The conversion refuses, and leaves the ledger as it was.
TEST(LedgerSchema, AVersion1LedgerWithAGapInItsSequenceIsNotConverted) {
  auto dir = project("schema-v1-gap", kRules);
  make_v1(dir / "vow.db", 1, 3, 3, true);  // two events, the counter agrees
  write(dir / "none.ndjson", "");
  auto ingest = run_vow(dir, "ingest none.ndjson");
  EXPECT_EQ(ingest.code, 78) << ingest.out;
  EXPECT_NE(ingest.out.find("events #2 to #2 are missing"), std::string::npos) << ingest.out;
  EXPECT_EQ(user_version(dir / "vow.db"), 1);
  auto exported = run_vow(dir, "export --output all.ndjson");
  EXPECT_EQ(exported.code, 0) << exported.out;
  EXPECT_EQ(slurp(dir / "all.ndjson"), std::string(kLines[0]) + "\n" + kLines[1] + "\n");
}

// An event deleted by hand, with the counter lowered to match, is damage:
// readers see the seq it left out.
TEST(LedgerSchema, AnEventDeletedWithItsCounterLoweredIsFound) {
  auto dir = project("schema-deleted-row", kRules);
  write(dir / "all.ndjson", all_lines());
  ASSERT_EQ(run_vow(dir, "ingest all.ndjson").code, 0);
  sqlite3* h;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h,
                         "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 2;"
                         "UPDATE counters SET value = value - 1 WHERE name = 'next_seq'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(h);
  auto r = run_vow(dir, kReport);  // without the end of the outage, it would last the month
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("event #2 is missing"), std::string::npos) << r.out;
  EXPECT_EQ(run_vow(dir, "check").code, 78);
}

// A reader killed while writing a snapshot leaves its temporary file; the
// next writer removes the ones an hour old, and none that may still be
// being written.
TEST(LedgerSnapshot, TemporariesLeftBehindAreRemovedOnceStale) {
  SnapshotsForSmallLedgers on;
  auto dir = project("snapshot-temporaries", kRules);
  write(dir / "all.ndjson", all_lines());
  ASSERT_EQ(run_vow(dir, "ingest all.ndjson").code, 0);
  write(dir / "vow.db.snapshot.tmp.99999.1", "left by a reader that was killed");
  write(dir / "vow.db.snapshot.tmp.99999.2", "being written right now");
  fs::last_write_time(dir / "vow.db.snapshot.tmp.99999.1", fs::file_time_type::clock::now() - std::chrono::hours(2));
  ASSERT_EQ(run_vow(dir, kReport).code, 0);
  EXPECT_FALSE(fs::exists(dir / "vow.db.snapshot.tmp.99999.1"));
  EXPECT_TRUE(fs::exists(dir / "vow.db.snapshot.tmp.99999.2"));
  EXPECT_TRUE(fs::exists(dir / "vow.db.snapshot"));
}

// Only a regular file is read as a snapshot: opening a FIFO would wait for
// a writer that never comes.
TEST(LedgerSnapshot, AFifoInItsPlaceIsIgnored) {
  SnapshotsForSmallLedgers on;
  auto dir = project("snapshot-fifo", kRules);
  write(dir / "all.ndjson", all_lines());
  ASSERT_EQ(run_vow(dir, "ingest all.ndjson").code, 0);
  ASSERT_EQ(::mkfifo((dir / "vow.db.snapshot").c_str(), 0644), 0);
  // Killed after 20 s if it waits: the exit code is then not 0.
  auto r = run_vow(dir, std::string(kReport) + " & pid=$!; (sleep 20; kill $pid) >/dev/null 2>&1 & wait $pid");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"downtime_seconds\": 7200.0"), std::string::npos) << r.out;
}
