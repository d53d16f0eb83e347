// The snapshot file beside the ledger (ledger/snapshot.hpp): two writers in
// one process, as two Workspaces on one ledger in two threads make, and the
// records it keeps as fields.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
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
  EXPECT_EQ(read.tickets(), 0);
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

// The trailer counts the ticket records: a reader picking tickets by their
// spans passes over a snapshot without any.
TEST(LedgerSnapshotFile, CountsItsTicketRecords) {
  fs::path dir = fs::temp_directory_path() / ("vow-snapshot-tickets-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "vow.db.snapshot").string();
  {
    SnapshotWriter out(path, 7);
    for (auto kind : {PackedRecord::Kind::Ticket, PackedRecord::Kind::Subject, PackedRecord::Kind::Ticket}) {
      PackedRecord r;
      r.kind = kind;
      r.row.seq = 1;
      r.row.id = "e";
      out.add(r);
    }
    out.finish(3, 33, 1, 22);
  }
  SnapshotReader read;
  ASSERT_TRUE(read.open(path, false));
  EXPECT_EQ(read.tickets(), 2);
  EXPECT_TRUE(read.check());
  fs::remove_all(dir);
}

namespace {

std::string snapshot_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return (dir / "vow.db.snapshot").string();
}

}  // namespace

// A reader that leaves the hash to for_each() (a ticket-filtering load) is
// given no record of a snapshot whose bytes changed: it reads the rows
// instead, and nothing half read reaches the engine.
TEST(LedgerSnapshotFile, DeferredCheckGivesNothingOfADamagedFile) {
  std::string path = snapshot_dir("vow-snapshot-damaged");
  {
    SnapshotWriter out(path, 7);
    for (int seq = 1; seq <= 100; ++seq) out.add(ticket_event(seq));
    out.finish(100, 33, 1, 22);
  }
  {
    std::FILE* f = std::fopen(path.c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    std::fseek(f, 1000, SEEK_SET);  // inside the records
    int c = std::fgetc(f);
    std::fseek(f, 1000, SEEK_SET);
    std::fputc(c ^ 0x55, f);
    std::fclose(f);
  }
  SnapshotReader read;
  ASSERT_TRUE(read.open(path, false));  // magic and trailer are intact
  int given = 0;
  EXPECT_FALSE(read.for_each([&](const PackedRecord&) { ++given; }));
  EXPECT_EQ(given, 0);
  SnapshotReader checked;
  EXPECT_FALSE(checked.open(path));
  fs::remove_all(fs::path(path).parent_path());
}

// The reader lets go of the pages it has read every 64 MB: a snapshot
// several times that size is still read whole and in order, both with the
// check done first and with it left to for_each().
TEST(LedgerSnapshotFile, ASnapshotBiggerThanWhatIsKeptMappedReadsWhole) {
  std::string path = snapshot_dir("vow-snapshot-big");
  constexpr int kEvents = 4'000'000;  // about 150 MB
  {
    SnapshotWriter out(path, 7);
    for (int seq = 1; seq <= kEvents; ++seq) out.add(ticket_event(seq));
    out.finish(kEvents, 33, 1, 22);
  }
  ASSERT_GT(fs::file_size(path), std::uintmax_t{128} << 20);
  for (bool check_now : {true, false}) {
    SnapshotReader read;
    ASSERT_TRUE(read.open(path, check_now));
    std::int64_t count = 0, out_of_order = 0;
    EXPECT_TRUE(read.for_each([&](const PackedRecord& r) {
      if (r.row.seq != ++count || r.row.id != "e") ++out_of_order;
    }));
    EXPECT_EQ(count, kEvents) << check_now;
    EXPECT_EQ(out_of_order, 0) << check_now;
  }
  fs::remove_all(fs::path(path).parent_path());
}
