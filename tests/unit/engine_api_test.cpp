// The embedding API cannot be misused quietly (issue 10, item 8): a query
// without an as_of is asked now, not in 1970; a query before the contracts
// are finished is an error, not an empty report; an Engine can be moved;
// events held in memory follow the ledger's rules (validation, idempotence,
// conflicts) and say what they refused as Diagnostics.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "vow/engine.hpp"
#include "vow/error.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

Instant wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* kRules = "contract \"acme\" { monthly_fee = 100, uptime = { target = 99.9, services = { \"api\" } } }";
const char* kEvents = R"({"id":"1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o","service":"api"})"
                      "\n"
                      R"({"id":"2","type":"outage.ended","at":"2026-10-02T12:00:00Z","outage":"o"})"
                      "\n";

}  // namespace

TEST(EngineApi, AQueryWithoutAnAsOfIsAskedNow) {
  Instant before = wall_now();
  Query q;
  DraftRequest d;
  Instant after = wall_now();
  for (Instant t : {q.as_of, d.as_of}) {
    EXPECT_GE(t, before);
    EXPECT_LE(t, after);
  }
}

TEST(EngineApi, AQueryBeforeTheContractsAreFinishedIsAnError) {
  Engine e;
  e.add_contract_source("rules/acme.lua", kRules);
  e.add_events_ndjson(kEvents, "events.ndjson");
  Query q;
  q.period = "2026-10";
  EXPECT_THROW(e.report(q), std::logic_error);
  EXPECT_THROW(e.status(q), std::logic_error);
  EXPECT_THROW(e.credits(q), std::logic_error);
  EXPECT_THROW(e.account("acme", "2026-10", q.as_of), std::logic_error);
  ASSERT_TRUE(e.finish_contracts().empty());
  EXPECT_EQ(e.report(q).accounts.size(), 1u);
}

TEST(EngineApi, AnEngineCanBeMoved) {
  Engine first;
  first.add_contract_source("rules/acme.lua", kRules);
  ASSERT_TRUE(first.finish_contracts().empty());
  first.add_events_ndjson(kEvents, "events.ndjson");
  Query q;
  q.period = "2026-10";
  q.as_of = *parse_instant("2026-11-01T00:00:00Z");
  std::string expected = to_json(first.report(q));
  Engine second(std::move(first));
  EXPECT_EQ(to_json(second.report(q)), expected);
  Engine third;
  third = std::move(second);
  EXPECT_EQ(to_json(third.report(q)), expected);
  EXPECT_EQ(third.report(q).accounts.at(0).uptime->downtime_seconds.value(), 7200.0);
}

namespace {

Engine finished() {
  Engine e;
  e.add_contract_source("rules/acme.lua", kRules);
  EXPECT_TRUE(e.finish_contracts().empty());
  return e;
}

double october_downtime(Engine& e) {
  Query q;
  q.period = "2026-10";
  q.as_of = *parse_instant("2026-11-01T00:00:00Z");
  return e.report(q).accounts.at(0).uptime->downtime_seconds.value();
}

}  // namespace

TEST(EngineApi, EventsGivenTwiceAreHeldOnce) {
  Engine e = finished();
  EXPECT_TRUE(e.add_events_ndjson(kEvents, "events.ndjson").empty());
  // The same events again, one with its keys in another order: duplicates.
  EXPECT_TRUE(e.add_events_ndjson(kEvents, "again.ndjson").empty());
  EXPECT_TRUE(
      e.add_events_ndjson(R"({"outage":"o","at":"2026-10-02T12:00:00Z","type":"outage.ended","id":"2"})", "x").empty());
  EXPECT_EQ(e.event_count(), 2u);
  EXPECT_EQ(october_downtime(e), 7200.0);
  Event end;
  end.id = "2";
  end.type = EventType::OutageEnded;
  end.at = *parse_instant("2026-10-02T12:00:00Z");
  end.ref = "o";
  EXPECT_EQ(e.add_event(end), Added::Duplicate);
  EXPECT_EQ(e.event_count(), 2u);
}

TEST(EngineApi, AnIdGivenAgainWithOtherContentIsAConflictReported) {
  Engine e = finished();
  ASSERT_TRUE(e.add_events_ndjson(kEvents, "events.ndjson").empty());
  std::string late = std::string("\n") + R"({"id":"2","type":"outage.ended","at":"2026-10-02T18:00:00Z","outage":"o"})";
  auto problems = e.add_events_ndjson(late, "late.ndjson");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "late.ndjson");
  EXPECT_EQ(problems[0].line, 2);
  EXPECT_EQ(problems[0].severity, Diagnostic::Severity::Error);
  EXPECT_EQ(problems[0].field, "id");
  EXPECT_EQ(problems[0].message, "conflict: event \"2\" was added before with other content");
  EXPECT_EQ(problems[0].str(), "late.ndjson:2: conflict: event \"2\" was added before with other content");
  Event end;
  end.id = "2";
  end.type = EventType::OutageEnded;
  end.at = *parse_instant("2026-10-02T13:00:00Z");
  end.ref = "o";
  try {
    e.add_event(end);
    FAIL() << "a conflict was taken";
  } catch (const Error& err) {
    EXPECT_EQ(err.code(), Exit::BadData);
    EXPECT_STREQ(err.what(), "conflict: event \"2\" was added before with other content");
  }
  EXPECT_EQ(e.event_count(), 2u);
  EXPECT_EQ(october_downtime(e), 7200.0);  // the first content counts
}

TEST(EngineApi, ALineThatFailsValidationIsADiagnosticAndTheOthersAreAdded) {
  Engine e = finished();
  std::string text = std::string(kEvents) + R"({"id":"3","type":"outage.ended","at":"2026-10-03T12:00:00Z"})" + "\n";
  auto problems = e.add_events_ndjson(text, "events.ndjson");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].str(), "events.ndjson:3: missing field \"outage\"");
  EXPECT_EQ(e.event_count(), 2u);
}

TEST(EngineApi, EveryProblemOfALineHasItsColumnAndANearMissIsAWarning) {
  Engine e = finished();
  // Line 1: two problems (a time that is not one, an impact that is none).
  // Line 2: the issue's outage with `customer`: kept, with a warning.
  std::string text =
      R"({"id":"9","type":"outage.started","at":"yesterday","outage":"p","service":"api","impact":"big"})"
      "\n"
      R"({"id":"1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o","service":"api","customer":"acme"})"
      "\n";
  auto problems = e.add_events_ndjson(text, "events.ndjson");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 1);
  EXPECT_EQ(problems[0].field, "at");
  EXPECT_EQ(problems[0].column, 40);  // of the value
  EXPECT_EQ(problems[0].excerpt, "\"at\":\"yesterday\"");
  EXPECT_EQ(problems[1].field, "impact");
  EXPECT_EQ(problems[0].severity, Diagnostic::Severity::Error);
  EXPECT_EQ(problems[2].line, 2);
  EXPECT_EQ(problems[2].severity, Diagnostic::Severity::Warning);
  EXPECT_NE(problems[2].message.find("did you mean \"customers\""), std::string::npos) << problems[2].message;
  EXPECT_EQ(e.event_count(), 1u);
}

TEST(EngineApi, AnEventBuiltInCodeIsValidatedAsTheLedgerWould) {
  Engine e = finished();
  auto refused = [&](Event ev) -> std::string {
    try {
      e.add_event(std::move(ev));
    } catch (const Error& err) {
      EXPECT_EQ(err.code(), Exit::BadData);
      return err.what();
    }
    return "taken";
  };
  Event no_id;
  no_id.type = EventType::OutageEnded;
  no_id.ref = "o";
  EXPECT_EQ(refused(no_id), "missing field \"id\"");
  Event opened;
  opened.id = "t1";
  opened.type = EventType::TicketOpened;
  opened.ref = "T-1";
  opened.priority = "P1";
  EXPECT_EQ(refused(opened), "event \"t1\": missing field \"customer\"");
  Event started;
  started.id = "s1";
  started.type = EventType::OutageStarted;
  started.ref = "o2";
  EXPECT_EQ(refused(started), "event \"s1\": missing field \"service\"");
  started.service = "api";
  started.customers = std::vector<std::string>{""};
  EXPECT_EQ(refused(started), "event \"s1\": field \"customers\" must hold only non-empty strings");
  Event credit;
  credit.id = "c1";
  credit.type = EventType::CreditIssued;
  credit.customer = "acme";
  credit.ref = "cr-1";
  credit.period = "2026-10";
  credit.amount = "1,000";
  credit.currency = "USD";
  EXPECT_EQ(refused(credit), "event \"c1\": field \"amount\": \"1,000\" is not a decimal string like \"20000.00\"");
  credit.amount = "1000.00";
  EXPECT_EQ(refused(credit), "taken");
  EXPECT_EQ(e.event_count(), 1u);
}

// Two feeds delivering the same events at once (a retry racing the first
// try): each event is held once, whichever thread adds it first, while a
// third thread asks for reports.
TEST(EngineApi, TwoThreadsAddingTheSameEventsHoldEachOnce) {
  Engine e = finished();
  std::string text;
  for (int i = 0; i < 400; ++i) {
    std::string o = "o" + std::to_string(i), day = std::to_string(10 + i % 20);
    text += R"({"id":"s)" + std::to_string(i) + R"(","type":"outage.started","at":"2026-10-)" + day +
            R"(T10:00:00Z","outage":")" + o + R"(","service":"api"})" + "\n";
    text += R"({"id":"e)" + std::to_string(i) + R"(","type":"outage.ended","at":"2026-10-)" + day +
            R"(T10:00:01Z","outage":")" + o + R"("})" + "\n";
  }
  std::vector<std::vector<Diagnostic>> said(2);
  std::thread a([&] { said[0] = e.add_events_ndjson(text, "a.ndjson"); });
  std::thread b([&] { said[1] = e.add_events_ndjson(text, "b.ndjson"); });
  std::thread reader([&] {
    for (int i = 0; i < 20; ++i) october_downtime(e);
  });
  a.join();
  b.join();
  reader.join();
  EXPECT_TRUE(said[0].empty());
  EXPECT_TRUE(said[1].empty());
  EXPECT_EQ(e.event_count(), 800u);
  EXPECT_EQ(october_downtime(e), 20.0);  // a second on each of 20 days
}

// accounts() gives, in the order asked, each account as the month's report
// has it (every figure the report's JSON shows): what a live server's
// gauges read a batch at a time. Those not asked for have tickets too.
TEST(EngineApi, SomeAccountsAtOnceAreTheReportsAccounts) {
  Engine e;
  e.add_contract_source("rules/acme.lua", kRules);
  e.add_contract_source("rules/more.lua",
                        "contract \"globex\" { uptime = { target = 99.99, services = { \"api\" } } }\n"
                        "contract \"initech\" { uptime = { target = 99, services = { \"web\" } } }\n"
                        "contract \"tix\" { monthly_fee = 200, response = { P1 = hours(1) } }\n"
                        "contract \"zeta\" { response = { P1 = hours(1) } }\n");
  const auto& problems = e.finish_contracts();
  ASSERT_TRUE(problems.empty()) << problems.front().str();
  e.add_events_ndjson(
      std::string(kEvents) +
          R"({"id":"t1","type":"ticket.opened","at":"2026-10-05T09:00:00Z","ticket":"T1","customer":"tix","priority":"P1"})"
          "\n"
          R"({"id":"t2","type":"ticket.opened","at":"2026-10-06T09:00:00Z","ticket":"T2","customer":"tix","priority":"P1"})"
          "\n"
          R"({"id":"t3","type":"ticket.replied","at":"2026-10-06T09:10:00Z","ticket":"T2","by":"agent"})"
          "\n"
          R"({"id":"z1","type":"ticket.opened","at":"2026-10-07T09:00:00Z","ticket":"Z1","customer":"zeta","priority":"P1"})"
          "\n",
      "events.ndjson");
  for (const char* as_of : {"2026-10-20T00:00:00Z", "2026-11-05T00:00:00Z"}) {  // the month going on, then ended
    Query q;
    q.period = "2026-10";
    q.as_of = *parse_instant(as_of);
    Report r = e.report(q);
    ASSERT_EQ(r.accounts.size(), 5u);
    std::string expected = to_json(r);
    // Two batches, the second asked first, each asked twice (kept clocks).
    std::vector<std::string> first, second;
    for (std::size_t i = 0; i < r.accounts.size(); ++i) (i < 2 ? first : second).push_back(r.accounts[i].customer);
    for (int again = 0; again < 2; ++again) {
      std::vector<AccountReport> later = e.accounts(second, "2026-10", q.as_of);
      std::vector<AccountReport> earlier = e.accounts(first, "2026-10", q.as_of);
      ASSERT_EQ(earlier.size() + later.size(), r.accounts.size());
      Report same = r;
      same.accounts = earlier;
      same.accounts.insert(same.accounts.end(), later.begin(), later.end());
      EXPECT_EQ(to_json(same), expected) << as_of;
    }
  }
  std::vector<AccountReport> two = e.accounts({"tix", "globex"}, "2026-10", *parse_instant("2026-10-20T00:00:00Z"));
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].customer, "tix");
  EXPECT_EQ(two[1].customer, "globex");
  EXPECT_EQ(two[1].status, Status::Red);  // two hours down against 99.99%
  EXPECT_THROW(e.accounts({"nobody"}, "2026-10", *parse_instant("2026-10-20T00:00:00Z")), Error);
}
