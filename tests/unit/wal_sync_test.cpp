// WalSync (ledger/wal_sync, ADR 0063): callers that overlap share one
// fdatasync, yet each returns only after a sync that began after its call;
// the disk's refusal is said to every caller from then on, a file not
// found only to its caller. Run under TSan too.
#include "ledger/wal_sync.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "vow/error.hpp"

using namespace vow;

namespace {

using Steady = std::chrono::steady_clock;

// Each caller's instant, from one start: the threads' own start-up on a
// loaded machine does not spread them.
TEST(WalSync, CallersThatOverlapShareASyncThatBeganAfterEachCall) {
  std::mutex m;
  std::vector<Steady::time_point> began;  // of each sync
  WalSync wal("ledger.db-wal", [&](const std::string& path) {
    EXPECT_EQ(path, "ledger.db-wal");
    {
      std::lock_guard lock(m);
      began.push_back(Steady::now());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return WalSync::Outcome{};
  });
  constexpr int kCallers = 16;
  std::vector<Steady::time_point> called(kCallers), returned(kCallers);
  std::vector<std::thread> callers;
  const auto t0 = Steady::now() + std::chrono::milliseconds(50);
  for (int i = 0; i < kCallers; ++i)
    callers.emplace_back([&, i] {
      std::this_thread::sleep_until(t0 + std::chrono::milliseconds(3 * i));  // some while a sync runs
      called[i] = Steady::now();
      wal.sync();
      returned[i] = Steady::now();
    });
  for (auto& t : callers) t.join();
  // Shared: fewer syncs than callers (about 3 for 45 ms of calls).
  EXPECT_LT(began.size(), static_cast<std::size_t>(kCallers));
  for (int i = 0; i < kCallers; ++i) {
    // A sync that began after the call and ended (20 ms later) before the return.
    bool covered = false;
    for (auto b : began) covered = covered || (b >= called[i] && b + std::chrono::milliseconds(20) <= returned[i]);
    EXPECT_TRUE(covered) << "caller " << i;
  }
}

TEST(WalSync, AFileNotFoundIsSaidToItsCallerAndTriedAgain) {
  int syncs = 0;
  WalSync wal("/ledgers/vow.db-wal", [&](const std::string&) {
    ++syncs;
    return syncs == 1 ? WalSync::Outcome{ENOENT, false} : WalSync::Outcome{};
  });
  try {
    wal.sync();
    FAIL() << "a -wal not found was taken for synced";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadConfig);
    EXPECT_NE(std::string(e.what()).find("/ledgers/vow.db-wal could not be put on disk (No such file or directory)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(wal.refusal(), "");
  EXPECT_NO_THROW(wal.sync());
  EXPECT_EQ(syncs, 2);
}

TEST(WalSync, TheDisksRefusalIsSaidToThatCallerAndEveryLaterOne) {
  int syncs = 0;
  WalSync wal("/ledgers/vow.db-wal", [&](const std::string&) {
    ++syncs;
    return syncs == 2 ? WalSync::Outcome{EIO, true} : WalSync::Outcome{};
  });
  EXPECT_NO_THROW(wal.sync());
  EXPECT_EQ(wal.refusal(), "");
  try {
    wal.sync();
    FAIL() << "the disk's refusal was not said";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadConfig);
    EXPECT_NE(std::string(e.what()).find("/ledgers/vow.db-wal could not be put on disk (Input/output error)"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(wal.refusal(), e.what());
  }
  // A later sync's success would not bring back what the failed one dropped.
  EXPECT_THROW(wal.sync(), Error);
  EXPECT_EQ(syncs, 2);
}

// The files this process holds open, by what their descriptors lead to.
std::vector<std::string> open_files() {
  std::vector<std::string> out;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    auto target = std::filesystem::read_symlink(fd.path(), ec);
    if (!ec) out.push_back(target.string());
  }
  return out;
}

long held(const std::string& name) {
  auto files = open_files();
  return std::count(files.begin(), files.end(), name);
}

TEST(WalSync, SyncsTheFileUnderItsNameOpeningItAgainWhenItIsAnother) {
  auto dir = std::filesystem::temp_directory_path() / ("vow-wal-sync-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto path = (std::filesystem::canonical(dir) / "vow.db-wal").string();
  WalSync wal(path);
  EXPECT_THROW(wal.sync(), Error);  // no -wal: it was not where the commit went
  std::ofstream(path) << "frames";
  EXPECT_NO_THROW(wal.sync());
  EXPECT_EQ(held(path), 1);
  // Deleted and made again (another inode): the new file is the one held.
  std::filesystem::remove(path);
  std::ofstream(path) << "other frames";
  EXPECT_NO_THROW(wal.sync());
  EXPECT_EQ(held(path), 1);
  EXPECT_EQ(held(path + " (deleted)"), 0);
  EXPECT_NO_THROW(wal.sync());
  EXPECT_EQ(held(path), 1);
  // A name that cannot be a file is an error, not silence.
  std::ofstream((dir / "not-a-folder").string()) << "";
  WalSync under_a_file((dir / "not-a-folder" / "vow.db-wal").string());
  EXPECT_THROW(under_a_file.sync(), Error);
  EXPECT_EQ(under_a_file.refusal(), "");
  std::filesystem::remove_all(dir);
}

}  // namespace
