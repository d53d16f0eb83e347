#include "events/decode.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "events/lines.hpp"
#include "events/names.hpp"
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

// 1.1 (slis.md): counts and job runs. What a schema cannot say (good over
// total, a window that ends before it starts, a date that does not exist)
// the decoder refuses with the field.
TEST(Decode, SliWindowsAndJobRuns) {
  auto w = decode(
      R"({"id":"w","type":"sli.counted","at":"2026-10-07T11:56:00Z","sli":"git","start":"2026-10-07T11:55:00Z","end":"2026-10-07T11:56:00Z","good":9412,"total":10000,"customers":["a"]})");
  ASSERT_TRUE(w.ok) << w.reason;
  EXPECT_EQ(w.ev.type, EventType::SliCounted);
  EXPECT_EQ(w.ev.ref, "git");
  EXPECT_EQ(w.ev.start, *parse_instant("2026-10-07T11:55:00Z"));
  EXPECT_EQ(w.ev.end, *parse_instant("2026-10-07T11:56:00Z"));
  EXPECT_EQ(w.ev.good, 9412);
  EXPECT_EQ(w.ev.total, 10000);
  EXPECT_TRUE(w.ev.covers("a"));
  EXPECT_FALSE(w.ev.covers("b"));
  auto j =
      decode(R"({"id":"j","type":"job.completed","at":"2026-11-02T22:41:07Z","job":"refresh","run":"2024-02-29"})");
  ASSERT_TRUE(j.ok) << j.reason;
  EXPECT_EQ(j.ev.type, EventType::JobCompleted);
  EXPECT_EQ(j.ev.ref, "refresh");
  EXPECT_EQ(j.ev.run, "2024-02-29");
  EXPECT_FALSE(j.ev.customers);

  const std::string window = R"({"id":"w","type":"sli.counted","at":"2026-10-07T11:56:00Z","sli":"git",)";
  struct Case {
    std::string line;
    const char* reason;
  } cases[] = {
      {window + R"("start":"2026-10-07T11:55:00Z","end":"2026-10-07T11:56:00Z","good":11,"total":10})",
       "field \"good\": 11 is more than \"total\" (10)"},
      {window + R"("start":"2026-10-07T11:55:00Z","end":"2026-10-07T11:55:00Z","good":1,"total":1})",
       "field \"end\" must be after \"start\""},
      {window + R"("start":"2026-10-07T11:55:00Z","end":"2026-10-07T11:56:00Z","good":1,"total":1e3})",
       "field \"total\" must be a whole number"},
      {R"({"id":"j","type":"job.completed","at":"2026-11-02T22:41:07Z","job":"refresh","run":"2026-02-29"})",
       "field \"run\": \"2026-02-29\" is not a date YYYY-MM-DD"},
      {R"({"id":"j","type":"job.completed","at":"2026-11-02T22:41:07Z","job":"","run":"2026-02-28"})",
       "field \"job\" must not be empty"},
  };
  for (const auto& c : cases) {
    auto d = decode(c.line);
    EXPECT_FALSE(d.ok) << c.line;
    EXPECT_NE(d.reason.find(c.reason), std::string::npos) << c.line << "\n -> " << d.reason;
  }
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
  // Small objects are compared pair by pair, large ones sorted: both find
  // the same key twice, first or last, and neither finds one that is not.
  auto many = [](int n, const std::string& extra) {
    std::string line = R"({"id":"1","type":"outage.ended","at":"2026-10-03T10:15:00Z","outage":"o")";
    for (int i = 0; i < n; ++i) line += ",\"k" + std::to_string(i) + "\":" + std::to_string(i);
    return line + extra + "}";
  };
  for (int n : {1, 11, 12, 13, 30}) {
    EXPECT_TRUE(decode(many(n, "")).ok) << n;
    auto twice = decode(many(n, R"(,"k0":0)"));
    EXPECT_FALSE(twice.ok) << n;
    EXPECT_NE(twice.reason.find("\"k0\" appears more than once"), std::string::npos) << n << twice.reason;
    twice = decode(many(n, R"(,"id":"2")"));
    EXPECT_NE(twice.reason.find("\"id\" appears more than once"), std::string::npos) << n << twice.reason;
  }
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

namespace {

std::vector<LineProblem> problems_of(const std::string& line, bool* ok = nullptr) {
  static EventDecoder decoder;
  Event ev;
  std::vector<LineProblem> out;
  bool valid = decoder.decode(line, ev, out);
  if (ok) *ok = valid;
  return out;
}

}  // namespace

TEST(DecodeProblems, EveryProblemOfALineWithItsColumnAndExcerpt) {
  std::string line =
      R"({"id": "", "type": "outage.started", "at": "2026-10-14 09:00:00Z", "outage": "a1", "service": 3, "impact": "majr"})";
  bool ok = true;
  auto ps = problems_of(line, &ok);
  EXPECT_FALSE(ok);
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[0].message, "field \"id\" must not be empty");
  EXPECT_EQ(ps[0].field, "id");
  EXPECT_EQ(ps[0].column, static_cast<int>(line.find("\"\"") + 1));
  EXPECT_EQ(ps[0].excerpt, "\"id\": \"\"");
  EXPECT_EQ(ps[1].field, "at");
  EXPECT_EQ(ps[1].column, static_cast<int>(line.find("\"2026-10-14 09") + 1));
  EXPECT_EQ(ps[2].message, "field \"service\" must be a string");
  EXPECT_EQ(ps[2].excerpt, "\"service\": 3");
  EXPECT_EQ(ps[3].message, "field \"impact\": \"majr\" is not one of \"major\", \"partial\"");
  EXPECT_EQ(ps[3].column, static_cast<int>(line.find("\"majr\"") + 1));
  for (const auto& p : ps) EXPECT_FALSE(p.warning) << p.message;
}

TEST(DecodeProblems, ANearMissFieldIsAWarningAndTheEventStaysValid) {
  std::string line =
      R"({"id": "a1", "type": "outage.started", "at": "2026-10-14T09:00:00Z", "outage": "a1", "service": "api", "customer": "acme", "impcat": "major", "region": "eu"})";
  bool ok = false;
  auto ps = problems_of(line, &ok);
  EXPECT_TRUE(ok);
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_TRUE(ps[0].warning);
  EXPECT_EQ(ps[0].message, "unknown field \"customer\": did you mean \"customers\"?");
  EXPECT_EQ(ps[0].column, static_cast<int>(line.find("\"customer\"") + 1));
  EXPECT_EQ(ps[0].excerpt, "\"customer\": \"acme\"");
  EXPECT_EQ(ps[1].message, "unknown field \"impcat\": did you mean \"impact\"?");
  // The same field is a known one of tickets: no warning there.
  EXPECT_TRUE(
      problems_of(
          R"({"id":"t","type":"ticket.opened","at":"2026-10-14T09:00:00Z","ticket":"1","customer":"acme","priority":"P1"})")
          .empty());
  // And the old overload neither warns nor fails.
  EventDecoder decoder;
  Event ev;
  std::string reason;
  EXPECT_TRUE(decoder.decode(line, ev, reason)) << reason;
}

TEST(DecodeProblems, AnUnknownTypeNamesTheNearestOnes) {
  auto ps = problems_of(R"({"id":"x","type":"outage_started","at":"2026-10-03T10:15:00Z"})");
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].message, "field \"type\": unknown event type \"outage_started\"; did you mean \"outage.started\"?");
  auto far = problems_of(R"({"id":"x","type":"zzz","at":"2026-10-03T10:15:00Z"})");
  ASSERT_EQ(far.size(), 1u);
  EXPECT_NE(far[0].message.find("the types are \"outage.started\", \"outage.ended\""), std::string::npos)
      << far[0].message;
}

TEST(DecodeProblems, SyntaxErrorsAndRepeatedKeysPointAtTheirPlace) {
  std::string bad = R"({"id": "a5", "type": "outage.ended", outage: "a1"})";
  auto ps = problems_of(bad);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].column, static_cast<int>(bad.find("outage:") + 1));
  EXPECT_EQ(ps[0].excerpt, "outage: \"a1\"}");
  std::string dup =
      R"({"id": "a", "type": "outage.ended", "at": "2026-10-03T10:15:00Z", "outage": "o", "outage": "p"})";
  auto d = problems_of(dup);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].column, static_cast<int>(dup.rfind("\"outage\"") + 1));
  EXPECT_EQ(d[0].excerpt, "\"outage\": \"p\"");
}

TEST(DecodeProblems, NamesLookAlikeOnlyWhenClose) {
  EXPECT_TRUE(looks_like("customer", "customers"));
  EXPECT_TRUE(looks_like("impcat", "impact"));
  EXPECT_TRUE(looks_like("Service", "service"));
  EXPECT_TRUE(looks_like("maintenence", "maintenance"));
  EXPECT_FALSE(looks_like("region", "service"));
  EXPECT_FALSE(looks_like("as", "at"));
  EXPECT_FALSE(looks_like("state", "status"));
  EXPECT_EQ(edit_distance("impcat", "impact"), 1u);
}
