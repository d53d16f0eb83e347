// WalSync (ledger/wal_sync, ADR 0063): callers that overlap share one
// fdatasync, yet each returns only after a sync that began after its call;
// a refusal is said to every caller from then on. Run under TSan too.
#include "ledger/wal_sync.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

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
    return 0;
  });
  constexpr int kCallers = 16;
  std::vector<Steady::time_point> called(kCallers), returned(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i)
    callers.emplace_back([&, i] {
      std::this_thread::sleep_for(std::chrono::milliseconds(3 * i));  // some while a sync runs
      called[i] = Steady::now();
      wal.sync();
      returned[i] = Steady::now();
    });
  for (auto& t : callers) t.join();
  // 16 calls over ~45 ms of 20 ms syncs: a few syncs, not one each.
  EXPECT_LT(began.size(), static_cast<std::size_t>(kCallers) / 2);
  EXPECT_GE(began.size(), 2u);
  for (int i = 0; i < kCallers; ++i) {
    // A sync that began after the call and ended (20 ms later) before the return.
    bool covered = false;
    for (auto b : began) covered = covered || (b >= called[i] && b + std::chrono::milliseconds(20) <= returned[i]);
    EXPECT_TRUE(covered) << "caller " << i;
  }
}

TEST(WalSync, ARefusalIsSaidToThatCallerAndEveryLaterOne) {
  int syncs = 0;
  WalSync wal("/ledgers/vow.db-wal", [&](const std::string&) {
    ++syncs;
    return syncs == 2 ? EIO : 0;
  });
  EXPECT_NO_THROW(wal.sync());
  try {
    wal.sync();
    FAIL() << "the disk's refusal was not said";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadConfig);
    EXPECT_NE(std::string(e.what()).find("/ledgers/vow.db-wal could not be put on disk (Input/output error)"),
              std::string::npos)
        << e.what();
  }
  // A later sync's success would not bring back what the failed one dropped.
  EXPECT_THROW(wal.sync(), Error);
  EXPECT_EQ(syncs, 2);
}

TEST(WalSync, SyncsTheFileByItsNameAndNothingWhenThereIsNone) {
  auto dir = std::filesystem::temp_directory_path() / ("vow-wal-sync-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto path = (dir / "vow.db-wal").string();
  WalSync wal(path);
  EXPECT_NO_THROW(wal.sync());  // no -wal yet: nothing committed
  std::ofstream(path) << "frames";
  EXPECT_NO_THROW(wal.sync());
  // Deleted and made again (another inode): the new file is synced.
  std::filesystem::remove(path);
  std::ofstream(path) << "other frames";
  EXPECT_NO_THROW(wal.sync());
  std::filesystem::remove(path);
  EXPECT_NO_THROW(wal.sync());
  // A name that cannot be a file is a refusal, not silence.
  WalSync under_a_file((dir / "vow.db-wal-not-a-dir" / "x").string());
  std::ofstream((dir / "vow.db-wal-not-a-dir").string()) << "";
  EXPECT_THROW(under_a_file.sync(), Error);
  std::filesystem::remove_all(dir);
}

}  // namespace
