// vow credits --apply: each final credit reaches each billing sink exactly
// once, even when the process dies between a delivery and its record.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "helpers.hpp"
#include "ledger/ledger.hpp"
#include "model/utf8.hpp"

using namespace vowtest;

namespace {

const char* kRules =
    "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
    "  credit = schedule { { below = 99.9, percent = 10 } } }\n"
    "contract \"beta\" { monthly_fee = 500, uptime = { target = 99.9, services = { \"api\" } },\n"
    "  credit = schedule { { below = 99.9, percent = 20 } } }\n";

fs::path billing_project(const std::string& name, const std::string& plugin_toml) {
  auto dir = project(name, kRules);
  write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n" + plugin_toml);
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n"
        "{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}\n");
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  return dir;
}

std::string csv_sink(const fs::path& csv) {
  return "[[plugins]]\nname = \"finance\"\nlibrary = \"" PLUGIN_BILLING_CSV "\"\n[plugins.config]\npath = \"" +
         csv.string() + "\"\n";
}

std::string outbox_sink(const fs::path& dir, int pause_ms) {
  return "[[plugins]]\nname = \"outbox\"\nlibrary = \"" PLUGIN_OUTBOX_SINK "\"\n[plugins.config]\ndir = \"" +
         dir.string() + "\"\npause_ms = " + std::to_string(pause_ms) + "\n";
}

size_t lines(const fs::path& p) {
  std::ifstream in(p);
  size_t n = 0;
  for (std::string l; std::getline(in, l);) ++n;
  return n;
}

long long issued(const fs::path& dir) {
  long long n = 0;
  vow::Ledger ledger((dir / "vow.db").string());
  for (const char* c : {"acme", "beta"})
    for (const char* sink : {"finance", "outbox"}) n += ledger.has(std::string("vow:credit:") + c + ":2026-10:" + sink);
  return n;
}

const char* kApply = "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --apply";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Another writer holding the ledger's write lock until destroyed.
struct HeldLedger {
  sqlite3* h = nullptr;
  explicit HeldLedger(const fs::path& db) {
    EXPECT_EQ(sqlite3_open(db.string().c_str(), &h), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ~HeldLedger() {
    sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(h);
  }
};

}  // namespace

TEST(Apply, DeliversEachFinalCreditOnceAndRecordsIt) {
  auto csv = scratch("apply-csv") / "credits.csv";
  auto dir = billing_project("apply", csv_sink(csv));
  auto first = run_vow(dir, kApply);
  EXPECT_EQ(first.code, 0) << first.out;
  EXPECT_NE(first.out.find("acme 2026-10: 100.00 USD applied by finance (csv:acme:2026-10)"), std::string::npos)
      << first.out;
  EXPECT_NE(
      first.out.find("2 delivered, 0 already applied, 0 not applicable (provisional or nothing owed), 0 failed\n"),
      std::string::npos)
      << first.out;
  EXPECT_EQ(lines(csv), 3u);  // header and two credits
  EXPECT_EQ(issued(dir), 2);
  auto second = run_vow(dir, kApply);
  EXPECT_EQ(second.code, 0);
  EXPECT_NE(second.out.find("0 delivered, 2 already applied"), std::string::npos) << second.out;
  EXPECT_EQ(lines(csv), 3u);
}

TEST(Apply, ProvisionalCreditsAreNotApplied) {
  auto csv = scratch("apply-provisional") / "credits.csv";
  auto dir = billing_project("apply-provisional", csv_sink(csv));
  auto r = run_vow(dir, "credits --period 2026-10 --as-of 2026-10-20T00:00:00Z --apply");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("0 delivered, 0 already applied, 2 not applicable"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(csv));
}

// A relative path in a plugin's config is relative to the folder of the
// vow.toml that declares it (vow_host.config_dir), not to where vow runs,
// whether the plugin runs in its own process or in vow's.
TEST(Apply, ARelativePathInASinksConfigIsTheConfigFilesFolder) {
  for (bool in_process : {false, true}) {
    std::string name = in_process ? "apply-relative-in-process" : "apply-relative";
    auto dir = billing_project(name, csv_sink("finance/credits.csv"));
    fs::create_directories(dir / "finance");
    auto elsewhere = scratch(name + "-elsewhere");
    fs::create_directories(elsewhere / "finance");
    if (in_process) ::setenv("VOW_PLUGIN_IN_PROCESS", "1", 1);
    auto r = run_vow(elsewhere, "--config " + fs::relative(dir / "vow.toml", elsewhere).string() + " " + kApply);
    if (in_process) ::unsetenv("VOW_PLUGIN_IN_PROCESS");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(lines(dir / "finance" / "credits.csv"), 3u) << name << ": " << r.out;
    EXPECT_FALSE(fs::exists(elsewhere / "finance" / "credits.csv")) << name;
  }
}

TEST(Apply, ASinkFailureIsReportedNotRecordedAndRetried) {
  auto dir = billing_project("apply-failure", csv_sink("/nonexistent/folder/credits.csv"));
  auto r = run_vow(dir, kApply);
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("plugin finance ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not applied; the next --apply retries it"), std::string::npos) << r.out;
  // The summary counts the failures: a run that delivered nothing says why.
  EXPECT_NE(r.out.find("0 delivered, 0 already applied, 0 not applicable (provisional or nothing owed), 2 failed\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(issued(dir), 0);
  auto csv = scratch("apply-failure-fixed") / "credits.csv";
  write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n" + csv_sink(csv));
  EXPECT_NE(run_vow(dir, kApply).out.find("2 delivered"), std::string::npos);
  EXPECT_EQ(issued(dir), 2);
}

// A sink that crashes in deliver, running in its own process: each of its
// credits is a failed delivery (not recorded, retried next run), and the
// other sink still delivers and records its own.
TEST(Apply, ASinkThatCrashesIsAFailedDeliveryNotADeliveredOne) {
  auto outbox = scratch("apply-crash-outbox");
  std::string crashing =
      "[[plugins]]\nname = \"finance\"\nlibrary = \"" PLUGIN_SEGV_IN_DELIVER "\"\ntimeout_seconds = 1\n";
  auto dir = billing_project("apply-crash", crashing + outbox_sink(outbox, 0));
  auto r = run_vow(dir, kApply);
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("plugin finance (" PLUGIN_SEGV_IN_DELIVER "): crashed with signal 11 (SIGSEGV) during deliver"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("not applied; the next --apply retries it"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("applied by finance"), std::string::npos) << r.out;
  // The outbox's two delivered, the finance sink's two failed.
  EXPECT_NE(r.out.find("2 delivered, 0 already applied, 0 not applicable (provisional or nothing owed), 2 failed\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(issued(dir), 2);
  auto again = run_vow(dir, kApply);
  EXPECT_EQ(again.code, 78) << again.out;
  EXPECT_NE(again.out.find("0 delivered, 2 already applied, 0 not applicable (provisional or nothing owed), 2 failed"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(issued(dir), 2);
}

// kill -9 while the sink has delivered but vow has not yet recorded it: the
// next run records it without the sink acting twice, the one after does nothing.
TEST(Apply, KilledBetweenDeliveryAndRecordIsMendedWithoutASecondDelivery) {
  auto outbox = scratch("apply-kill-outbox");
  auto dir = billing_project("apply-kill", outbox_sink(outbox, 30'000));
  std::string cmd = "cd '" + dir.string() + "' && exec '" VOW_BINARY "' " + kApply + " >/dev/null 2>&1";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
    ::_exit(127);
  }
  for (int i = 0; i < 200 && !fs::exists(outbox / "writes.log"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(outbox / "writes.log")) << "the sink never delivered";
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(issued(dir), 0) << "recorded before it was killed?";
  EXPECT_EQ(lines(outbox / "writes.log"), 1u);  // one credit delivered, then the kill

  write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n" + outbox_sink(outbox, 0));
  auto mend = run_vow(dir, kApply);
  EXPECT_EQ(mend.code, 0) << mend.out;
  EXPECT_NE(mend.out.find("2 delivered, 0 already applied"), std::string::npos) << mend.out;
  EXPECT_EQ(issued(dir), 2);
  EXPECT_EQ(lines(outbox / "writes.log"), 2u);  // the interrupted credit was not written again

  auto again = run_vow(dir, kApply);
  EXPECT_NE(again.out.find("0 delivered, 2 already applied"), std::string::npos) << again.out;
  EXPECT_EQ(lines(outbox / "writes.log"), 2u);
}

// The record of a delivery must always be possible: a sink's reference that
// is not UTF-8 or is megabytes long is made safe, recorded, and never sent twice.
TEST(Apply, ReferencesALedgerCannotHoldAreMadeSafeAndRecorded) {
  for (const char* reference : {"bad_utf8", "huge"}) {
    auto out = scratch(std::string("apply-ref-out-") + reference);
    auto dir = billing_project(std::string("apply-ref-") + reference,
                               outbox_sink(out, 0) + "reference = \"" + reference + "\"\n");
    auto first = run_vow(dir, kApply);
    EXPECT_EQ(first.code, 0) << reference << ": " << first.out.substr(0, 2000);
    EXPECT_TRUE(vow::valid_utf8(first.out)) << reference << ": " << first.out.substr(0, 2000);
    EXPECT_LT(first.out.size(), 4096u) << reference << ": the reference was printed as the sink gave it";
    EXPECT_EQ(issued(dir), 2) << reference << ": every delivery is recorded";
    EXPECT_EQ(lines(out / "writes.log"), 2u) << reference;
    auto second = run_vow(dir, kApply);
    EXPECT_EQ(second.code, 0) << reference << ": " << second.out.substr(0, 2000);
    EXPECT_NE(second.out.find("0 delivered, 2 already applied"), std::string::npos) << second.out.substr(0, 2000);
    EXPECT_EQ(lines(out / "writes.log"), 2u) << reference << ": nothing is delivered twice";
  }
}

// A contract id long enough to overflow the record's id is refused at check,
// before anything could be delivered; the longest allowed one is recorded.
TEST(Apply, ContractIdsAreShortEnoughToBeRecorded) {
  auto dir = project("apply-long-id", "contract \"" + std::string(240, 'x') + "\" { monthly_fee = 1 }\n");
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 78) << check.out;
  EXPECT_NE(check.out.find("at most 128"), std::string::npos) << check.out;

  auto out = scratch("apply-longest-id-out");
  std::string id(128, 'y');
  auto ok = billing_project("apply-longest-id", outbox_sink(out, 0));
  write(ok / "rules" / "acme.lua", "contract \"" + id +
                                       "\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
                                       "  credit = schedule { { below = 99.9, percent = 10 } } }\n");
  auto r = run_vow(ok, kApply);
  EXPECT_EQ(r.code, 0) << r.out.substr(0, 2000);
  vow::Ledger ledger((ok / "vow.db").string());
  EXPECT_TRUE(ledger.has("vow:credit:" + id + ":2026-10:outbox"));
}

// Two runs at once take turns (a lock beside the ledger): between them each
// credit is delivered once, and both succeed.
TEST(Apply, TwoRunsAtOnceDeliverEachCreditOnceInAll) {
  auto outbox = scratch("apply-together-outbox");
  auto dir = billing_project("apply-together", outbox_sink(outbox, 700));
  auto [a, b] = together(dir, kApply, kApply);
  EXPECT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(b.code, 0) << b.out;
  EXPECT_EQ(lines(outbox / "calls.log"), 2u) << a.out << b.out;
  EXPECT_EQ(lines(outbox / "writes.log"), 2u);
  EXPECT_EQ(count(a.out + b.out, "applied by outbox"), 2u) << a.out << b.out;
  EXPECT_NE((a.out + b.out).find("waiting for another vow credits --apply"), std::string::npos) << a.out << b.out;
  EXPECT_EQ(issued(dir), 2);
}

// The same, with the second run reaching the ledger through a symbolic link
// in its own config: the lock is the ledger's, not the spelling's.
TEST(Apply, TwoRunsThroughASymlinkShareTheLock) {
  auto outbox = scratch("apply-symlink-outbox");
  auto dir = billing_project("apply-symlink", outbox_sink(outbox, 700));
  fs::create_symlink(dir / "vow.db", dir / "alias.db");
  std::string toml = slurp(dir / "vow.toml");
  write(dir / "alias.toml", toml.replace(toml.find("vow.db"), 6, "alias.db"));
  auto [a, b] = together(dir, kApply, std::string("--config alias.toml ") + kApply);
  EXPECT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(b.code, 0) << b.out;
  EXPECT_EQ(lines(outbox / "calls.log"), 2u) << "a credit was delivered twice: " << a.out << b.out;
  EXPECT_EQ(issued(dir), 2);
}

// A delivery that cannot be recorded (here another writer holds the ledger
// past the busy timeout) stops the run at once: nothing more is delivered,
// it says what happened, and it exits 78. The next run records the credit
// without the sink acting twice.
TEST(Apply, ADeliveryThatCannotBeRecordedStopsTheRun) {
  auto outbox = scratch("apply-unrecorded-outbox");
  auto dir = billing_project("apply-unrecorded", outbox_sink(outbox, 0));
  {
    ScopedEnv quick("VOW_BUSY_TIMEOUT_MS", "300");
    HeldLedger held(dir / "vow.db");
    auto r = run_vow(dir, kApply);
    EXPECT_EQ(r.code, 78) << r.out;
    EXPECT_EQ(lines(outbox / "calls.log"), 1u) << "delivered on after a record failed: " << r.out;
    EXPECT_NE(r.out.find("acme 2026-10: 100.00 USD WAS delivered to outbox"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("could not be recorded"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("the next --apply records it without a second delivery"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("vow.db is busy"), std::string::npos) << r.out;
  }
  EXPECT_EQ(issued(dir), 0);
  auto mend = run_vow(dir, kApply);
  EXPECT_EQ(mend.code, 0) << mend.out;
  EXPECT_NE(mend.out.find("2 delivered, 0 already applied"), std::string::npos) << mend.out;
  EXPECT_EQ(issued(dir), 2);
  EXPECT_EQ(lines(outbox / "writes.log"), 2u) << "the sink acted twice";
}
