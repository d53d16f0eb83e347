// Counts the syncs SQLite makes of a ledger's -wal (ADR 0063), through a
// VFS that is SQLite's own but for that count, made the default for every
// connection the test's process opens after count_wal_syncs().
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <string>

namespace vowtest {

namespace wal_syncs_detail {
inline sqlite3_vfs* sqlites = nullptr;
inline sqlite3_vfs counting;
inline sqlite3_io_methods wal_methods;  // the -wal's methods, xSync counted
inline int (*wal_sync)(sqlite3_file*, int) = nullptr;
inline std::atomic<int> syncs{0};
inline std::mutex m;
inline std::string last_wal;

inline int counted_sync(sqlite3_file* f, int flags) {
  ++syncs;
  return wal_sync(f, flags);
}

inline int counting_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
  int rc = sqlites->xOpen(sqlites, name, f, flags, out);
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && f->pMethods) {
    std::lock_guard lock(m);
    if (!wal_sync) {
      wal_methods = *f->pMethods;
      wal_sync = wal_methods.xSync;
      wal_methods.xSync = counted_sync;
    }
    f->pMethods = &wal_methods;
    last_wal = name;
  }
  return rc;
}
}  // namespace wal_syncs_detail

inline void count_wal_syncs() {
  using namespace wal_syncs_detail;
  if (sqlites) return;
  sqlites = sqlite3_vfs_find(nullptr);
  counting = *sqlites;
  counting.zName = "vow-test-counting";
  counting.xOpen = counting_open;
  ASSERT_EQ(sqlite3_vfs_register(&counting, 1), SQLITE_OK);
}

// How many syncs of a -wal SQLite made since count_wal_syncs() (or since set to 0).
inline std::atomic<int>& wal_syncs() {
  return wal_syncs_detail::syncs;
}

// The -wal SQLite opened last.
inline std::string last_wal_opened() {
  std::lock_guard lock(wal_syncs_detail::m);
  return wal_syncs_detail::last_wal;
}

}  // namespace vowtest
