// Shared by the integration tests: scratch folders and running `vow`.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>

#include "vow/workspace.hpp"

namespace vowtest {

namespace fs = std::filesystem;

inline fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("vow-it-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

inline void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline long long unix_ms(const std::string& rfc3339) {
  std::tm tm{};
  std::istringstream in(rfc3339);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  return static_cast<long long>(timegm(&tm)) * 1000;
}

// An instant as a New York customer reads it ("2026-10-02 11:42 EDT"), by
// the C library's own tz code: an oracle beside Vow's.
inline std::string new_york(const std::string& rfc3339) {
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  ::setenv("TZ", "America/New_York", 1);
  ::tzset();
  std::time_t t = unix_ms(rfc3339) / 1000;
  std::tm lt{};
  ::localtime_r(&t, &lt);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &lt);
  if (old)
    ::setenv("TZ", saved.c_str(), 1);
  else
    ::unsetenv("TZ");
  ::tzset();
  return buf;
}

struct Run {
  int code;
  std::string out;  // stdout and stderr together
};

// VOW_TEST_BINARY runs the tests against another build (say, the one
// before a fix, to see a new test fail there).
inline std::string vow_binary() {
  const char* other = std::getenv("VOW_TEST_BINARY");
  return other && *other ? other : VOW_BINARY;
}

inline Run run_vow(const fs::path& dir, const std::string& args) {
  std::string cmd = "cd '" + dir.string() + "' && '" + vow_binary() + "' " + args + " 2>&1";
  Run r{0, ""};
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// Runs two commands at once in `dir`; returns their exit codes and output.
inline std::pair<Run, Run> together(const fs::path& dir, const std::string& a, const std::string& b) {
  std::string vow = "'" + vow_binary() + "' ";
  std::string cmd = "cd '" + dir.string() + "' && { " + vow + a + " >a.out 2>&1; echo $? >a.rc; } & { cd '" +
                    dir.string() + "' && " + vow + b + " >b.out 2>&1; echo $? >b.rc; } & wait";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return {Run{std::stoi(slurp(dir / "a.rc")), slurp(dir / "a.out")},
          Run{std::stoi(slurp(dir / "b.rc")), slurp(dir / "b.out")}};
}

// An environment variable for the `vow` runs of one test.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) { ::setenv(name.c_str(), value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

// A small tmpfs (16 KiB unless told) at dir/full, unmounted at the end of the test.
struct FullDisk {
  fs::path at;
  bool mounted = false;
  explicit FullDisk(const fs::path& dir, const std::string& size = "16k") : at(dir / "full") {
    fs::create_directories(at);
    mounted = ::mount("tmpfs", at.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~FullDisk() {
    if (mounted) ::umount(at.c_str());
  }
};

// Changes a ledger by hand, as a user with the sqlite3 shell could: `sql`
// runs as one script (the ledger's triggers refuse updates until dropped).
inline void edit_ledger(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.string().c_str(), &h), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &error);
  std::string said = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK) << said;
}

// The first column of the first row `sql` gives on a ledger; "" when none.
// `main_file`: as the main file alone holds it, as if the -wal were lost;
// then a failing statement (no table yet) gives "" too.
inline std::string ledger_text(const fs::path& db, const std::string& sql, bool main_file = false) {
  sqlite3* h = nullptr;
  if (main_file)
    EXPECT_EQ(sqlite3_open_v2(("file:" + db.string() + "?immutable=1").c_str(), &h,
                              SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr),
              SQLITE_OK);
  else
    EXPECT_EQ(sqlite3_open(db.string().c_str(), &h), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    EXPECT_TRUE(main_file) << sqlite3_errmsg(h);
    sqlite3_close(h);
    return "";
  }
  std::string v = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
                      ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                      : "";
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

// Moves event #seq by a second, behind its checksum's back.
inline void damage_event(const fs::path& db, int seq) {
  edit_ledger(db, "DROP TRIGGER events_no_update; UPDATE events SET at = at + 1000 WHERE seq = " + std::to_string(seq));
}

inline fs::path project(const std::string& name,
                        const std::string& rules = "contract \"acme\" { monthly_fee = 100 }\n") {
  fs::path dir = scratch(name);
  write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n\n[rules]\npaths = [\"rules\"]\n");
  write(dir / "rules" / "acme.lua", rules);
  return dir;
}

// The Workspace of a project() folder, as the library sees it.
inline vow::Workspace project_workspace(const fs::path& dir) {
  vow::WorkspaceConfig cfg;
  cfg.file = dir / "vow.toml";
  cfg.store = dir / "vow.db";
  cfg.rule_paths = {dir / "rules"};
  return vow::Workspace(cfg);
}

// Reading commands need a ledger (none is an error): an empty one.
inline void empty_ledger(const fs::path& dir) {
  write(dir / "empty.ndjson", "");
  ASSERT_EQ(run_vow(dir, "ingest empty.ndjson").code, 0);
}

// `n` outage.ended events with ids PREFIX0.., each padded by `pad` bytes.
inline std::string ended_events(const std::string& prefix, int n, size_t pad = 0) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "{\"id\":\"" + prefix + std::to_string(i) +
         "\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o\"" +
         (pad ? ",\"note\":\"" + std::string(pad, 'n') + "\"" : std::string()) + "}\n";
  return s;
}

}  // namespace vowtest
