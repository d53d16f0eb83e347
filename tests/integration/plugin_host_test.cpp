// Plugins run in a child process of `vow` (docs/adr/0009): one that crashes,
// hangs, loops on empty batches, gives no message or exits is reported as
// `plugin NAME (PATH): ...` with exit 78, and nothing it sent is stored.
#include <signal.h>

#include <chrono>
#include <thread>

#include "helpers.hpp"
#include "ledger/ledger.hpp"
#include "model/utf8.hpp"
#include "plugins/child.hpp"
#include "plugins/plugin.hpp"
#include "vow/error.hpp"

using namespace vowtest;

namespace {

// A project whose one plugin, "broken", is `library`, with a 1 s time limit,
// and a ledger holding one good event: `import` creates the ledger only once
// it has the plugin's output, so without one "nothing stored" could not fail.
fs::path broken_project(const std::string& name, const std::string& library) {
  auto dir = project(name);
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n\n[rules]\npaths = [\"rules\"]\n\n[[plugins]]\nname = \"broken\"\n"
        "library = \"" +
            library + "\"\ntimeout_seconds = 1\n");
  write(dir / "a.txt", "o1\n");
  write(dir / "good.ndjson",
        "{\"id\":\"good:1\",\"type\":\"outage.started\",\"at\":\"2026-10-01T10:00:00Z\",\"outage\":\"g\","
        "\"service\":\"api\"}\n");
  auto ingest = run_vow(dir, "ingest good.ndjson");
  EXPECT_EQ(ingest.code, 0) << ingest.out;
  return dir;
}

long long events_in(const fs::path& dir) {
  EXPECT_TRUE(fs::exists(dir / "vow.db"));
  vow::Ledger ledger((dir / "vow.db").string());
  return ledger.count();
}

// Dead: no /proc entry, or a zombie that whoever adopted it has yet to reap.
bool gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  auto paren = line.rfind(')');
  return paren != std::string::npos && line.compare(paren, 3, ") Z") == 0;
}

// Adds `lines` under the plugin's [plugins.config].
void configure(const fs::path& dir, const std::string& lines) {
  std::ofstream(dir / "vow.toml", std::ios::app) << "\n[plugins.config]\n" << lines;
}

// The subprocess GRANDCHILD left, once vow has exited: it must not outlive vow.
void expect_grandchild_gone(const fs::path& dir, const Run& r) {
  pid_t pid = 0;
  std::ifstream(dir / "pid") >> pid;
  ASSERT_GT(pid, 0) << r.out;
  for (int i = 0; i < 100 && !gone(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(gone(pid)) << "process " << pid << " outlived vow";
  if (!gone(pid)) ::kill(pid, SIGKILL);
}

void expect_named(const Run& r, const std::string& library, const std::string& what) {
  EXPECT_NE(r.out.find("plugin broken (" + library + "): " + what), std::string::npos) << r.out;
}

}  // namespace

TEST(PluginHost, ACrashInNextBatchIsNamedWithItsSignalAndNothingIsStored) {
  auto dir = broken_project("host-segv", PLUGIN_SEGV_IN_NEXT);
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_SEGV_IN_NEXT, "crashed with signal 11 (SIGSEGV) during next_batch");
  EXPECT_EQ(events_in(dir), 1);
}

TEST(PluginHost, AnAbortIsNamedWithItsSignal) {
  auto dir = broken_project("host-abort", PLUGIN_ABORT_IN_NEXT);
  auto r = run_vow(dir, "pull");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_ABORT_IN_NEXT, "crashed with signal 6 (SIGABRT) during next_batch");
  EXPECT_EQ(events_in(dir), 1);  // its first batch was valid, and still not stored
}

TEST(PluginHost, AHangIsKilledAtTheTimeLimit) {
  auto dir = broken_project("host-hang", PLUGIN_HANG_IN_NEXT);
  auto start = std::chrono::steady_clock::now();
  auto r = run_vow(dir, "import broken a.txt");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_HANG_IN_NEXT, "no answer to next_batch within 1 s (killed)");
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_EQ(events_in(dir), 1);
}

TEST(PluginHost, EmptyBatchesForeverAreStopped) {
  auto dir = broken_project("host-empty", PLUGIN_EMPTY_FOREVER);
  auto r = run_vow(dir, "pull");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_EMPTY_FOREVER, "returned 1000 empty batches in a row");
  EXPECT_EQ(events_in(dir), 1);
}

TEST(PluginHost, ANullLastErrorGivesAGenericMessage) {
  auto dir = broken_project("host-null-error", PLUGIN_NULL_ERROR);
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 65) << r.out;  // the plugin said it failed: its input, as with any other message
  expect_named(r, PLUGIN_NULL_ERROR, "next_batch failed (the plugin gave no message)");
  EXPECT_EQ(events_in(dir), 1);
}

TEST(PluginHost, ANullLastErrorInProcessGivesTheSameMessage) {
  vow::PluginInstance p(vow::PluginLibrary::load("broken", PLUGIN_NULL_ERROR), "{}");
  std::string out;
  try {
    while (p.next_batch(out)) {
    }
    ADD_FAILURE() << "next_batch did not fail";
  } catch (const vow::Error& e) {
    EXPECT_NE(std::string(e.what()).find("next_batch failed (the plugin gave no message)"), std::string::npos)
        << e.what();
  }
}

TEST(PluginHost, ExitInCreateIsAnErrorNotSilence) {
  auto dir = broken_project("host-exit", PLUGIN_EXIT_IN_CREATE);
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 78) << check.out;
  expect_named(check, PLUGIN_EXIT_IN_CREATE, "exited with status 0 during create");
  auto import = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(import.code, 78) << import.out;
  expect_named(import, PLUGIN_EXIT_IN_CREATE, "exited with status 0 during create");
  EXPECT_EQ(events_in(dir), 1);
}

// vow writes a 16 MiB file to a child that no longer reads: EPIPE, not SIGPIPE.
TEST(PluginHost, AChildThatStopsReadingDoesNotKillVow) {
  auto dir = broken_project("host-epipe", PLUGIN_STOPS_READING);
  write(dir / "big.txt", std::string(16 << 20, 'x'));
  auto r = run_vow(dir, "import broken big.txt");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_STOPS_READING, "exited with status 0 during feed");
  EXPECT_EQ(events_in(dir), 1);
}

TEST(PluginHost, LoadErrorsKeepTheirMessagesThroughTheChild) {
  auto dir = broken_project("host-load", "/nonexistent/libvow_nothing.so");
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, "/nonexistent/libvow_nothing.so", "no such file");
  auto fails = broken_project("host-create-fails", PLUGIN_CREATE_FAILS);
  auto c = run_vow(fails, "check");
  EXPECT_EQ(c.code, 78) << c.out;
  expect_named(c, PLUGIN_CREATE_FAILS, "create failed: config: \"url\" is required");
}

TEST(PluginHost, ACrashingSourceDoesNotStopTheOthersInPull) {
  auto dir = project("host-pull-mixed");
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n\n[rules]\npaths = [\"rules\"]\n\n"
        "[[plugins]]\nname = \"broken\"\nlibrary = \"" PLUGIN_SEGV_IN_NEXT
        "\"\ntimeout_seconds = 1\n\n"
        "[[plugins]]\nname = \"good\"\nlibrary = \"" PLUGIN_GOOD_SOURCE "\"\n");
  auto r = run_vow(dir, "pull");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_SEGV_IN_NEXT, "crashed with signal 11 (SIGSEGV) during next_batch");
  EXPECT_NE(r.out.find("plugin good: 0 new, 0 duplicate"), std::string::npos) << r.out;
}

TEST(PluginHost, TimeoutSecondsMustBeAPositiveWholeNumber) {
  auto dir = broken_project("host-bad-timeout", PLUGIN_GOOD_SOURCE);
  write(dir / "vow.toml",
        "[[plugins]]\nname = \"broken\"\nlibrary = \"" PLUGIN_GOOD_SOURCE "\"\ntimeout_seconds = 0\n");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("vow.toml:4:19: timeout_seconds must be a whole number of seconds"), std::string::npos) << r.out;
}

// A plugin writing its own frame to fd 3 cannot choose vow's exit code:
// 1 means a bug in vow, and only 65 and 78 come from a plugin.
TEST(PluginHost, AForgedExitCodeFromThePluginBecomesBadConfiguration) {
  auto dir = broken_project("host-forged", PLUGIN_FORGED_EXIT);
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_FORGED_EXIT, "the plugin host answered next_batch with unexpected exit code 1");
  EXPECT_EQ(events_in(dir), 1);
}

// The whole process group goes at the time limit: a plugin's subprocess
// would otherwise live on, holding the socket.
TEST(PluginHost, AHangKillsThePluginsSubprocessesToo) {
  auto dir = broken_project("host-grandchild", PLUGIN_GRANDCHILD);
  configure(dir, "pidfile = \"" + (dir / "pid").string() + "\"\n");
  auto start = std::chrono::steady_clock::now();
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_GRANDCHILD, "no answer to next_batch within 1 s (killed)");
  expect_grandchild_gone(dir, r);
  EXPECT_EQ(events_in(dir), 1);
}

// Not only a kill: after a normal finish too, nothing the plugin started
// stays (it would hold vow's stderr, and `vow pull 2>&1 | cat` would hang).
TEST(PluginHost, AFinishedPluginsSubprocessesGoToo) {
  auto dir = broken_project("host-grandchild-done", PLUGIN_GRANDCHILD);
  configure(dir, "pidfile = \"" + (dir / "pid").string() + "\"\nmode = \"done\"\n");
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 0) << r.out;
  expect_grandchild_gone(dir, r);
  EXPECT_EQ(events_in(dir), 2);
}

// And after a crash, which is reported as one even though the subprocess
// still holds the socket (and so it never reads as closed).
TEST(PluginHost, ACrashedPluginsSubprocessesGoToo) {
  auto dir = broken_project("host-grandchild-crash", PLUGIN_GRANDCHILD);
  configure(dir, "pidfile = \"" + (dir / "pid").string() + "\"\nmode = \"crash\"\n");
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 78) << r.out;
  expect_named(r, PLUGIN_GRANDCHILD, "crashed with signal 11 (SIGSEGV) during next_batch");
  expect_grandchild_gone(dir, r);
  EXPECT_EQ(events_in(dir), 1);
}

// A plugin may write its own error frame with 65, but not anonymously.
TEST(PluginHost, AnErrorTheChildForgesStillNamesThePlugin) {
  auto dir = broken_project("host-forged-65", PLUGIN_HANG_IN_NEXT);
  configure(dir, "mode = \"forge_65\"\n");
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 65) << r.out;
  expect_named(r, PLUGIN_HANG_IN_NEXT, "forged by the plugin");
  EXPECT_EQ(events_in(dir), 1);
}

// A plugin's message reaches the terminal: no escape sequences, no line
// breaks that forge lines of vow's, no invalid UTF-8.
TEST(PluginHost, APluginsMessageIsMadePrintable) {
  auto dir = broken_project("host-evil-error", PLUGIN_HANG_IN_NEXT);
  configure(dir, "mode = \"evil_error\"\n");
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 65) << r.out;
  expect_named(r, PLUGIN_HANG_IN_NEXT, "next_batch failed: ");
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\nforged line"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cleared forged line"), std::string::npos) << r.out;
  EXPECT_TRUE(vow::valid_utf8(r.out)) << r.out;
  EXPECT_EQ(events_in(dir), 1);
}

// Everything it gave was used before destroy: a failure there is a
// warning naming the plugin and how it ended, and a hang is bounded.
TEST(PluginHost, AHangInDestroyIsKilledAtTheTimeLimitWithAWarning) {
  auto dir = broken_project("host-destroy-hang", PLUGIN_HANG_IN_NEXT);
  configure(dir, "mode = \"destroy_hang\"\n");
  auto start = std::chrono::steady_clock::now();
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.code, 0) << r.out;
  expect_named(r, PLUGIN_HANG_IN_NEXT, "no answer to destroy within 1 s (killed)");
  EXPECT_EQ(events_in(dir), 2);
}

TEST(PluginHost, ACrashInDestroyIsAWarningNamingTheSignal) {
  auto dir = broken_project("host-destroy-segv", PLUGIN_HANG_IN_NEXT);
  configure(dir, "mode = \"destroy_segv\"\n");
  auto r = run_vow(dir, "import broken a.txt");
  EXPECT_EQ(r.code, 0) << r.out;
  expect_named(r, PLUGIN_HANG_IN_NEXT, "crashed with signal 11 (SIGSEGV) during destroy");
  EXPECT_EQ(events_in(dir), 2);
}

// PluginProcess is in libvow, but the plugin-host subcommand only in the vow
// command: a program embedding Vow must say what to run.
TEST(PluginHost, AProcessWithoutAHostExecutableIsABadConfiguration) {
  try {
    vow::PluginProcess p("good", PLUGIN_GOOD_SOURCE, "{}");
    ADD_FAILURE() << "started without a host executable";
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::BadConfig);
    EXPECT_NE(std::string(e.what()).find("must name a host executable"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("VOW_PLUGIN_IN_PROCESS=1"), std::string::npos) << e.what();
  }
}
