// DecodeAhead (ledger/decode_ahead): the lines a second thread decodes come
// out as for_each_line() and EventDecoder give them in line, in order; a
// reader that stops early or stops decoding never hangs. Run under TSan too.
#include "ledger/decode_ahead.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "events/lines.hpp"

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
  std::string data = input(20'000);
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
  // A few batches ahead were decoded already; the rest were not.
  EXPECT_GT(undecoded, expected.size() / 2);
}

TEST(DecodeAhead, AReaderThatLeavesEarlyEndsTheThread) {
  std::string data = input(50'000);
  for (int taken : {0, 1, 3}) {
    vow::DecodeAhead lines(data);
    for (int i = 0; i < taken; ++i) EXPECT_FALSE(lines.next().empty());
  }  // each destructor returns: the thread was waiting for room, and is told to end
}
