// --output and the reject file: written whole or not at all. A write that
// fails (a full disk, a missing folder) exits 2 naming the file and leaves
// nothing half-written behind.
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstring>

#include "helpers.hpp"

using namespace vowtest;

namespace {

const char* kReport = "report --period 2026-10 --as-of 2026-11-02T00:00:00Z";

mode_t mode_of(const fs::path& p, bool follow = true) {
  struct stat st {};
  EXPECT_EQ(follow ? ::stat(p.c_str(), &st) : ::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode;
}

// 200 contracts: a report far larger than the 16 KiB file system below.
fs::path big_project(const std::string& name) {
  std::string rules;
  for (int i = 0; i < 200; ++i) rules += "contract \"c" + std::to_string(1000 + i) + "\" { monthly_fee = 100 }\n";
  auto dir = project(name, rules);
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n");
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  return dir;
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    // SQLite's own files beside a ledger a reading command opened.
    if (e.path().extension() != ".db-wal" && e.path().extension() != ".db-shm")
      names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST(Output, AFullDiskExits2AndLeavesTheOldFileAsItWas) {
  auto dir = big_project("out-full");
  FullDisk disk(dir);
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << "); needs root";
  write(dir / "full" / "r.json", "old\n");
  for (const char* cmd : {"report --period 2026-10 --as-of 2026-11-02T00:00:00Z --output full/r.json",
                          "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --format md --output full/r.json",
                          "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --format html --output full/r.json"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 2) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("full/r.json"), std::string::npos) << r.out;
    EXPECT_EQ(slurp(dir / "full" / "r.json"), "old\n");
    EXPECT_EQ(listing(dir / "full"), std::vector<std::string>{"r.json"});
  }
  // The same report fits where there is room: the report itself is fine.
  EXPECT_EQ(run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --output r.json").code, 0);
  EXPECT_GT(fs::file_size(dir / "r.json"), 16u * 1024);
}

// The rejected lines go to the reject file before the good ones are stored:
// if they cannot be kept, nothing from that file is stored.
TEST(Output, ARejectFileOnAFullDiskStoresNothingFromThatFile) {
  auto dir = big_project("rej-full");
  FullDisk disk(dir);
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << "); needs root";
  std::string mixed = "{\"id\":\"g1\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o\"}\n";
  for (int i = 0; i < 20; ++i) mixed += "{not json " + std::string(3000, 'x') + "}\n";
  write(dir / "mixed.ndjson", mixed);
  auto r = run_vow(dir, "ingest --skip-invalid --reject full/rejects.ndjson mixed.ndjson");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("full/rejects.ndjson"), std::string::npos) << r.out;
  EXPECT_TRUE(listing(dir / "full").empty());
  // g1 was not stored: ingesting it again finds it new.
  write(dir / "g.ndjson", mixed.substr(0, mixed.find('\n') + 1));
  EXPECT_NE(run_vow(dir, "ingest g.ndjson").out.find("g.ndjson: 1 new"), std::string::npos);
}

TEST(Output, AMissingFolderOrAFolderExits2AndWritesNothing) {
  auto dir = big_project("out-bad-path");
  fs::create_directories(dir / "adir");
  auto before = listing(dir);
  for (const char* target : {"nowhere/r.json", "adir"}) {
    for (std::string cmd : {"report --period 2026-10 --as-of 2026-11-02T00:00:00Z --output ",
                            "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --output ", "status --output "}) {
      auto r = run_vow(dir, cmd + target);
      EXPECT_EQ(r.code, 2) << cmd << target << ": " << r.out;
      EXPECT_NE(r.out.find(std::string("--output ") + target), std::string::npos) << r.out;
    }
  }
  EXPECT_EQ(listing(dir), before);
  EXPECT_TRUE(listing(dir / "adir").empty());
  write(dir / "bad.ndjson", "{not json}\n");
  auto r = run_vow(dir, "ingest --skip-invalid --reject adir bad.ndjson");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("adir"), std::string::npos) << r.out;
  EXPECT_TRUE(listing(dir / "adir").empty());
}

// A device is written to, not replaced by a file. The null device is tried
// as a copy first, so that a build without the fix (VOW_TEST_BINARY) never
// replaces the system's /dev/null.
TEST(Output, ADeviceIsWrittenToNotReplaced) {
  auto dir = big_project("out-device");
  if (::mknod((dir / "null").c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0)
    GTEST_SKIP() << "cannot make a device node here (" << std::strerror(errno) << ")";
  auto r = run_vow(dir, std::string(kReport) + " --output null");
  EXPECT_EQ(r.code, 0) << r.out;
  ASSERT_TRUE(S_ISCHR(mode_of(dir / "null"))) << "the device was replaced by a file";
  EXPECT_EQ(listing(dir), (std::vector<std::string>{"e.ndjson", "null", "rules", "vow.db", "vow.toml"}));
  r = run_vow(dir, std::string(kReport) + " --output /dev/null");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(S_ISCHR(mode_of("/dev/null")));
}

// A link is followed: its target is replaced, the link stays a link.
TEST(Output, ASymlinkKeepsPointingAtTheUpdatedFile) {
  auto dir = big_project("out-symlink");
  write(dir / "real" / "r.json", "old\n");
  fs::create_symlink("real/r.json", dir / "r.json");
  auto r = run_vow(dir, std::string(kReport) + " --output r.json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(fs::is_symlink(dir / "r.json"));
  EXPECT_EQ(fs::read_symlink(dir / "r.json"), "real/r.json");
  EXPECT_EQ(slurp(dir / "real" / "r.json"), run_vow(dir, kReport).out);
  EXPECT_EQ(listing(dir / "real"), std::vector<std::string>{"r.json"});
}

TEST(Output, AnExistingFileKeepsItsMode) {
  auto dir = big_project("out-mode");
  write(dir / "r.json", "old\n");
  fs::permissions(dir / "r.json", fs::perms::owner_read | fs::perms::owner_write);
  auto r = run_vow(dir, std::string(kReport) + " --output r.json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(mode_of(dir / "r.json") & 07777, 0600u);
  EXPECT_NE(slurp(dir / "r.json"), "old\n");
}

// `--output /dev/stdout` (or /dev/stderr, /dev/fd/N, /proc/self/fd/N) is
// what the shell redirected: written through that descriptor, as a redirect
// would, never resolved to the file behind it and replaced. An appended log
// keeps what it held and the shell's later lines.
TEST(Output, AStandardStreamIsWrittenThroughNotReplaced) {
  auto dir = big_project("out-stdout");
  std::string report = run_vow(dir, std::string(kReport) + " --format csv").out;
  ASSERT_FALSE(report.empty());
  struct Case {
    const char* target;
    const char* redirect;
  };
  for (auto c : {Case{"/dev/stdout", ">>"}, Case{"/dev/stderr", "2>>"}, Case{"/dev/fd/1", ">>"},
                 Case{"/proc/self/fd/1", ">>"}}) {
    write(dir / "log", "previous\n");
    struct stat before {};
    ASSERT_EQ(::stat((dir / "log").c_str(), &before), 0);
    std::string cmd = "cd '" + dir.string() + "' && sh -c '{ \"" + vow_binary() + "\" " + kReport +
                      " --format csv --output " + c.target + "; echo rc=$?; echo after; } " + c.redirect + " log'";
    if (std::string(c.redirect) == "2>>") cmd += " >/dev/null";  // the echoes go to stdout there
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    struct stat after {};
    ASSERT_EQ(::stat((dir / "log").c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino) << c.target << ": the file was replaced";
    std::string tail = std::string(c.redirect) == "2>>" ? "" : "rc=0\nafter\n";
    EXPECT_EQ(slurp(dir / "log"), "previous\n" + report + tail) << c.target;
  }
}

TEST(Output, AnEmptyOutputPathExits2) {
  auto dir = big_project("out-empty");
  for (const char* cmd : {"report --period 2026-10 --as-of 2026-11-02T00:00:00Z --output ''",
                          "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --output ''", "status --output ''",
                          "draft credit-offer --customer c1000 --period 2026-10 --output ''"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 2) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("--output"), std::string::npos) << r.out;
  }
}

// --apply prints what it delivered: --output and --format are refused before
// anything is delivered, not ignored.
TEST(Output, ApplyRefusesOutputAndFormat) {
  auto dir = project("out-apply",
                     "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
                     "  credit = schedule { { below = 99.9, percent = 10 } } }\n");
  auto csv = dir / "credits.csv";
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = "
        "\"finance\"\nlibrary = \"" PLUGIN_BILLING_CSV "\"\n[plugins.config]\npath = \"" +
            csv.string() + "\"\n");
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n"
        "{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  const std::string apply = "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --apply";
  for (const char* opts :
       {"--output applied.txt", "--format csv", "--format json", "--output applied.txt --format md"}) {
    auto r = run_vow(dir, apply + " " + opts);
    EXPECT_EQ(r.code, 2) << opts << ": " << r.out;
    EXPECT_NE(r.out.find("--apply"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(csv)) << opts << ": a credit was delivered";
    EXPECT_FALSE(fs::exists(dir / "applied.txt"));
  }
  // Without them the same run delivers: the refusal was for the options alone.
  auto r = run_vow(dir, apply);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1 delivered"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(csv));
}
