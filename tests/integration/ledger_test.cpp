// The ledger on real SQLite files: atomic per file, idempotent by id,
// conflicts refused, and every category of bad input refused cleanly.
#include "ledger/ledger.hpp"

#include <sqlite3.h>

#include <random>
#include <regex>

#include "helpers.hpp"

using namespace vowtest;

namespace {

const std::string kGood =
    "{\"id\":\"a1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o1\",\"service\":\"api\"}"
    "\n"
    "{\"id\":\"a2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o1\"}\n";

long long count(const fs::path& db) {
  vow::Ledger ledger(db.string());
  return ledger.count();
}

}  // namespace

TEST(Ledger, StoresAFileAndSkipsDuplicatesOnTheSecondRun) {
  auto dir = scratch("dup");
  vow::Ledger ledger((dir / "vow.db").string());
  auto first = ledger.ingest("f", kGood, {});
  EXPECT_TRUE(first.stored);
  EXPECT_EQ(first.fresh, 2u);
  // Same content with other key order and spacing is still a duplicate.
  auto second = ledger.ingest(
      "f",
      kGood + "{ \"type\": \"outage.ended\", \"outage\": \"o1\", \"id\": \"a2\", \"at\": \"2026-10-02T11:00:00Z\" }\n",
      {});
  EXPECT_EQ(second.fresh, 0u);
  EXPECT_EQ(second.duplicate, 3u);
  EXPECT_EQ(ledger.count(), 2);
}

TEST(Ledger, AConflictRefusesTheWholeFile) {
  auto dir = scratch("conflict");
  vow::Ledger ledger((dir / "vow.db").string());
  ledger.ingest("f", kGood, {});
  auto r =
      ledger.ingest("g",
                    "{\"id\":\"b1\",\"type\":\"outage.ended\",\"at\":\"2026-10-03T11:00:00Z\",\"outage\":\"o9\"}\n"
                    "{\"id\":\"a2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o1\"}\n",
                    {});
  EXPECT_FALSE(r.stored);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 2u);
  EXPECT_NE(r.rejected[0].reason.find("conflict"), std::string::npos);
  EXPECT_EQ(ledger.count(), 2);
}

TEST(Ledger, IsAppendOnly) {
  auto dir = scratch("append");
  { vow::Ledger((dir / "vow.db").string()).ingest("f", kGood, {}); }
  sqlite3* db;
  ASSERT_EQ(sqlite3_open((dir / "vow.db").string().c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM events", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE events SET at = 0", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(count(dir / "vow.db"), 2);
}

// ADR 0008: each ingest moves its commit into the main file, where a damaged
// page is seen, and the `-wal` stays short. A writer that stays open (as
// `vow serve` holds it) must do so too, not only the last close of the file.
TEST(Ledger, AnIngestLeavesItsEventsInTheMainFileWhileTheLedgerStaysOpen) {
  auto dir = scratch("checkpointed");
  vow::Ledger ledger((dir / "vow.db").string());
  ledger.ingest("f", kGood, {});
  ASSERT_TRUE(ledger
                  .ingest("g",
                          "{\"id\":\"b1\",\"type\":\"outage.ended\",\"at\":\"2026-10-03T11:00:00Z\","
                          "\"outage\":\"o9\"}\n",
                          {})
                  .stored);
  EXPECT_EQ(ledger_text(dir / "vow.db", "SELECT count(*) FROM events", true), "3");
  EXPECT_EQ(ledger.count(), 3);

  // A server leaves it to checkpoint() (ADR 0062): read meanwhile from the -wal.
  vow::IngestOptions later;
  later.checkpoint = false;
  ASSERT_TRUE(ledger
                  .ingest("h",
                          "{\"id\":\"b2\",\"type\":\"outage.ended\",\"at\":\"2026-10-03T12:00:00Z\","
                          "\"outage\":\"o8\"}\n",
                          later)
                  .stored);
  EXPECT_EQ(ledger_text(dir / "vow.db", "SELECT count(*) FROM events", true), "3");
  EXPECT_EQ(ledger.count(), 4);
  // From another connection, as a server's thread: every frame moved.
  auto moved = vow::Ledger((dir / "vow.db").string(), vow::Ledger::Access::Checkpoint).checkpoint();
  EXPECT_EQ(moved.problem, nullptr) << moved.problem;
  EXPECT_GT(moved.frames, 0);
  EXPECT_EQ(moved.moved, moved.frames);
  EXPECT_EQ(ledger_text(dir / "vow.db", "SELECT count(*) FROM events", true), "4");
}

struct BadInput {
  const char* name;
  std::string content;
  bool accepted;  // a clean accept where the spec allows
};

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, IsRefusedWithFileAndLineAndTheLedgerIsUntouched) {
  const BadInput& b = GetParam();
  auto dir = project(std::string("bad-") + b.name);
  write(dir / "good.ndjson", kGood);
  ASSERT_EQ(run_vow(dir, "ingest good.ndjson").code, 0);
  write(dir / "bad.ndjson", b.content);
  auto r = run_vow(dir, "ingest bad.ndjson");
  if (b.accepted) {
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("bad.ndjson: 0 new, 0 duplicate"), std::string::npos) << r.out;
  } else {
    EXPECT_EQ(r.code, 65) << r.out;
    // FILE:LINE: or, pointing at the place, FILE:LINE:COLUMN: (docs/adr/0026).
    EXPECT_TRUE(std::regex_search(r.out, std::regex("bad\\.ndjson:2(:[0-9]+)?: "))) << r.out;
  }
  EXPECT_EQ(count(dir / "vow.db"), 2);
}

std::string random_bytes() {
  std::mt19937 gen(42);
  std::string s(4096, '\0');
  for (auto& c : s) c = static_cast<char>(gen() & 0xff);
  return s;
}

const std::string kOk =
    "{\"id\":\"n1\",\"type\":\"ticket.opened\",\"at\":\"2026-10-02T10:00:00Z\",\"ticket\":\"T\",\"customer\":\"acme\","
    "\"priority\":\"P1\"}\n";

INSTANTIATE_TEST_SUITE_P(
    Catalogue, BadInputTest,
    ::testing::Values(
        BadInput{"truncated_json", kOk + "{\"id\":\"x\",\"type\":\"outage.ended\",\"at\":\"2026-10-0", false},
        BadInput{"wrong_field_type",
                 kOk + "{\"id\":\"x\",\"type\":\"ticket.replied\",\"at\":\"2026-10-02T10:00:00Z\",\"ticket\":7,"
                       "\"author\":\"agent\"}\n",
                 false},
        BadInput{"impossible_timestamp",
                 kOk + "{\"id\":\"x\",\"type\":\"outage.ended\",\"at\":\"2026-02-30T10:00:00Z\",\"outage\":\"o\"}\n",
                 false},
        BadInput{"unknown_type", kOk + "{\"id\":\"x\",\"type\":\"outage.exploded\",\"at\":\"2026-10-02T10:00:00Z\"}\n",
                 false},
        BadInput{"missing_id", kOk + "{\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\"}\n",
                 false},
        BadInput{"id_reused_with_other_content",
                 kOk + "{\"id\":\"a1\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\"}\n",
                 false},
        BadInput{"random_bytes", kOk + random_bytes(), false},
        BadInput{
            "line_of_20_mb",
            kOk +
                "{\"id\":\"x\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"pad\":\"" +
                std::string(20u << 20, 'x') + "\"}\n",
            false},
        BadInput{"bad_enum",
                 kOk + "{\"id\":\"x\",\"type\":\"ticket.status_changed\",\"at\":\"2026-10-02T10:00:00Z\",\"ticket\":"
                       "\"T\",\"status\":\"gone\"}\n",
                 false},
        BadInput{"not_an_object", kOk + "[1,2,3]\n", false},
        // One reader took the first "service", another the last.
        BadInput{"duplicate_key",
                 kOk + "{\"id\":\"x\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":"
                       "\"o\",\"service\":\"api\",\"service\":\"web\"}\n",
                 false},
        BadInput{"invalid_utf8",
                 kOk + "{\"id\":\"x\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\","
                       "\"outage\":\"caf\xe9\"}\n",
                 false},
        BadInput{"empty_file", "", true}, BadInput{"blank_lines_only", "\n\r\n  \n", true}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(Ingest, SkipInvalidStoresTheGoodLinesAndWritesRejects) {
  auto dir = project("skip");
  write(dir / "mixed.ndjson", kGood + "{not json}\n");
  auto r = run_vow(dir, "ingest --skip-invalid --reject rejects.ndjson mixed.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("mixed.ndjson:3:3: not valid JSON"), std::string::npos) << r.out;
  EXPECT_EQ(count(dir / "vow.db"), 2);
  std::ifstream rej(dir / "rejects.ndjson");
  std::string line;
  std::getline(rej, line);
  EXPECT_NE(line.find("\"line\":3"), std::string::npos) << line;
}

TEST(Ingest, ReadsStandardInput) {
  auto dir = project("stdin");
  write(dir / "in.ndjson", kGood);
  auto r = run_vow(dir, "ingest - < in.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("<stdin>: 2 new, 0 duplicate"), std::string::npos) << r.out;
}

// Kill -9 at moments spread over a large ingest: the ledger holds the file
// whole or not at all, never a part.
TEST(Ingest, KilledAtAnyPointLeavesTheFileWholeOrAbsent) {
  auto dir = project("kill");
  std::string big;
  for (int i = 0; i < 200'000; ++i)
    big += "{\"id\":\"k" + std::to_string(i) +
           "\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o\"}\n";
  write(dir / "big.ndjson", big);
  for (int delay_ms : {5, 50, 150, 300, 600}) {
    fs::remove(dir / "vow.db");
    fs::remove(dir / "vow.db-wal");
    fs::remove(dir / "vow.db-shm");
    std::string cmd = "cd '" + dir.string() +
                      "' && ('" VOW_BINARY "' ingest big.ndjson >/dev/null 2>&1 & pid=$!; sleep " +
                      std::to_string(delay_ms / 1000.0) + "; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null) ; true";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    long long n = fs::exists(dir / "vow.db") ? count(dir / "vow.db") : 0;
    EXPECT_TRUE(n == 0 || n == 200'000) << "after " << delay_ms << " ms the ledger holds " << n << " events";
  }
}
