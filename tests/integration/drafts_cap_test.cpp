// Found by an adversarial pass: the credit offer told a customer "10000.00
// USD (465.00% of your monthly fee of 40000.00 USD)": the formula's percent
// before `credit_cap`, not what the customer is given.
#include "helpers.hpp"

using namespace vowtest;

TEST(DraftsCap, TheCreditOfferGivesThePercentAfterTheCap) {
  auto dir = project("drafts-cap", R"(
contract "acme" {
  name = "Acme Corp", monthly_fee = 40000, credit_cap = 25,
  uptime = { target = 99.9, services = { "api" } },
  credit = schedule { { below = 99.9, percent = 465 } },
}
)");
  write(dir / "vow.toml",
        slurp(dir / "vow.toml") + "\n[drafts]\ntemplates = [\"" VOW_SOURCE_DIR "/rules/templates\"]\n");
  write(dir / "e.ndjson",
        R"({"id":"1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o1","service":"api"}
{"id":"2","type":"outage.ended","at":"2026-10-02T12:00:00Z","outage":"o1"}
)");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto r = run_vow(dir, "draft credit-offer --customer acme --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("**10000.00 USD** (25.00% of your monthly fee of 40000.00 USD)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("465"), std::string::npos) << r.out;
}

// Found by the same pass: a folder where a template belongs was exit 1
// ("basic_filebuf::underflow ... Is a directory"); it is a template problem.
TEST(DraftsCap, AFolderWhereATemplateBelongsIsExit78NamingIt) {
  auto dir = project("drafts-folder",
                     R"(contract "acme" { monthly_fee = 100, uptime = { target = 99.9, services = { "api" } } })");
  write(dir / "vow.toml", slurp(dir / "vow.toml") + "\n[drafts]\ntemplates = [\"t\"]\n");
  fs::create_directories(dir / "t" / "default" / "initial.md.mustache");
  write(dir / "e.ndjson",
        R"({"id":"1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o1","service":"api"}
)");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto r = run_vow(dir, "draft initial --outage o1 --customer acme --as-of 2026-10-02T11:00:00Z");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("initial.md.mustache: not a template file"), std::string::npos) << r.out;
}
