// store.path naming something that is not a vow ledger: exit 78 naming it,
// and the file is left exactly as it was.
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>

#include "helpers.hpp"

using namespace vowtest;

namespace {

const char* kEvent =
    "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":\"api\"}\n";

void sql(const fs::path& db, const char* statements) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, statements, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
  sqlite3_close(h);
}

size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST(LedgerIdentity, AnotherApplicationsDatabaseIsNeitherUsedNorChanged) {
  auto dir = project("foreign-sqlite");
  sql(dir / "vow.db", "CREATE TABLE events (x INTEGER); INSERT INTO events VALUES (1);");
  std::string before = slurp(dir / "vow.db");
  write(dir / "e.ndjson", kEvent);
  auto r = run_vow(dir, "ingest e.ndjson");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("vow.db: not a vow ledger"), std::string::npos) << r.out;
  EXPECT_EQ(slurp(dir / "vow.db"), before) << "its journal mode or tables were changed";
  EXPECT_FALSE(fs::exists(dir / "vow.db-wal"));
  EXPECT_EQ(run_vow(dir, "report --period 2026-10").code, 78);
}

TEST(LedgerIdentity, ANegativeSchemaVersionIsNotALedger) {
  auto dir = project("negative-version");
  write(dir / "e.ndjson", kEvent);
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  sql(dir / "vow.db", "PRAGMA user_version = -1;");
  for (const char* cmd : {"report --period 2026-10", "ingest e.ndjson"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 78) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("not a vow ledger"), std::string::npos) << cmd << ": " << r.out;
  }
}

TEST(LedgerIdentity, ADeviceOrAFolderIsNotALedger) {
  for (const char* path : {"/dev/null", "rules"}) {
    auto dir = project(std::string("store-") + (path[0] == '/' ? "dev-null" : "folder"));
    write(dir / "vow.toml", std::string("[store]\npath = \"") + path + "\"\n[rules]\npaths = [\"rules\"]\n");
    write(dir / "e.ndjson", kEvent);
    auto r = run_vow(dir, "ingest e.ndjson");
    EXPECT_EQ(r.code, 78) << path << ": " << r.out;
    EXPECT_NE(r.out.find(path), std::string::npos) << r.out;
  }
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

// A stored event that was damaged is reported by ingest too, not taken for
// a conflict with the (good) line that is ingested again.
TEST(LedgerIdentity, IngestFindsADamagedRowItComparesWith) {
  auto dir = project("ingest-damaged");
  write(dir / "e.ndjson", kEvent);
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  sql(dir / "vow.db", "DROP TRIGGER events_no_update; UPDATE events SET detail = replace(detail, 'api', 'apx');");
  for (const char* cmd : {"ingest e.ndjson", "ingest --skip-invalid e.ndjson"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 78) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("damaged"), std::string::npos) << cmd << ": " << r.out;
    EXPECT_EQ(r.out.find("conflict"), std::string::npos) << cmd << ": " << r.out;
  }
}

// Output that is not NDJSON at all is not kept line by line in memory: the
// first thousand bad lines are reported, the rest counted.
TEST(LedgerIdentity, AFileOfGarbageStopsBeingCheckedAfterAThousandBadLines) {
  auto dir = project("garbage-lines");
  std::string junk;
  for (int i = 0; i < 200'000; ++i) junk += "x\n";
  write(dir / "junk.ndjson", junk);
  auto r = run_vow(dir, "ingest junk.ndjson");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("199000 more lines not checked after 1000 bad ones"), std::string::npos) << r.out.substr(0, 300);
  // Each bad line: its problem and the excerpt under it.
  EXPECT_LT(count_lines(r.out), 2100u);
}
