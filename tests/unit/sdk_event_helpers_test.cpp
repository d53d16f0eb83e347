// The SDK's event helpers (vow/event_builders.hpp, vow/event_json.hpp):
// every line a builder writes is one the ledger's own decoder accepts with
// the values given, and every value the decoder would refuse is refused
// before it leaves the plugin.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include "events/decode.hpp"
#include "vow/event_builders.hpp"
#include "vow/event_json.hpp"
#include "vow/instant.hpp"

using namespace vow::sdk::events;
namespace js = vow::sdk::json;

namespace {

vow::Event decoded(const std::string& line) {
  static vow::EventDecoder decoder;
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line: " << line;
  vow::Event ev;
  std::string why;
  EXPECT_TRUE(decoder.decode(line.substr(0, line.size() - 1), ev, why)) << why << ": " << line;
  return ev;
}

vow::Instant instant(const char* text) {
  return *vow::parse_instant(text);
}

std::string refusal(const std::function<std::string()>& make) {
  try {
    make();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST(SdkEventBuilders, OutageStartedWithScopeAndTextThatNeedsEscaping) {
  std::string title = "DB \"primary\" \\ down\n\tstill\x01 ü";
  auto line = OutageStarted{.id = "csv:1:start",
                            .at = Timestamp::parse("2026-10-02T12:00:00.250+02:00"),
                            .outage = "db-1",
                            .service = "api",
                            .impact = Impact::partial,
                            .customers = {{"acme", "globex"}},
                            .cause = "third_party",
                            .title = title}
                  .line();
  EXPECT_NE(line.find("\"at\":\"2026-10-02T10:00:00.25Z\""), std::string::npos) << line;
  auto ev = decoded(line);
  EXPECT_EQ(ev.type, vow::EventType::OutageStarted);
  EXPECT_EQ(ev.at, instant("2026-10-02T10:00:00.250Z"));
  EXPECT_EQ(ev.ref, "db-1");
  EXPECT_TRUE(ev.partial);
  EXPECT_TRUE(ev.covers("globex"));
  EXPECT_FALSE(ev.covers("initech"));
  EXPECT_EQ(ev.title, title);
  // Read back with the reading half.
  auto j = js::parse_event(line);
  EXPECT_EQ(j["title"], title);
  EXPECT_EQ(j["customers"], js::Json::array({"acme", "globex"}));
}

TEST(SdkEventBuilders, ScopeAbsentAffectsEveryoneAndEmptyAffectsNoOne) {
  auto all = decoded(
      OutageStarted{.id = "a", .at = Timestamp::parse("2026-10-02T10:00:00Z"), .outage = "o", .service = "api"}.line());
  EXPECT_FALSE(all.customers.has_value());
  EXPECT_TRUE(all.covers("anyone"));
  auto none = decoded(OutageStarted{.id = "b",
                                    .at = Timestamp::parse("2026-10-02T10:00:00Z"),
                                    .outage = "o",
                                    .service = "api",
                                    .customers = std::vector<std::string>{}}
                          .line());
  EXPECT_FALSE(none.covers("anyone"));
}

TEST(SdkEventBuilders, EveryOtherTypeDecodesWithItsValues) {
  auto at = Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 10 / 3) + std::chrono::hours(9));
  EXPECT_EQ(at.str(), "2026-10-03T09:00:00Z");
  auto ended = decoded(OutageEnded{.id = "e", .at = at, .outage = "o"}.line());
  EXPECT_EQ(ended.type, vow::EventType::OutageEnded);
  EXPECT_EQ(ended.at, instant("2026-10-03T09:00:00Z"));

  auto m = decoded(MaintenanceScheduled{
      .id = "m",
      .at = at,
      .maintenance = "w",
      .service = "api",
      .start = Timestamp::parse("2026-10-04T01:00:00Z"),
      .end = Timestamp::parse("2026-10-04T03:00:00-01:00"),
      .customers = {
          {"acme"}}}.line());
  EXPECT_EQ(m.start, instant("2026-10-04T01:00:00Z"));
  EXPECT_EQ(m.end, instant("2026-10-04T04:00:00Z"));
  EXPECT_TRUE(m.covers("acme"));
  EXPECT_EQ(decoded(MaintenanceCancelled{.id = "mc", .at = at, .maintenance = "w"}.line()).type,
            vow::EventType::MaintenanceCancelled);

  auto opened =
      decoded(TicketOpened{.id = "t", .at = at, .ticket = "4711", .customer = "acme", .priority = "P1"}.line());
  EXPECT_EQ(opened.customer, "acme");
  EXPECT_EQ(opened.priority, "P1");
  EXPECT_EQ(decoded(TicketPriorityChanged{.id = "tp", .at = at, .ticket = "4711", .priority = "P2"}.line()).priority,
            "P2");
  auto note = decoded(
      TicketReplied{.id = "tr", .at = at, .ticket = "4711", .author = Author::agent, .is_public = false}.line());
  EXPECT_TRUE(note.by_agent);
  EXPECT_FALSE(note.is_public);
  EXPECT_EQ(decoded(TicketStatusChanged{.id = "ts", .at = at, .ticket = "4711", .status = TicketStatus::on_hold}.line())
                .status,
            vow::TicketStatus::OnHold);
  EXPECT_EQ(
      decoded(IncidentNotified{.id = "n", .at = at, .outage = "o", .customer = "acme", .kind = NoticeKind::postmortem}
                  .line())
          .kind,
      "postmortem");
  auto invoice = decoded(InvoiceIssued{.id = "i",
                                       .at = at,
                                       .customer = "acme",
                                       .invoice = "INV-1",
                                       .period = "2026-10",
                                       .amount = "20000.00",
                                       .currency = "USD"}
                             .line());
  EXPECT_EQ(invoice.amount, "20000.00");
  EXPECT_EQ(invoice.period, "2026-10");
  auto credit = decoded(CreditIssued{.id = "c",
                                     .at = at,
                                     .customer = "acme",
                                     .credit = "cn_1",
                                     .period = "2026-10",
                                     .amount = "125",
                                     .currency = "EUR"}
                            .line());
  EXPECT_EQ(credit.ref, "cn_1");
  EXPECT_EQ(credit.currency, "EUR");
  auto delivered = decoded(AlertDelivered{.id = "d",
                                          .at = at,
                                          .alert = "notice.overdue:acme:o1:initial:1",
                                          .sink = "pager",
                                          .reference = "",
                                          .retraction = true}
                               .line());
  EXPECT_EQ(delivered.type, vow::EventType::AlertDelivered);
  EXPECT_EQ(delivered.ref, "notice.overdue:acme:o1:initial:1");
  EXPECT_EQ(delivered.sink, "pager");
  EXPECT_EQ(delivered.reference, "");
  EXPECT_TRUE(delivered.retraction);
  EXPECT_EQ(refusal([&] { return AlertDelivered{.id = "d", .at = at, .alert = "a"}.line(); }),
            "alert.delivered: field \"sink\" must not be empty");
}

TEST(SdkEventBuilders, ExceptionsAndRatingsOfContractLanguage11) {
  auto at = Timestamp::parse("2026-10-02T10:00:00Z");
  auto granted = decoded(ExceptionGranted{.id = "g",
                                          .at = at,
                                          .exception = "EXC-7",
                                          .customer = "acme",
                                          .start = Timestamp::parse("2026-10-20T00:00:00Z"),
                                          .end = Timestamp::parse("2026-10-20T06:00:00Z"),
                                          .scope = ExceptionScope::tickets,
                                          .reason = "Migration \"phase 2\"",
                                          .approved_by = "VP Support"}
                             .line());
  EXPECT_EQ(granted.type, vow::EventType::ExceptionGranted);
  EXPECT_EQ(granted.ref, "EXC-7");
  EXPECT_EQ(granted.customer, "acme");
  EXPECT_EQ(granted.start, instant("2026-10-20T00:00:00Z"));
  EXPECT_EQ(granted.end, instant("2026-10-20T06:00:00Z"));
  EXPECT_EQ(granted.scope, "tickets");
  EXPECT_EQ(granted.reason, "Migration \"phase 2\"");
  EXPECT_EQ(granted.approved_by, "VP Support");
  auto revoked = decoded(ExceptionRevoked{.id = "r", .at = at, .exception = "EXC-7"}.line());
  EXPECT_EQ(revoked.type, vow::EventType::ExceptionRevoked);
  EXPECT_EQ(revoked.ref, "EXC-7");
  auto rated = decoded(TicketRated{.id = "t", .at = at, .ticket = "4711", .score = 2, .comment = "slow"}.line());
  EXPECT_EQ(rated.type, vow::EventType::TicketRated);
  EXPECT_EQ(rated.score, 2);
  EXPECT_EQ(rated.comment, "slow");
  EXPECT_FALSE(decoded(TicketRated{.id = "t", .at = at, .ticket = "4711", .score = 5}.line()).comment);
  EXPECT_EQ(refusal([&] { return TicketRated{.id = "t", .at = at, .ticket = "4711", .score = 6}.line(); }),
            "ticket.rated: field \"score\" must be a whole number from 1 to 5");
  EXPECT_EQ(refusal([&] { return ExceptionGranted{.id = "g", .at = at, .exception = "x", .customer = "acme"}.line(); }),
            "exception.granted: missing field \"start\"");
  EXPECT_EQ(refusal([&] {
              return ExceptionGranted{
                  .id = "g", .at = at, .exception = "x", .customer = "acme", .start = at, .end = at, .reason = "r"}
                  .line();
            }),
            "exception.granted: field \"approved_by\" must not be empty");
}

// 1.1 (slis.md): indicator windows and job runs, as the engine decodes them.
TEST(SdkEventBuilders, SliWindowsAndJobRuns) {
  auto at = Timestamp::parse("2026-10-07T11:56:00Z");
  auto start = Timestamp::parse("2026-10-07T11:55:00Z");
  auto w = decoded(SliCounted{
      .id = "w",
      .at = at,
      .sli = "git",
      .start = start,
      .end = at,
      .good = 9412,
      .total = 10000,
      .customers = {
          {"acme"}}}.line());
  EXPECT_EQ(w.type, vow::EventType::SliCounted);
  EXPECT_EQ(w.ref, "git");
  EXPECT_EQ(w.good, 9412);
  EXPECT_EQ(w.total, 10000);
  EXPECT_TRUE(w.covers("acme"));
  EXPECT_FALSE(w.covers("globex"));
  auto j = decoded(JobCompleted{.id = "j", .at = at, .job = "refresh", .run = "2026-10-07"}.line());
  EXPECT_EQ(j.type, vow::EventType::JobCompleted);
  EXPECT_EQ(j.ref, "refresh");
  EXPECT_EQ(j.run, "2026-10-07");
  EXPECT_FALSE(j.customers);
  EXPECT_EQ(refusal([&] {
              return SliCounted{.id = "w", .at = at, .sli = "git", .start = at, .end = start, .total = 1}.line();
            }),
            "sli.counted: field \"end\" must be after \"start\"");
  EXPECT_EQ(
      refusal([&] {
        return SliCounted{.id = "w", .at = at, .sli = "git", .start = start, .end = at, .good = 2, .total = 1}.line();
      }),
      "sli.counted: field \"good\" must not be more than \"total\"");
  EXPECT_EQ(
      refusal([&] {
        return SliCounted{.id = "w", .at = at, .sli = "git", .start = start, .end = at, .good = -1, .total = 1}.line();
      }),
      "sli.counted: field \"good\" must be a whole number from 0 to 2^53");
  EXPECT_EQ(refusal([&] { return JobCompleted{.id = "j", .at = at, .job = "refresh", .run = "2026-02-29"}.line(); }),
            "job.completed: field \"run\": \"2026-02-29\" is not a date YYYY-MM-DD");
  EXPECT_EQ(refusal([&] { return JobCompleted{.id = "j", .at = at, .job = "refresh", .run = "2026-1-02"}.line(); }),
            "job.completed: field \"run\": \"2026-1-02\" is not a date YYYY-MM-DD");
}

TEST(SdkEventBuilders, RefusesWhatTheLedgerWouldRefuseNamingTypeAndField) {
  auto at = Timestamp::parse("2026-10-02T10:00:00Z");
  EXPECT_EQ(refusal([&] { return OutageStarted{.id = "x", .at = at, .outage = "o"}.line(); }),
            "outage.started: field \"service\" must not be empty");
  EXPECT_EQ(refusal([&] { return OutageEnded{.id = "x", .outage = "o"}.line(); }),
            "outage.ended: missing field \"at\"");
  EXPECT_EQ(refusal([&] { return OutageEnded{.at = at, .outage = "o"}.line(); }),
            "outage.ended: field \"id\" must not be empty");
  EXPECT_EQ(refusal([&] { return OutageEnded{.id = std::string(257, 'i'), .at = at, .outage = "o"}.line(); }),
            "outage.ended: field \"id\" is 257 bytes; at most 256 are allowed");
  EXPECT_EQ(
      refusal([&] {
        return OutageStarted{.id = "x", .at = at, .outage = "o", .service = "api", .customers = {{"acme", ""}}}.line();
      }),
      "outage.started: field \"customers\" must hold only non-empty strings");
  EXPECT_EQ(
      refusal([&] {
        return MaintenanceScheduled{.id = "x", .at = at, .maintenance = "w", .service = "api", .start = at}.line();
      }),
      "maintenance.scheduled: missing field \"end\"");
  auto invoice = [&](const char* period, const char* amount, const char* currency) {
    return refusal([&] {
      return InvoiceIssued{.id = "x",
                           .at = at,
                           .customer = "acme",
                           .invoice = "i",
                           .period = period,
                           .amount = amount,
                           .currency = currency}
          .line();
    });
  };
  EXPECT_EQ(invoice("2026-13", "1.00", "USD"),
            "invoice.issued: field \"period\": \"2026-13\" is not a month YYYY-MM or a quarter YYYY-Qn");
  // A quarterly commitment's invoice names its quarter, in capitals.
  EXPECT_EQ(invoice("2026-Q4", "1.00", "USD"), "(accepted)");
  EXPECT_EQ(invoice("2026-Q5", "1.00", "USD"),
            "invoice.issued: field \"period\": \"2026-Q5\" is not a month YYYY-MM or a quarter YYYY-Qn");
  EXPECT_EQ(invoice("2026-q4", "1.00", "USD"),
            "invoice.issued: field \"period\": \"2026-q4\" is not a month YYYY-MM or a quarter YYYY-Qn");
  EXPECT_EQ(invoice("2026-10", "-1.00", "USD"),
            "invoice.issued: field \"amount\": \"-1.00\" is not a decimal string like \"20000.00\"");
  EXPECT_EQ(invoice("2026-10", "1e3", "USD"),
            "invoice.issued: field \"amount\": \"1e3\" is not a decimal string like \"20000.00\"");
  EXPECT_EQ(invoice("2026-10", "1.", "USD"),
            "invoice.issued: field \"amount\": \"1.\" is not a decimal string like \"20000.00\"");
  EXPECT_EQ(invoice("2026-10", "1.00", "usd"),
            "invoice.issued: field \"currency\": \"usd\" is not an ISO 4217 code like \"USD\"");
  EXPECT_EQ(refusal([&] { return OutageEnded{.id = "x", .at = at, .outage = "bad \xff byte"}.line(); }),
            "outage.ended: field \"outage\" is not valid UTF-8");
  EXPECT_EQ(refusal([&] { return OutageEnded{.id = "x", .at = at, .outage = "\xed\xa0\x80"}.line(); }),
            "outage.ended: field \"outage\" is not valid UTF-8");  // a surrogate
}

TEST(SdkEventBuilders, TimestampsAcceptedAndRefusedAsTheLedgerDoes) {
  // docs/events.md, Timestamps: the same instant, and the same refusals.
  for (const char* ok : {"2026-10-03T10:15:00Z", "2026-10-03T06:15:00.250-04:00", "2026-10-03T12:15:00+02:00",
                         "2026-10-03t10:15:00z", "2024-02-29T00:00:00Z"}) {
    auto line = OutageEnded{.id = "x", .at = Timestamp::parse(ok), .outage = "o"}.line();
    EXPECT_EQ(decoded(line).at, *vow::parse_instant(ok)) << ok;
  }
  for (const char* bad : {"2026-10-03T10:15Z", "2026-10-03T10:15:00", "2026-10-03 10:15:00Z", "2026-02-30T10:15:00Z",
                          "2026-10-03T23:59:60Z", "1759486500", "2026-10-03T10:15:00.Z", "2026-10-03T10:15:00Zjunk",
                          "2025-02-29T00:00:00Z", "2026-10-03T24:00:00Z", "2026-10-03T10:15:00+2:00"}) {
    EXPECT_THROW(Timestamp::parse(bad), std::invalid_argument) << bad;
    vow::Event ev;
    std::string why;
    std::string line = std::string(R"({"id":"x","type":"outage.ended","outage":"o","at":")") + bad + "\"}";
    EXPECT_FALSE(vow::EventDecoder().decode(line, ev, why)) << "the ledger accepts " << bad;
  }
  EXPECT_EQ(Timestamp::parse("2026-10-03T00:30:00+01:00").str(), "2026-10-02T23:30:00Z");
  EXPECT_EQ(Timestamp::parse("2026-10-03T00:30:00.123456789Z").str(), "2026-10-03T00:30:00.123456789Z");
}

TEST(SdkEventJson, ReadsABatchNamingTheBadLine) {
  auto events =
      js::parse_events(OutageEnded{.id = "a", .at = Timestamp::parse("2026-10-02T10:00:00Z"), .outage = "o"}.line() +
                       "\n  \r\n" + R"({"id":"b","type":"outage.ended","at":"x","outage":"o"})" + "\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]["id"], "b");
  try {
    js::parse_events("{\"id\":\"a\",\"type\":\"t\",\"at\":\"x\"}\n{\"id\":\"b\",\"type\":\"t\"}\n");
    FAIL() << "accepted a line without at";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "line 2: event: missing field \"at\"");
  }
  EXPECT_THROW(js::parse_events("[1]\n"), std::invalid_argument);
  EXPECT_THROW(js::parse_events("{\"id\":\n"), std::invalid_argument);
}

TEST(SdkEventJson, ReadsACreditAsTheHostSendsIt) {
  // The shape of `vow credits --apply`'s delivery (docs/plugins.md); the
  // integration test sdk_out_of_tree_plugin reads the host's real one.
  auto c = js::read_credit(
      R"({"customer":"acme","name":"Acme Corp","amount":"100.00","currency":"USD","monthly_fee":"1000.00",)"
      R"("final":true,"percent":10.0,"note":null,"formula":"rules/acme.lua:2","invoice":null,)"
      R"("inputs":{"customer":"acme"},"period":"2026-10"})");
  EXPECT_EQ(c.key(), "acme:2026-10");
  EXPECT_EQ(c.amount, "100.00");
  EXPECT_EQ(c.name, "Acme Corp");
  EXPECT_TRUE(c.final);
  EXPECT_EQ(c.percent, 10.0);
  EXPECT_FALSE(c.note.has_value());
  EXPECT_EQ(c.inputs["customer"], "acme");
  EXPECT_THROW(js::read_credit(R"({"customer":"acme","period":"2026-10","currency":"USD"})"), std::invalid_argument);
  EXPECT_THROW(js::read_credit("not json"), std::invalid_argument);
}

// A Timestamp holds nanoseconds in 64 bits: an instant it cannot hold is
// refused, from text and from a time point alike, instead of wrapping around
// (the fuzzers of jobs_log and monitoring_prometheus found both).
TEST(SdkEventBuilders, TimestampsOutsideWhatTheyHoldAreRefused) {
  using namespace std::chrono;
  auto refused = [](auto make) {
    try {
      make();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refused([] { return Timestamp::parse("1013-11-02T22:41:07Z"); }).find("outside the years 1678 to 2261"),
            std::string::npos);
  EXPECT_NE(refused([] { return Timestamp::parse("9999-12-31T23:59:59Z"); }).find("outside the years"),
            std::string::npos);
  // 17,913,741,700 s since 1970 taken for milliseconds, and for seconds.
  EXPECT_NE(refused([] {
              return Timestamp(sys_time<milliseconds>{milliseconds{17913741700LL * 1000 * 1000}});
            }).find("outside the years"),
            std::string::npos);
  EXPECT_NE(refused([] { return Timestamp(sys_time<seconds>{seconds{-30173563133LL}}); }).find("outside the years"),
            std::string::npos);
  // The edges it holds.
  EXPECT_EQ(Timestamp::parse("1678-01-01T00:00:00Z").str(), "1678-01-01T00:00:00Z");
  EXPECT_EQ(Timestamp::parse("2261-12-31T23:59:59.5Z").str(), "2261-12-31T23:59:59.5Z");
  EXPECT_EQ(Timestamp(sys_time<milliseconds>{milliseconds{1791374160000LL}}).str(), "2026-10-07T11:56:00Z");
}
