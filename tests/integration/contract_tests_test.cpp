// `vow test` (terms.md, "Contract tests"): a folder's events in a ledger of
// their own, in memory, and each check compared as the conformance suite
// compares; a failed expectation names the folder, the check and the field.
#include "helpers.hpp"

using namespace vowtest;

namespace {

const char* kRules =
    "contract \"acme\" {\n  monthly_fee = 1000,\n  uptime = { target = 99.9, services = { \"api\" } },\n"
    "  credit = schedule { { below = 99.9, percent = 10 } },\n}\n";

// 2026-11 in UTC: an hour down of 2,592,000 s is 99.8611%: 10% of 1000.
const char* kEvents =
    "{\"id\":\"d\",\"type\":\"outage.started\",\"at\":\"2026-11-10T00:00:00Z\",\"outage\":\"o\",\"service\":\"api\"}\n"
    "{\"id\":\"u\",\"type\":\"outage.ended\",\"at\":\"2026-11-10T01:00:00Z\",\"outage\":\"o\"}\n"
    "{\"id\":\"r\",\"type\":\"ticket.replied\",\"at\":\"2026-11-10T02:00:00Z\",\"ticket\":\"T9\",\"author\":\"agent\"}"
    "\n";

fs::path with_test(const std::string& name, const std::string& checks) {
  fs::path dir = project(name, kRules);
  write(dir / "rules" / "tests" / "november" / "events.ndjson", kEvents);
  write(dir / "rules" / "tests" / "november" / "checks.json", checks);
  return dir;
}

const std::string kReport = R"(["report", "--period", "2026-11", "--as-of", "2026-12-02T00:00:00Z"])";

}  // namespace

TEST(ContractTests, PassingExpectationsExitZeroAndTouchNoLedger) {
  auto dir = with_test("vow-test-pass", "[{\"args\": " + kReport +
                                            ", \"expect\": {\"accounts\": [{\"customer\": \"acme\", "
                                            "\"uptime\": {\"percent\": 99.8611111}, \"credit\": {\"amount\": "
                                            "\"100.00\"}}], \"problems\": [{\"event\": \"r\"}]}},"
                                            "{\"args\": [\"credits\", \"--period\", \"2026-11\", \"--as-of\", "
                                            "\"2026-12-02T00:00:00Z\", \"--format\", \"json\"], \"expect\": "
                                            "{\"credits\": [{\"amount\": \"100.00\", \"percent\": 10}]}}]");
  auto r = run_vow(dir, "test");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2 passed, 0 failed"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "vow.db"));  // a ledger of its own, in memory
}

TEST(ContractTests, AFailedExpectationNamesTheFolderTheCheckAndTheField) {
  auto dir = with_test("vow-test-fail", "[{\"args\": " + kReport +
                                            ", \"expect\": {\"accounts\": [{\"credit\": {\"amount\": \"90.00\"}, "
                                            "\"status\": \"red\"}], \"problems\": [{\"event\": \"zz\"}]}}]");
  auto r = run_vow(dir, "test rules/tests/november");
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("FAIL rules/tests/november: check 1 (report --period 2026-11 --as-of 2026-12-02T00:00:00Z): "
                       "$.accounts[0].credit.amount: expected \"90.00\", got \"100.00\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("$.problems: event zz is not listed"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("$.accounts[0].status"), std::string::npos) << r.out;  // red, as expected
  EXPECT_NE(r.out.find("0 passed, 1 failed"), std::string::npos) << r.out;
}

TEST(ContractTests, BadTestFilesAreRefusedNamingTheFile) {
  auto dir = with_test("vow-test-bad", "[{\"args\": [\"draft\", \"breach\"], \"expect\": {}}]");
  auto r = run_vow(dir, "test");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("rules/tests/november/checks.json: check 1: vow test runs report, credits, status and "
                       "alerts, not draft"),
            std::string::npos)
      << r.out;
  write(dir / "rules" / "tests" / "november" / "checks.json", "[{\"args\": ");
  r = run_vow(dir, "test");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("checks.json: not JSON"), std::string::npos) << r.out;
  write(dir / "rules" / "tests" / "november" / "checks.json",
        "[{\"args\": [\"report\", \"--period\", \"2026-11\", \"--format\", \"md\"], \"expect\": {}}]");
  r = run_vow(dir, "test");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("--format md is not an option vow test takes for report"), std::string::npos) << r.out;
  write(dir / "rules" / "tests" / "november" / "events.ndjson", "{\"id\": 1}\n");
  write(dir / "rules" / "tests" / "november" / "checks.json", "[]");
  r = run_vow(dir, "test");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("events.ndjson"), std::string::npos) << r.out;
  r = run_vow(dir, "test rules");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("rules: not a test folder (it has no checks.json)"), std::string::npos) << r.out;
  auto none = project("vow-test-none", kRules);
  r = run_vow(none, "test");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("no test folders"), std::string::npos) << r.out;
}
