// The snapshot file beside the ledger (ledger/snapshot.hpp) with two writers
// in one process, as two Workspaces on one ledger in two threads make.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "ledger/snapshot.hpp"

using namespace vow;
namespace fs = std::filesystem;

namespace {

PackedRecord ticket_event(std::int64_t seq) {
  PackedRecord r;
  r.kind = PackedRecord::Kind::Ticket;
  r.row.seq = seq;
  r.row.id = "e";
  return r;
}

}  // namespace

// A reader checks the snapshot's hash, then reads its records from the same
// open file: a second writer of the same process must not write into that
// file (they shared one temporary name, the process id), or the reader gets
// records the hash never covered.
TEST(LedgerSnapshotFile, TwoWritersInOneProcessEachWriteTheirOwnFile) {
  fs::path dir = fs::temp_directory_path() / ("vow-snapshot-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "vow.db.snapshot").string();
  {
    SnapshotWriter newer(path, 7), lagging(path, 7);
    for (int seq = 1; seq <= 3000; ++seq) newer.add(ticket_event(seq));
    newer.finish(3000, 33, 2, 22);
    SnapshotReader read;
    ASSERT_TRUE(read.open(path));
    for (int seq = 1; seq <= 2000; ++seq) lagging.add(ticket_event(seq));
    lagging.finish(2000, 11, 1, 21);
    std::int64_t count = 0, last = 0;
    EXPECT_TRUE(read.for_each([&](const PackedRecord& r) { ++count, last = r.row.seq; }));
    EXPECT_EQ(count, 3000);
    EXPECT_EQ(last, 3000);
    SnapshotReader now;
    ASSERT_TRUE(now.open(path));  // the last one put in place, whole
    EXPECT_EQ(now.last_seq(), 2000);
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no temporary left
  fs::remove_all(dir);
}
