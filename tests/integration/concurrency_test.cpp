// Several `vow` processes on one ledger: writers take turns, readers never
// wait for a writer, and a ledger that cannot be written can still be read.
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "helpers.hpp"

using namespace vowtest;

namespace {

long long stored(const fs::path& db) {
  sqlite3* h;
  sqlite3_open_v2(db.string().c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(h, "SELECT count(*) FROM events", -1, &st, nullptr);
  long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

// Ingests a second file while this process holds a write transaction on
// the ledger for `hold`.
Run ingest_while_held(const fs::path& dir, std::chrono::milliseconds hold) {
  write(dir / "e.ndjson", ended_events("e", 10));
  write(dir / "f.ndjson", ended_events("f", 10));
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  sqlite3* h;
  EXPECT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([h, hold] {
    std::this_thread::sleep_for(hold);
    sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
  });
  auto r = run_vow(dir, "ingest f.ndjson");
  release.join();
  sqlite3_close(h);
  return r;
}

}  // namespace

// Both on a new ledger (both create it) and on an existing one.
TEST(Concurrency, TwoIngestsAtOnceBothSucceed) {
  auto dir = project("two-ingests");
  write(dir / "a.ndjson", ended_events("a", 50'000));
  write(dir / "b.ndjson", ended_events("b", 50'000));
  for (int round = 0; round < 3; ++round) {
    if (round == 0) fs::remove(dir / "vow.db");
    auto [a, b] = together(dir, "ingest a.ndjson", "ingest b.ndjson");
    EXPECT_EQ(a.code, 0) << "round " << round << ": " << a.out;
    EXPECT_EQ(b.code, 0) << "round " << round << ": " << b.out;
  }
  EXPECT_EQ(stored(dir / "vow.db"), 100'000);
}

// A reader never needs the write lock, so it does not wait for a writer.
TEST(Concurrency, ReportWhileAnotherProcessHoldsAWriteTransaction) {
  auto dir = project("report-during-write");
  write(dir / "e.ndjson", ended_events("e", 10));
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  sqlite3* h;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE; INSERT INTO counters VALUES ('held', 1)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto start = std::chrono::steady_clock::now();
  for (const char* cmd : {"report --period 2026-10 --as-of 2026-11-02T00:00:00Z",
                          "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z", "status", "check"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.out;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << "the readers waited for the writer";
  sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(h);
}

// A writer waits for the one before it (the busy timeout), then goes in.
TEST(Concurrency, IngestWaitsForAWriteTransactionToEnd) {
  auto dir = project("ingest-waits");
  auto r = ingest_while_held(dir, std::chrono::milliseconds(400));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(stored(dir / "vow.db"), 20);
}

// A long ingest (a year of events) holds the ledger for longer than a
// reader would wait: a second writer waits on, and says that it does.
TEST(Concurrency, AWriterWaitsLongerThanTenSecondsAndSaysSo) {
  auto dir = project("ingest-waits-long");
  auto r = ingest_while_held(dir, std::chrono::seconds(11));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("waiting for another vow to finish writing the ledger"), std::string::npos) << r.out;
  EXPECT_EQ(stored(dir / "vow.db"), 20);
}

// Reading commands never write: a 0444 ledger is reported on and left as it
// was, byte for byte. (Tests run as root, whom permission bits do not stop,
// so the bytes and the modification time are what we check.)
TEST(ReadOnly, AReadOnlyLedgerIsReportedOnAndNotModified) {
  auto dir = project("ro-file");
  write(dir / "e.ndjson", ended_events("e", 10));
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto before = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  ASSERT_EQ(before.code, 0) << before.out;
  fs::permissions(dir / "vow.db", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  std::string bytes = slurp(dir / "vow.db");
  auto mtime = fs::last_write_time(dir / "vow.db");
  for (const char* cmd : {"report --period 2026-10 --as-of 2026-11-02T00:00:00Z",
                          "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z", "status", "check"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.out;
  }
  EXPECT_EQ(run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z").out, before.out);
  EXPECT_TRUE(slurp(dir / "vow.db") == bytes) << "the ledger file changed";
  EXPECT_EQ(fs::last_write_time(dir / "vow.db"), mtime);
  // A read-only connection may leave SQLite's -wal and -shm (its shared
  // index) beside the file; nothing was written to the -wal.
  if (fs::exists(dir / "vow.db-wal")) {
    EXPECT_EQ(fs::file_size(dir / "vow.db-wal"), 0u);
  }
}

// On a read-only file system even root cannot create the -shm a WAL reader
// normally needs (a backup, another user's folder): still reported on.
TEST(ReadOnly, ALedgerOnAReadOnlyFileSystemIsReportedOn) {
  auto dir = project("ro-mount");
  write(dir / "e.ndjson", ended_events("e", 10));
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto before = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  ASSERT_EQ(before.code, 0) << before.out;
  fs::path ro = dir.string() + "-ro";
  fs::create_directories(ro);
  // Unmounted however the test ends: a mount left behind outlives the run.
  struct BindMount {
    fs::path at;
    bool mounted = false;
    ~BindMount() {
      if (mounted) ::umount(at.c_str());
    }
  } bind{ro};
  if (::mount(dir.c_str(), ro.c_str(), nullptr, MS_BIND, nullptr) != 0)
    GTEST_SKIP() << "cannot bind-mount here (" << std::strerror(errno) << "); needs CAP_SYS_ADMIN";
  bind.mounted = true;
  ASSERT_EQ(::mount(nullptr, ro.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr), 0)
      << std::strerror(errno);
  for (const char* cmd : {"report --period 2026-10 --as-of 2026-11-02T00:00:00Z",
                          "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z", "status", "check"}) {
    auto r = run_vow(ro, cmd);
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.out;
  }
  EXPECT_EQ(run_vow(ro, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z").out, before.out);
  // A write there fails plainly, naming the ledger: configuration, not a bug.
  auto w = run_vow(ro, "ingest e.ndjson");
  EXPECT_EQ(w.code, 78) << w.out;
  EXPECT_NE(w.out.find("vow.db"), std::string::npos) << w.out;
}
