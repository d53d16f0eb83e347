// ADR 0063: an ingest with IngestOptions::sync off commits without syncing
// the -wal, and WalSync syncs the file SQLite wrote. Seen through a VFS of
// this test's own that counts each file's syncs and otherwise is SQLite's.
#include <sqlite3.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "helpers.hpp"
#include "ledger/ledger.hpp"
#include "ledger/wal_sync.hpp"

using namespace vowtest;

namespace {

sqlite3_vfs* unix_vfs = nullptr;
sqlite3_vfs counting;
sqlite3_io_methods wal_methods;  // the -wal's methods, xSync counted
int (*wal_sync)(sqlite3_file*, int) = nullptr;
std::atomic<int> wal_syncs{0};
std::mutex names_m;
std::string wal_name;  // the -wal SQLite opened

int counted_sync(sqlite3_file* f, int flags) {
  ++wal_syncs;
  return wal_sync(f, flags);
}

int counting_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
  int rc = unix_vfs->xOpen(unix_vfs, name, f, flags, out);
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && f->pMethods) {
    std::lock_guard lock(names_m);
    if (!wal_sync) {
      wal_methods = *f->pMethods;
      wal_sync = wal_methods.xSync;
      wal_methods.xSync = counted_sync;
    }
    f->pMethods = &wal_methods;
    wal_name = name;
  }
  return rc;
}

// Every connection this process opens from now on, SQLite's own beneath.
void count_syncs() {
  if (unix_vfs) return;
  unix_vfs = sqlite3_vfs_find(nullptr);
  counting = *unix_vfs;
  counting.zName = "vow-test-counting";
  counting.xOpen = counting_open;
  ASSERT_EQ(sqlite3_vfs_register(&counting, 1), SQLITE_OK);
}

const std::string kLine =
    "{\"id\":\"%\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o1\"}\n";

std::string line(const std::string& id) {
  std::string s = kLine;
  return s.replace(s.find('%'), 1, id);
}

}  // namespace

TEST(LedgerSync, AnIngestThatLeavesTheDiskToWalSyncCommitsWithoutSyncingTheWal) {
  count_syncs();
  auto dir = scratch("sync-apart");
  vow::Ledger ledger((dir / "vow.db").string());
  vow::IngestOptions apart;
  apart.checkpoint = false;  // as a server's, which checkpoints on a thread (ADR 0062)
  ASSERT_TRUE(ledger.ingest("first", line("a1"), apart).stored);
  EXPECT_GT(wal_syncs.load(), 0);  // synchronous=FULL: the commit waited for the disk

  apart.sync = false;
  wal_syncs = 0;
  ASSERT_TRUE(ledger.ingest("second", line("a2"), apart).stored);
  ASSERT_TRUE(ledger.ingest("third", line("a3"), apart).stored);
  EXPECT_EQ(wal_syncs.load(), 0);
  // Committed all the same: another connection reads them.
  EXPECT_EQ(ledger_text(dir / "vow.db", "SELECT count(*) FROM events"), "3");

  {
    std::lock_guard lock(names_m);
    EXPECT_EQ(ledger.wal_path(), wal_name);
  }
  EXPECT_EQ(ledger.wal_path(), fs::canonical(dir / "vow.db").string() + "-wal");
  vow::WalSync wal(ledger.wal_path());
  EXPECT_NO_THROW(wal.sync());

  apart.sync = true;  // and back
  ASSERT_TRUE(ledger.ingest("fourth", line("a4"), apart).stored);
  EXPECT_GT(wal_syncs.load(), 0);
}

// SQLite puts the -wal beside the file a link leads to; WalSync must sync that one.
TEST(LedgerSync, TheWalOfALedgerReachedByALinkIsTheOneBesideItsFile) {
  auto dir = scratch("sync-link");
  fs::create_directories(dir / "real");
  vow::Ledger made((dir / "real" / "vow.db").string());
  fs::create_symlink(dir / "real" / "vow.db", dir / "vow.db");
  vow::Ledger ledger((dir / "vow.db").string());
  EXPECT_EQ(ledger.wal_path(), fs::canonical(dir / "real" / "vow.db").string() + "-wal");
}
