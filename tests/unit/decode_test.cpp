#include "events/decode.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "events/lines.hpp"
#include "model/utf8.hpp"

using namespace vow;

namespace {

struct Decoded {
  bool ok;
  Event ev;
  std::string reason;
};

Decoded decode(const std::string& line) {
  static EventDecoder decoder;
  Decoded d;
  d.ok = decoder.decode(line, d.ev, d.reason);
  return d;
}

}  // namespace

TEST(Decode, ReadsEveryFieldOfATicketReply) {
  auto d = decode(
      R"({"id":"z:1","type":"ticket.replied","at":"2026-10-03T06:15:00.250-04:00","ticket":"T","author":"agent","public":false,"zendesk":{"x":1}})");
  ASSERT_TRUE(d.ok) << d.reason;
  EXPECT_EQ(d.ev.type, EventType::TicketReplied);
  EXPECT_EQ(d.ev.at, *parse_instant("2026-10-03T10:15:00.250Z"));
  EXPECT_TRUE(d.ev.by_agent);
  EXPECT_FALSE(d.ev.is_public);
}

TEST(Decode, OutageDefaultsAndScope) {
  auto d = decode(
      R"({"id":"1","type":"outage.started","at":"2026-10-03T10:15:00Z","outage":"o","service":"api","customers":["a","b"],"cause":"customer"})");
  ASSERT_TRUE(d.ok) << d.reason;
  EXPECT_FALSE(d.ev.partial);
  EXPECT_TRUE(d.ev.covers("a"));
  EXPECT_FALSE(d.ev.covers("c"));
  EXPECT_EQ(d.ev.cause, "customer");
}

TEST(Decode, ReasonsNameTheField) {
  struct Case {
    const char* line;
    const char* reason;
  } cases[] = {
      {R"({"type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"o"})", "missing field \"id\""},
      {R"({"id":"","type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"o"})", "field \"id\" must not be empty"},
      {R"({"id":1,"type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"o"})", "field \"id\" must be a string"},
      {R"({"id":"x","type":"outage.ended","at":"2026-10-03","outage":"o"})",
       "field \"at\": \"2026-10-03\" is not an RFC 3339"},
      {R"({"id":"x","type":"nope","at":"2026-10-03T10:15:00Z"})", "unknown event type \"nope\""},
      {R"({"id":"x","type":"outage.started","at":"2026-10-03T10:15:00Z","outage":"o","service":"api","impact":"total"})",
       "field \"impact\": \"total\" is not one of"},
      {R"({"id":"x","type":"ticket.replied","at":"2026-10-03T10:15:00Z","ticket":"T","author":"agent","public":"yes"})",
       "field \"public\" must be true or false"},
      {R"({"id":"x","type":"invoice.issued","at":"2026-10-03T10:15:00Z","customer":"c","invoice":"i","period":"2026-13","amount":"1.00","currency":"USD"})",
       "field \"period\""},
      {R"({"id":"x","type":"invoice.issued","at":"2026-10-03T10:15:00Z","customer":"c","invoice":"i","period":"2026-10","amount":"1,00","currency":"USD"})",
       "field \"amount\""},
      {R"({"id":"x","type":"invoice.issued","at":"2026-10-03T10:15:00Z","customer":"c","invoice":"i","period":"2026-10","amount":"1.00","currency":"usd"})",
       "field \"currency\""},
      {R"({"id":"x","type":"maintenance.scheduled","at":"2026-10-03T10:15:00Z","maintenance":"m","service":"api","start":"2026-10-05T10:00:00Z"})",
       "missing field \"end\""},
      {R"({"id":"x","type":"outage.started","at":"2026-10-03T10:15:00Z","outage":"o","service":"api","customers":"a"})",
       "field \"customers\" must be an array"},
      {R"([1])", "must be a JSON object"},
      {R"({"id":"x",)", "not valid JSON"},
  };
  for (const auto& c : cases) {
    auto d = decode(c.line);
    EXPECT_FALSE(d.ok) << c.line;
    EXPECT_NE(d.reason.find(c.reason), std::string::npos) << c.line << "\n -> " << d.reason;
  }
  auto id257 = decode(R"({"id":")" + std::string(257, 'x') +
                      R"(","type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"o"})");
  EXPECT_NE(id257.reason.find("at most 256"), std::string::npos);
}

TEST(Lines, NumbersLinesAndSkipsBlankOnesAndTrailingCarriageReturns) {
  std::vector<std::pair<size_t, std::string>> seen;
  for_each_line("a\r\n\n  \nb\nc", [&](size_t n, std::string_view l) { seen.emplace_back(n, std::string(l)); });
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], (std::pair<size_t, std::string>{1, "a"}));
  EXPECT_EQ(seen[1], (std::pair<size_t, std::string>{4, "b"}));
  EXPECT_EQ(seen[2], (std::pair<size_t, std::string>{5, "c"}));
}

TEST(Decode, DuplicateKeysAreRefusedAtAnyDepth) {
  // simdjson reads the first "service", the ledger's identity check the last:
  // one line must not have two readings.
  auto d = decode(
      R"({"id":"1","type":"outage.started","at":"2026-10-03T10:15:00Z","outage":"o","service":"api","service":"web"})");
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.reason, "field \"service\" appears more than once; each field may appear once");
  d = decode(R"({"id":"1","type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"o","x":{"a":1,"a":2}})");
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.reason.find("\"a\" appears more than once"), std::string::npos) << d.reason;
  d = decode(R"({"id":"1","type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"o","x":[{"a":1},{"a":2}]})");
  EXPECT_TRUE(d.ok) << d.reason;
}

TEST(Decode, TextIsValidUtf8) {
  // Raw invalid bytes and lone surrogate escapes never reach the ledger.
  EXPECT_FALSE(
      decode("{\"id\":\"1\",\"type\":\"outage.ended\",\"at\":\"2026-10-03T10:15:00Z\",\"outage\":\"\xff\"}").ok);
  auto d = decode(R"({"id":"1","type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"\ud800"})");
  EXPECT_TRUE(!d.ok || valid_utf8(d.ev.ref)) << d.ev.ref;
}

TEST(Decode, ReasonsCarryNoTerminalEscapes) {
  auto d = decode("{\"id\":\"1\",\"type\":\"\\u001b[2Jx\",\"at\":\"2026-10-03T10:15:00Z\"}");
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.reason.find('\x1b'), std::string::npos) << d.reason;
}

TEST(Lines, ALeadingByteOrderMarkIsIgnored) {
  std::vector<std::string> seen;
  for_each_line("\xEF\xBB\xBF{\"a\":1}\n{\"b\":2}\n", [&](size_t, std::string_view l) { seen.emplace_back(l); });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], "{\"a\":1}");
}
