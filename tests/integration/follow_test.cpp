// Workspace::follow() (docs/adr/0052): a live server takes the events its
// own ingests stored from memory, and still sees every event another
// process stores, on a real SQLite ledger. Whatever path the events took,
// the figures are those of a workspace that reads the ledger afresh.
#include <chrono>
#include <sstream>
#include <thread>

#include "helpers.hpp"
#include "history.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"

using namespace vowtest;

namespace {

// The lines of `text` in `parts` runs, one after the other.
std::vector<std::string> split(const std::string& text, std::size_t parts) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line + "\n");
  std::vector<std::string> out(parts);
  for (std::size_t i = 0; i < lines.size(); ++i) out[i * parts / lines.size()] += lines[i];
  return out;
}

vow::Query q3() {
  vow::Query q;
  q.period = "2026-Q3";
  q.as_of = unix_ms("2027-01-01T00:00:00Z");
  return q;
}

void stores(vow::Workspace& ws, const std::string& ndjson, bool supersede = false) {
  vow::IngestSettings s;
  s.supersede = supersede;
  auto r = ws.ingest("part.ndjson", ndjson, s);
  ASSERT_TRUE(r.stored);
}

// What a workspace reading the whole ledger now says.
std::string afresh(const fs::path& dir) {
  auto ws = project_workspace(dir);
  return vow::to_json(ws.report(q3())) + vow::to_json(ws.status(q3()));
}

// A workspace of `dir` following its ledger (made empty: follow() needs one).
vow::Workspace follower_of(const fs::path& dir) {
  auto ws = project_workspace(dir);
  stores(ws, "");
  ws.follow();
  return ws;
}

// What another process, with a workspace of its own, stores.
void another_stores(const fs::path& dir, const std::string& ndjson) {
  auto other = project_workspace(dir);
  stores(other, ndjson);
}

std::size_t stored(const fs::path& dir) {
  auto ws = project_workspace(dir);
  ws.load_events();
  return ws.events_in_memory();
}

std::string followed(vow::Workspace& ws) {
  return vow::to_json(ws.report(q3())) + vow::to_json(ws.status(q3()));
}

}  // namespace

TEST(Follow, ItsOwnIngestsAreTakenAsTheLedgerHoldsThem) {
  auto dir = project("follow-own", kHistoryRules);
  auto parts = split(months_of_events(), 6);
  auto follower = project_workspace(dir);
  stores(follower, parts[0]);  // before the first follow(): read from the ledger
  follower.follow();
  std::size_t first = follower.events_in_memory(), taken = 0;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    stores(follower, parts[i]);
    taken += follower.follow();
  }
  EXPECT_GT(first, 0u);
  EXPECT_EQ(first + taken, follower.events_in_memory());
  EXPECT_EQ(follower.events_in_memory(), stored(dir));
  EXPECT_EQ(followed(follower), afresh(dir));
}

// Another process's events between two of this one's ingests: a gap in
// the sequence numbers handed over, so the ledger is read.
TEST(Follow, AnotherWritersEventsInBetweenAreRead) {
  auto dir = project("follow-between", kHistoryRules);
  auto parts = split(months_of_events(), 3);
  auto follower = follower_of(dir);
  stores(follower, parts[0]);
  another_stores(dir, parts[1]);
  stores(follower, parts[2]);
  follower.follow();
  EXPECT_EQ(followed(follower), afresh(dir));
}

// Another process's events after this one's leave no gap to see: they are
// read within a second. That the first follow() misses them shows that it
// took this workspace's own events without reading the ledger.
TEST(Follow, AnotherWritersLaterEventsAreReadWithinASecond) {
  auto dir = project("follow-after", kHistoryRules);
  auto parts = split(months_of_events(), 2);
  auto follower = follower_of(dir);
  stores(follower, parts[0]);
  another_stores(dir, parts[1]);
  follower.follow();
  std::size_t own = follower.events_in_memory();
  EXPECT_LT(own, stored(dir));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  follower.follow();
  EXPECT_GT(follower.events_in_memory(), own);
  EXPECT_EQ(followed(follower), afresh(dir));
}

// A correction through this workspace changes events it holds: read again.
TEST(Follow, ItsOwnSupersedingIngestIsReadBack) {
  auto dir = project("follow-supersede", kHistoryRules);
  std::string before = months_of_events(), after = corrected(before);
  auto follower = follower_of(dir);
  stores(follower, before);
  follower.follow();
  std::string old = followed(follower);
  stores(follower, after, true);
  follower.follow();
  EXPECT_NE(followed(follower), old);
  EXPECT_EQ(followed(follower), afresh(dir));
}
