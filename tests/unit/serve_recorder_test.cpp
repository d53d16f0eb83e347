// The recorder of vow serve (ADR 0038, 0054): acknowledged deliveries
// gathered into one write of a real ledger, written at once when drained
// or stopped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

#include "ledger/ledger.hpp"
#include "serve/log.hpp"
#include "serve/metrics.hpp"
#include "serve/recorder.hpp"

using namespace vow;
using namespace vow::serve;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string delivered(const std::string& alert) {
  return R"({"id":"vow:alert:)" + alert + R"(:hook","type":"alert.delivered","at":"2026-11-02T10:00:00Z","alert":")" +
         alert + R"(","sink":"hook","reference":"ref-)" + alert + "\"}\n";
}

struct RecorderTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("vow-recorder-" + std::to_string(::getpid()));
  std::ostringstream logged;
  Log log{logged};
  Metrics metrics;
  std::mutex writing;

  Workspace workspace() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    WorkspaceConfig cfg;
    cfg.folder = dir;
    cfg.store = dir / "vow.db";
    cfg.rule_paths = {};
    Workspace ws(cfg);
    ws.open_ledger();
    return ws;
  }
  bool stored(const std::string& alert) {
    return Ledger((dir / "vow.db").string(), Ledger::Access::Read).has("vow:alert:" + alert + ":hook");
  }
  // One acknowledged delivery of `alert` to the sink "hook".
  static void record(Recorder& r, const std::string& alert) { r.add({alert, "hook"}, delivered(alert), {}); }
  ~RecorderTest() override { fs::remove_all(dir); }
};

}  // namespace

TEST_F(RecorderTest, GathersWhatComesWithinItsWindowIntoOneWrite) {
  Workspace ws = workspace();
  Recorder recorder(ws, writing, log, metrics, 60s);  // a window no test run outlasts
  recorder.start();
  record(recorder, "a1");
  std::this_thread::sleep_for(30ms);  // a recorder that writes at once has written a1 by now
  record(recorder, "a2");
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(recorder.mark(), 0u) << "written before its gathering ended";
  EXPECT_TRUE(recorder.holds({"a1", "hook"}, recorder.mark()));

  auto began = std::chrono::steady_clock::now();
  recorder.drain();
  EXPECT_LT(std::chrono::steady_clock::now() - began, 30s) << "drain() waited for the window";
  EXPECT_EQ(recorder.mark(), 1u) << "two writes, not one";
  EXPECT_TRUE(stored("a1"));
  EXPECT_TRUE(stored("a2"));
  EXPECT_FALSE(recorder.holds({"a1", "hook"}, recorder.mark()));
  EXPECT_NE(logged.str().find("\"alert delivery\""), std::string::npos);
}

TEST_F(RecorderTest, StopWritesWhatIsGatheredWithoutWaitingForTheWindow) {
  Workspace ws = workspace();
  {
    Recorder recorder(ws, writing, log, metrics, 60s);
    recorder.start();
    record(recorder, "b1");
    auto began = std::chrono::steady_clock::now();
    recorder.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - began, 30s) << "stop() waited for the window";
    EXPECT_EQ(recorder.mark(), 1u);
  }
  EXPECT_TRUE(stored("b1"));
}

TEST_F(RecorderTest, RecordsAddedAfterADrainAreGatheredAgain) {
  Workspace ws = workspace();
  Recorder recorder(ws, writing, log, metrics, 60s);
  recorder.start();
  record(recorder, "c1");
  recorder.drain();
  ASSERT_EQ(recorder.mark(), 1u);
  // The drain's hurry is spent on the write it asked for.
  record(recorder, "c2");
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(recorder.mark(), 1u);
  EXPECT_FALSE(stored("c2"));
  recorder.drain();
  EXPECT_EQ(recorder.mark(), 2u);
  EXPECT_TRUE(stored("c2"));
}

TEST_F(RecorderTest, ADrainDuringAWriteLeavesTheNextRecordsGathered) {
  Workspace ws = workspace();
  Recorder recorder(ws, writing, log, metrics, 60s);
  recorder.start();
  std::unique_lock held(writing);  // the recorder's write waits for it
  record(recorder, "d1");
  std::thread first([&] { recorder.drain(); });  // d1's write begins, and waits for `writing`
  std::this_thread::sleep_for(100ms);
  std::thread second([&] { recorder.drain(); });  // a write under way, nothing queued
  std::this_thread::sleep_for(30ms);
  held.unlock();
  first.join();
  second.join();
  ASSERT_EQ(recorder.mark(), 1u);
  record(recorder, "d2");
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(recorder.mark(), 1u) << "a drain that found nothing queued hurried the next record";
  recorder.drain();
  EXPECT_EQ(recorder.mark(), 2u);
}

TEST_F(RecorderTest, AThousandWaitingAreWrittenWithoutWaitingForTheWindow) {
  Workspace ws = workspace();
  Recorder recorder(ws, writing, log, metrics, 60s);
  recorder.start();
  for (int i = 0; i < 1000; ++i) {
    std::string id = "e" + std::to_string(i);
    record(recorder, id);
  }
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (recorder.mark() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(recorder.mark(), 1u) << "1,000 records waited for the window";
  EXPECT_TRUE(stored("e0"));
  EXPECT_TRUE(stored("e999"));
}
