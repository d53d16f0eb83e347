// `vow export` (issue 9): the ledger back as NDJSON, every event as it was
// given, in ingest order; ingesting the export into an empty ledger gives
// the same ledger.
#include "helpers.hpp"

using namespace vowtest;

namespace {

// Spacing, key order and escapes as a source wrote them: export keeps them.
const char* kFirst =
    R"({"id":"a1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o1","service":"api","title":"caf\u00e9 down"}
{ "type" : "outage.ended", "id":"a2", "at":"2026-10-02T11:00:00Z","outage":"o1" }
)";
// a2 again (a duplicate, not stored twice), and one new event.
const char* kSecond = R"({ "type" : "outage.ended", "id":"a2", "at":"2026-10-02T11:00:00Z","outage":"o1" }
{"id":"b1","type":"ticket.opened","at":"2026-10-03T09:00:00Z","ticket":"T-1","customer":"acme","priority":"P1"}
)";

fs::path exported_project(const std::string& name) {
  auto dir = project(name);
  write(dir / "first.ndjson", kFirst);
  write(dir / "second.ndjson", kSecond);
  EXPECT_EQ(run_vow(dir, "ingest first.ndjson").code, 0);
  EXPECT_EQ(run_vow(dir, "ingest second.ndjson").code, 0);
  return dir;
}

}  // namespace

TEST(Export, EveryEventAsGivenInIngestOrder) {
  auto dir = exported_project("export-order");
  auto r = run_vow(dir, "export --output all.ndjson");
  ASSERT_EQ(r.code, 0) << r.out;
  std::string expected =
      std::string(kFirst) +
      R"({"id":"b1","type":"ticket.opened","at":"2026-10-03T09:00:00Z","ticket":"T-1","customer":"acme","priority":"P1"}
)";
  EXPECT_EQ(slurp(dir / "all.ndjson"), expected);
  EXPECT_NE(r.out.find("3 events exported (sequence 1 to 3)"), std::string::npos) << r.out;
  // Standard output gives the same bytes.
  std::string cmd = "cd '" + dir.string() + "' && '" + vow_binary() + "' export > out.ndjson 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(slurp(dir / "out.ndjson"), expected);
  // From a sequence number on: what a follower that has seen 2 events reads next.
  ASSERT_EQ(run_vow(dir, "export --since 3 --output tail.ndjson").code, 0);
  EXPECT_EQ(slurp(dir / "tail.ndjson").rfind(R"({"id":"b1",)", 0), 0u) << slurp(dir / "tail.ndjson");
  EXPECT_EQ(run_vow(dir, "export --since 0").code, 2);
}

TEST(Export, IngestingTheExportGivesTheSameLedger) {
  auto dir = exported_project("export-roundtrip");
  ASSERT_EQ(run_vow(dir, "export --output all.ndjson").code, 0);
  auto copy = project("export-roundtrip-copy");
  fs::copy_file(dir / "all.ndjson", copy / "all.ndjson");
  auto in = run_vow(copy, "ingest all.ndjson");
  EXPECT_NE(in.out.find("3 new, 0 duplicate"), std::string::npos) << in.out;
  ASSERT_EQ(run_vow(copy, "export --output again.ndjson").code, 0);
  EXPECT_EQ(slurp(copy / "again.ndjson"), slurp(dir / "all.ndjson"));
  // The same report from both.
  const char* report = "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --format md";
  EXPECT_EQ(run_vow(copy, report).out, run_vow(dir, report).out);
}

TEST(Export, ADamagedLedgerExits78AndWritesNothing) {
  auto dir = exported_project("export-damaged");
  // Change one stored row behind Vow's back (the append-only trigger lifted):
  // the checksum of its line no longer that of the line stored.
  std::string py = "cd '" + dir.string() +
                   "' && python3 -c \"import sqlite3; d=sqlite3.connect('vow.db'); "
                   "d.execute('DROP TRIGGER events_no_update'); "
                   "d.execute(\\\"UPDATE events SET line_crc=line_crc+1 WHERE id='a1'\\\"); d.commit()\"";
  ASSERT_EQ(std::system(py.c_str()), 0);
  auto r = run_vow(dir, "export --output all.ndjson");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("a1"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "all.ndjson"));
}

TEST(Export, NoLedgerIsAConfigErrorNamingIt) {
  auto dir = project("export-none");
  auto r = run_vow(dir, "export");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("vow.db"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "vow.db"));
}
