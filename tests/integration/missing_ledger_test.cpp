// A ledger that does not exist: a mistyped store.path must not read as an
// empty ledger. Reading commands exit 78 naming it; only writers create it.
#include "helpers.hpp"

using namespace vowtest;

TEST(MissingLedger, ReadingCommandsExit78NamingItAndCreateNothing) {
  auto dir = project("no-ledger");
  write(dir / "vow.toml", "[store]\npath = \"vow-typo.db\"\n\n[rules]\npaths = [\"rules\"]\n");
  for (const char* cmd : {"report --period 2026-10", "credits --period 2026-10", "credits --period 2026-10 --apply",
                          "status", "draft credit-offer --customer acme --period 2026-10"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 78) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("vow-typo.db"), std::string::npos) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("vow ingest"), std::string::npos) << cmd << ": " << r.out;
    EXPECT_FALSE(fs::exists(dir / "vow-typo.db")) << cmd;
  }
  EXPECT_EQ(run_vow(dir, "import nothing x.json --dry-run").code, 2);
  EXPECT_FALSE(fs::exists(dir / "vow-typo.db"));
}

// A new install has no ledger yet: `vow check` says so, and it is no error.
TEST(MissingLedger, CheckSaysSoAndExitsZero) {
  auto dir = project("no-ledger-check");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("no ledger yet"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "vow.db"));
}

TEST(MissingLedger, IngestCreatesIt) {
  auto dir = project("ledger-created");
  write(dir / "e.ndjson", "");
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  EXPECT_TRUE(fs::exists(dir / "vow.db"));
  EXPECT_EQ(run_vow(dir, "report --period 2026-10").code, 0);
}
