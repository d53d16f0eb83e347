// ADR 0063: an ingest with IngestOptions::sync off commits without syncing
// the -wal, and WalSync syncs the file SQLite wrote. Seen through a VFS of
// the tests' own (wal_syncs.hpp) that counts the -wal's syncs.
#include <string>

#include "helpers.hpp"
#include "ledger/ledger.hpp"
#include "ledger/wal_sync.hpp"
#include "wal_syncs.hpp"

using namespace vowtest;

namespace {

const std::string kLine =
    "{\"id\":\"%\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o1\"}\n";

std::string line(const std::string& id) {
  std::string s = kLine;
  return s.replace(s.find('%'), 1, id);
}

}  // namespace

TEST(LedgerSync, AnIngestThatLeavesTheDiskToWalSyncCommitsWithoutSyncingTheWal) {
  count_wal_syncs();
  auto dir = scratch("sync-apart");
  vow::Ledger ledger((dir / "vow.db").string());
  vow::IngestOptions apart;
  apart.checkpoint = false;  // as a server's, which checkpoints on a thread (ADR 0062)
  ASSERT_TRUE(ledger.ingest("first", line("a1"), apart).stored);
  EXPECT_GT(wal_syncs().load(), 0);  // synchronous=FULL: the commit waited for the disk

  apart.sync = false;
  wal_syncs() = 0;
  ASSERT_TRUE(ledger.ingest("second", line("a2"), apart).stored);
  ASSERT_TRUE(ledger.ingest("third", line("a3"), apart).stored);
  EXPECT_EQ(wal_syncs().load(), 0);
  // Committed all the same: another connection reads them.
  EXPECT_EQ(ledger_text(dir / "vow.db", "SELECT count(*) FROM events"), "3");

  EXPECT_EQ(ledger.wal_path(), last_wal_opened());
  EXPECT_EQ(ledger.wal_path(), fs::canonical(dir / "vow.db").string() + "-wal");
  vow::WalSync wal(ledger.wal_path());
  EXPECT_NO_THROW(wal.sync());

  apart.sync = true;  // and back
  ASSERT_TRUE(ledger.ingest("fourth", line("a4"), apart).stored);
  EXPECT_GT(wal_syncs().load(), 0);
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
