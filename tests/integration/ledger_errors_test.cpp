// SQLite failures that are not bugs (a busy or full ledger, a file that
// cannot be written) exit 78 naming the ledger and what to do; exit 1 is
// kept for vow's own mistakes.
#include <sqlite3.h>

#include <cstring>

#include "helpers.hpp"

using namespace vowtest;

TEST(LedgerErrors, ALedgerHeldPastTheBusyTimeoutExits78) {
  auto dir = project("ledger-busy");
  write(dir / "e.ndjson", ended_events("e", 10, 80));
  write(dir / "f.ndjson", ended_events("f", 10, 80));
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  sqlite3* h;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  vowtest::Run r{};
  {
    ScopedEnv quick("VOW_BUSY_TIMEOUT_MS", "200");
    r = run_vow(dir, "ingest f.ndjson");
  }
  sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("vow.db is busy: another vow has held it for more than 0.2 s"), std::string::npos) << r.out;
  EXPECT_EQ(run_vow(dir, "ingest f.ndjson").code, 0) << "stored part of f.ndjson?";
}

TEST(LedgerErrors, ALedgerOnAFullDiskExits78) {
  auto dir = project("ledger-full");
  FullDisk disk(dir, "128k");
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << "); needs root";
  write(dir / "vow.toml", "[store]\npath = \"full/vow.db\"\n\n[rules]\npaths = [\"rules\"]\n");
  write(dir / "e.ndjson", ended_events("e", 5000, 80));
  auto r = run_vow(dir, "ingest e.ndjson");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("no space left for the ledger"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("full/vow.db"), std::string::npos) << r.out;
}
