// The snapshot file beside the ledger (ledger/snapshot.hpp): two writers in
// one process, as two Workspaces on one ledger in two threads make, and the
// records it keeps as fields.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
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

// Windows (1.1) are kept as their fields: with customers, with an empty
// list (which names nobody) and without one (everyone) all read back so.
TEST(LedgerSnapshotFile, WindowsReadBackAsWritten) {
  fs::path dir = fs::temp_directory_path() / ("vow-snapshot-windows-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "vow.db.snapshot").string();
  std::vector<std::vector<std::string_view>> scopes{{"acme", "", "globex"}, {}, {}};
  {
    SnapshotWriter out(path, 7);
    for (int i = 0; i < 3; ++i) {
      PackedRecord r;
      r.kind = PackedRecord::Kind::Window;
      r.row.seq = i + 1;
      r.row.at = 1000 * (i + 1);
      r.row.id = i == 0 ? "w-1" : i == 1 ? "w-2" : "w-3";
      r.window = {.start = 10,
                  .end = 20 + i,
                  .good = 7,
                  .total = 9'000'000'000,
                  .sli = "api",
                  .scoped = i < 2,
                  .customers = scopes[static_cast<std::size_t>(i)]};
      out.add(r);
    }
    out.finish(3, 33, 1, 22);
  }
  SnapshotReader read;
  ASSERT_TRUE(read.open(path));
  std::vector<std::string> seen;
  EXPECT_TRUE(read.for_each([&](const PackedRecord& r) {
    ASSERT_EQ(r.kind, PackedRecord::Kind::Window);
    std::string s = std::to_string(r.row.seq) + " " + std::to_string(r.row.at) + " " + std::string(r.row.id) + " " +
                    std::to_string(r.window.start) + "-" + std::to_string(r.window.end) + " " +
                    std::to_string(r.window.good) + "/" + std::to_string(r.window.total) + " " +
                    std::string(r.window.sli) + (r.window.scoped ? " [" : " everyone");
    for (std::string_view c : r.window.customers) s += "'" + std::string(c) + "'";
    if (r.window.scoped) s += "]";
    seen.push_back(s);
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"1 1000 w-1 10-20 7/9000000000 api ['acme''''globex']",
                                            "2 2000 w-2 10-21 7/9000000000 api []",
                                            "3 3000 w-3 10-22 7/9000000000 api everyone"}));
  fs::remove_all(dir);
}
