// A damaged ledger is found, never computed on: every stored event carries a
// checksum that every read verifies, and `vow check` runs SQLite's
// integrity check as well.
#include <sqlite3.h>

#include <random>

#include "helpers.hpp"

using namespace vowtest;

namespace {

const char* kRules =
    "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
    "  credit = schedule { { below = 99.9, percent = 10 } } }\n";
const char* kReport = "report --period 2026-10 --as-of 2026-11-02T00:00:00Z";

// Outages of varied length over October, padded so the ledger spans many pages.
std::string outages(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    int day = 1 + i % 28, hour = i % 24, minutes = 1 + (i * 7) % 50;
    char start[32], end[32];
    std::snprintf(start, sizeof start, "2026-10-%02dT%02d:00:00Z", day, hour);
    std::snprintf(end, sizeof end, "2026-10-%02dT%02d:%02d:00Z", day, hour, minutes);
    std::string o = "o" + std::to_string(i);
    s += "{\"id\":\"s" + std::to_string(i) + "\",\"type\":\"outage.started\",\"at\":\"" + start + "\",\"outage\":\"" +
         o + "\",\"service\":\"api\",\"note\":\"" + std::string(40 + i % 60, 'n') + "\"}\n";
    s += "{\"id\":\"e" + std::to_string(i) + "\",\"type\":\"outage.ended\",\"at\":\"" + end + "\",\"outage\":\"" + o +
         "\"}\n";
  }
  return s;
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

fs::path ledger_project(const std::string& name, int outages_n) {
  auto dir = project(name, kRules);
  write(dir / "e.ndjson", outages(outages_n));
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  return dir;
}

}  // namespace

TEST(Corruption, AFlippedByteInAnEventIsReportedWithTheEventsId) {
  auto dir = ledger_project("corrupt-body", 50);
  ASSERT_FALSE(fs::exists(dir / "vow.db-wal"));
  std::string bytes = slurp(dir / "vow.db");
  // The body of outage.started s17: flip a byte of its padding.
  auto at = bytes.find("\"id\":\"s17\"");
  ASSERT_NE(at, std::string::npos);
  at = bytes.find("nnnn", at);
  bytes[at] = 'm';
  spit(dir / "vow.db", bytes);
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 78) << check.out;
  EXPECT_NE(check.out.find("event \"s17\""), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("checksum"), std::string::npos) << check.out;
  for (const char* cmd : {kReport, "credits --period 2026-10", "status"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 78) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("event \"s17\""), std::string::npos) << cmd << ": " << r.out;
    EXPECT_EQ(r.out.find("\"accounts\""), std::string::npos) << cmd << ": computed on a damaged ledger";
  }
}

// Bytes flipped anywhere in a real ledger: `vow check` finds it, or the
// bytes were unused and the report is the same. Never a silently different
// report.
TEST(Corruption, AFlipAnywhereIsFoundOrChangesNothing) {
  auto dir = ledger_project("corrupt-flips", 1500);
  ASSERT_FALSE(fs::exists(dir / "vow.db-wal"));
  auto original = run_vow(dir, kReport);
  ASSERT_EQ(original.code, 0) << original.out;
  ASSERT_EQ(run_vow(dir, "check").code, 0);
  const std::string bytes = slurp(dir / "vow.db");
  std::vector<size_t> offsets;
  for (size_t o = 0; o < 100; o += 9) offsets.push_back(o);  // the header
  std::mt19937 gen(7);
  while (offsets.size() < 60) offsets.push_back(100 + gen() % (bytes.size() - 100));
  int found = 0, unused = 0;
  for (size_t i = 0; i < offsets.size(); ++i) {
    auto copy = project("corrupt-flip-" + std::to_string(i), kRules);
    std::string flipped = bytes;
    flipped[offsets[i]] = static_cast<char>(flipped[offsets[i]] ^ (i % 3 == 0 ? 0x01 : i % 3 == 1 ? 0x80 : 0xff));
    spit(copy / "vow.db", flipped);
    auto check = run_vow(copy, "check");
    auto report = run_vow(copy, kReport);
    std::string where = "byte " + std::to_string(offsets[i]) + " of " + std::to_string(bytes.size());
    EXPECT_TRUE(check.code == 0 || check.code == 78) << where << ": " << check.out;
    if (check.code == 0) {
      ++unused;
      EXPECT_EQ(report.out, original.out) << where << ": check passed but the report differs";
    } else {
      ++found;
      EXPECT_NE(check.out.find("vow.db"), std::string::npos) << where << ": " << check.out;
    }
    EXPECT_TRUE(report.code == 0 || report.code == 78) << where << ": exit " << report.code << ": " << report.out;
    if (report.code == 0) {
      EXPECT_EQ(report.out, original.out) << where << ": a silently different report";
    }
    fs::remove_all(copy);
  }
  std::cout << found << " flips found by vow check, " << unused << " in unused bytes\n";
  EXPECT_GT(found, 20);
}

// A version-1 ledger (before checksums) is still read; the first ingest
// adds the checksums, and from then on a damaged event is found.
TEST(Corruption, AVersion1LedgerIsMigratedByTheFirstIngest) {
  auto dir = project("corrupt-v1", kRules);
  sqlite3* h;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h,
                         "PRAGMA journal_mode=WAL;"
                         "CREATE TABLE events (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, type TEXT NOT NULL,"
                         "  at INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;"
                         "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
                         "INSERT INTO counters VALUES ('next_seq', 3);"
                         "CREATE TABLE ingests (run INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT"
                         "  (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), source TEXT NOT NULL, fresh INTEGER NOT NULL,"
                         "  duplicate INTEGER NOT NULL, rejected INTEGER NOT NULL);"
                         "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
                         "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
                         "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
                         "  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
                         "INSERT INTO events VALUES ('1', 1, 'outage.started', 1790935200000, '{\"id\":\"1\",\"type\":"
                         "\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":\"api\"}');"
                         "INSERT INTO events VALUES ('2', 2, 'outage.ended', 1790942400000, '{\"id\":\"2\",\"type\":"
                         "\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}');"
                         "PRAGMA user_version = 1;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(h);
  sqlite3_close(h);
  auto v1 = run_vow(dir, kReport);
  EXPECT_EQ(v1.code, 0) << v1.out;
  EXPECT_NE(v1.out.find("\"downtime_seconds\": 7200.0"), std::string::npos) << v1.out;
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_NE(check.out.find("version 1"), std::string::npos) << check.out;
  write(dir / "none.ndjson", "");
  ASSERT_EQ(run_vow(dir, "ingest none.ndjson").code, 0);
  EXPECT_EQ(run_vow(dir, kReport).out, v1.out);
  check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_NE(check.out.find("2 events"), std::string::npos) << check.out;
  std::string bytes = slurp(dir / "vow.db");
  auto at = bytes.find("\"service\":\"api\"");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 12] = 'b';
  spit(dir / "vow.db", bytes);
  EXPECT_EQ(run_vow(dir, "check").code, 78);
  EXPECT_EQ(run_vow(dir, kReport).code, 78);
}

// A ledger without its counter is damaged: an ingest refuses it rather than
// storing events from #0 on.
TEST(Corruption, AnIngestRefusesALedgerWithoutItsCounter) {
  auto dir = ledger_project("corrupt-counter", 2);
  sqlite3* h;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "DELETE FROM counters WHERE name = 'next_seq'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(h);
  write(dir / "more.ndjson", outages(3));
  auto ingest = run_vow(dir, "ingest more.ndjson");
  EXPECT_EQ(ingest.code, 78) << ingest.out;
  EXPECT_NE(ingest.out.find("its counter next_seq is missing"), std::string::npos) << ingest.out;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(h, "SELECT count(*) FROM events", -1, &st, nullptr);
  sqlite3_step(st);
  EXPECT_EQ(sqlite3_column_int64(st, 0), 4);
  sqlite3_finalize(st);
  sqlite3_close(h);
}
