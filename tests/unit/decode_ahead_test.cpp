// DecodeAhead (ledger/decode_ahead): the lines a second thread decodes come
// out as for_each_line() and EventDecoder give them in line, in order; a
// reader that stops early or stops decoding never hangs. Run under TSan too.
#include "ledger/decode_ahead.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "events/lines.hpp"
#include "ledger/ledger.hpp"

namespace {

// Good events, bad ones, blank and CRLF lines, a byte order mark: more
// than a few batches.
std::string input(int n) {
  std::string s = "\xEF\xBB\xBF";
  for (int i = 0; i < n; ++i) {
    if (i % 997 == 0) s += "\n";
    if (i % 1009 == 0) s += "not json\n";
    s += R"({"id":"e)" + std::to_string(i) + R"(","type":"outage.ended","at":"2026-10-02T11:00:00Z","outage":"o")" +
         (i % 13 == 0 ? R"(,"outgae":"typo")" : "") + "}" + (i % 5 == 0 ? "\r\n" : "\n");
  }
  return s;
}

struct Seen {
  std::size_t line_no;
  std::string line, id;
  bool valid;
  std::vector<std::string> problems;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> in_line(const std::string& data) {
  std::vector<Seen> out;
  vow::EventDecoder decoder;
  vow::Event ev;
  vow::for_each_line(data, [&](std::size_t line_no, std::string_view line) {
    std::vector<vow::LineProblem> problems;
    bool valid = decoder.decode(line, ev, problems);
    Seen s{line_no, std::string(line), valid ? ev.id : "", valid, {}};
    for (const auto& p : problems) s.problems.push_back(p.message);
    out.push_back(std::move(s));
  });
  return out;
}

}  // namespace

TEST(DecodeAhead, GivesWhatDecodingInLineGives) {
  std::string data = input(10'000);
  std::vector<Seen> ahead;
  vow::DecodeAhead lines(data);
  for (auto* batch = &lines.next(); !batch->empty(); batch = &lines.next())
    for (const auto& d : *batch) {
      Seen s{d.line_no, std::string(d.line), d.valid ? d.ev.id : "", d.valid, {}};
      for (const auto& p : d.problems) s.problems.push_back(p.message);
      ahead.push_back(std::move(s));
    }
  auto expected = in_line(data);
  ASSERT_EQ(ahead.size(), expected.size());
  for (std::size_t i = 0; i < ahead.size(); ++i) ASSERT_EQ(ahead[i], expected[i]) << "at " << i;
  EXPECT_TRUE(lines.next().empty());  // and stays at the end
}

TEST(DecodeAhead, StopsDecodingButStillNumbersEveryLine) {
  std::string data = input(40'000);
  auto expected = in_line(data);
  vow::DecodeAhead lines(data);
  std::size_t seen = 0, undecoded = 0;
  for (auto* batch = &lines.next(); !batch->empty(); batch = &lines.next())
    for (const auto& d : *batch) {
      ASSERT_EQ(d.line_no, expected[seen].line_no);
      ASSERT_EQ(d.line, expected[seen].line);
      ++seen;
      if (seen == 100) lines.stop_decoding();
      if (!d.valid && d.problems.empty()) ++undecoded;
    }
  EXPECT_EQ(seen, expected.size());
  // The batches decoded before the thread saw the stop (the one handed
  // out, four waiting, the one it was filling, in batches of 2,048) were
  // decoded; none after them.
  EXPECT_GE(undecoded, expected.size() - 100 - 6 * 2048);
}

TEST(DecodeAhead, AReaderThatLeavesEarlyEndsTheThread) {
  std::string data = input(50'000);
  for (int taken : {0, 1, 3}) {
    vow::DecodeAhead lines(data);
    for (int i = 0; i < taken; ++i) EXPECT_FALSE(lines.next().empty());
  }  // each destructor returns: the thread was waiting for room, and is told to end
}

namespace {

// What an ingest said, as text to compare.
std::vector<std::string> said(const vow::IngestResult& r) {
  std::vector<std::string> out{
      "fresh " + std::to_string(r.fresh),           "duplicate " + std::to_string(r.duplicate),
      "superseded " + std::to_string(r.superseded), "unchecked " + std::to_string(r.unchecked),
      "stored " + std::to_string(r.stored),         "more warnings " + std::to_string(r.more_warnings)};
  for (const auto& j : r.rejected)
    out.push_back("rejected " + std::to_string(j.line) + " " + j.reason + (j.conflict ? " (conflict)" : ""));
  for (const auto& w : r.warnings) out.push_back("warning " + w.str());
  for (const auto& [type, n] : r.fresh_by_type) out.push_back(type + " " + std::to_string(n));
  for (const auto& e : r.fresh_events)
    out.push_back("event " + e.id + " #" + std::to_string(e.seq) + " at " + std::to_string(e.at) + " " + e.ref);
  return out;
}

}  // namespace

// The same input through the ledger in line and on two threads: the same
// results, with duplicates, a conflict, warnings, bad lines, --strict,
// --skip-invalid and --supersede, and the events a live server keeps.
TEST(DecodeAhead, TheLedgerStoresAndSaysWhatDecodingInLineDoes) {
  auto dir = std::filesystem::temp_directory_path() / ("vow-decode-ahead-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string first = input(6'000);
  // Line 3 again (a duplicate), e5 with other content (a conflict, or a revision).
  std::string second = input(3'000) + R"({"id":"e5","type":"outage.ended","at":"2026-10-02T12:00:00Z","outage":"o"})"
                                      "\n";
  int run = 0;
  for (bool skip_invalid : {false, true})
    for (bool strict : {false, true})
      for (bool supersede : {false, true}) {
        std::vector<std::string> results[2];
        for (int threads = 0; threads < 2; ++threads) {
          auto db = dir / ("ledger" + std::to_string(run++) + ".db");
          vow::Ledger ledger(db.string());
          vow::IngestOptions opts;
          opts.skip_invalid = true;
          opts.keep_fresh = true;
          opts.decode_ahead_bytes = threads ? 0 : SIZE_MAX;
          ledger.ingest("first.ndjson", first, opts);
          opts.skip_invalid = skip_invalid;
          opts.strict = strict;
          opts.supersede = supersede;
          results[threads] = said(ledger.ingest("second.ndjson", second, opts));
        }
        EXPECT_EQ(results[1], results[0]) << skip_invalid << strict << supersede;
        EXPECT_GT(results[0].size(), 10u);  // warnings and rejections to compare
      }
  std::filesystem::remove_all(dir);
}
