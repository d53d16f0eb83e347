// The embedding API cannot be misused quietly (issue 10, item 8): a query
// without an as_of is asked now, not in 1970; a query before the contracts
// are finished is an error, not an empty report; an Engine can be moved.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include "vow/engine.hpp"
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
  EXPECT_EQ(third.report(q).accounts.at(0).uptime->downtime_seconds, 7200.0);
}
