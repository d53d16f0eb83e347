// `vow ingest` of a file of 8 MB or more decodes its lines on a second
// thread (ledger/decode_ahead, docs/adr/0061): what it stores, refuses and
// says is what a small file gets, line numbers included.
#include <algorithm>

#include "helpers.hpp"
#include "ledger/ledger.hpp"

using namespace vowtest;

namespace {

// 50,000 events of about 200 bytes: 10 MB, past IngestOptions::decode_ahead_bytes.
std::string big(int n = 50'000) {
  std::string s = ended_events("e", n, 120);
  EXPECT_GE(s.size(), vow::IngestOptions{}.decode_ahead_bytes);
  return s;
}

// Where line `at` (1-based) of `text` begins.
std::size_t line_start(const std::string& text, int at) {
  std::size_t from = 0;
  for (int i = 1; i < at; ++i) from = text.find('\n', from) + 1;
  return from;
}

// The file with line `at` replaced by `line`.
std::string with_line(const std::string& text, int at, const std::string& line) {
  std::size_t from = line_start(text, at);
  return text.substr(0, from) + line + text.substr(text.find('\n', from));
}

std::string without_line(const std::string& text, int at) {
  std::size_t from = line_start(text, at);
  return text.substr(0, from) + text.substr(text.find('\n', from) + 1);
}

}  // namespace

TEST(IngestTwoThreads, ABigFileIsStoredWholeAndInOrder) {
  auto dir = project("two-threads");
  std::string events = big();
  // Blank lines and a CRLF line are counted, not stored.
  std::string file = with_line(events, 7, "") + "\r\n\n" + ended_events("tail", 1);
  write(dir / "big.ndjson", file);
  auto in = run_vow(dir, "ingest big.ndjson");
  EXPECT_EQ(in.code, 0) << in.out.substr(0, 400);
  EXPECT_NE(in.out.find("big.ndjson: 50000 new, 0 duplicate"), std::string::npos) << in.out.substr(0, 400);
  ASSERT_EQ(run_vow(dir, "export --output all.ndjson").code, 0);
  EXPECT_EQ(slurp(dir / "all.ndjson"), without_line(events, 7) + ended_events("tail", 1));
  auto again = run_vow(dir, "ingest big.ndjson");
  EXPECT_NE(again.out.find("big.ndjson: 0 new, 50000 duplicate"), std::string::npos) << again.out.substr(0, 400);
  EXPECT_EQ(run_vow(dir, "check").code, 0);
}

TEST(IngestTwoThreads, ABadLineNearTheEndRefusesTheWholeFileByItsNumber) {
  auto dir = project("two-threads-bad");
  write(dir / "big.ndjson", with_line(big(), 49'991, R"({"id":"bad","type":"outage.ended","at":"yesterday"})"));
  auto in = run_vow(dir, "ingest big.ndjson");
  EXPECT_EQ(in.code, 65) << in.out.substr(0, 400);
  EXPECT_NE(in.out.find("big.ndjson:49991:"), std::string::npos) << in.out.substr(0, 400);
  EXPECT_NE(in.out.find("\"at\""), std::string::npos) << in.out.substr(0, 400);
  auto check = run_vow(dir, "check");
  EXPECT_NE(check.out.find("0 events"), std::string::npos) << check.out;  // nothing half-stored
  // --skip-invalid stores the others and writes the bad line out.
  auto skipped = run_vow(dir, "ingest --skip-invalid --reject bad.ndjson big.ndjson");
  EXPECT_EQ(skipped.code, 0) << skipped.out.substr(0, 400);
  EXPECT_NE(skipped.out.find("big.ndjson: 49999 new"), std::string::npos) << skipped.out.substr(0, 400);
  std::string rejected = slurp(dir / "bad.ndjson");
  EXPECT_EQ(std::count(rejected.begin(), rejected.end(), '\n'), 1) << rejected;
  EXPECT_NE(rejected.find(R"("line":49991)"), std::string::npos) << rejected;
}

TEST(IngestTwoThreads, GarbageStopsBeingCheckedAfterAThousandBadLines) {
  auto dir = project("two-threads-garbage");
  std::string junk;
  for (int i = 0; i < 100'000; ++i) junk += std::string(99, 'x') + "\n";
  write(dir / "junk.ndjson", junk);
  auto r = run_vow(dir, "ingest junk.ndjson");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("99000 more lines not checked after 1000 bad ones"), std::string::npos) << r.out.substr(0, 300);
}
