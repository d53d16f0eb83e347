// Contract language 1.1 through the engine, asked as `vow serve` asks
// (again and again, events arriving): amended terms and exceptions give
// the same answers from every command and every cache as from a fresh
// engine.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

const char* kTicketRules = R"(contract "acme" { timezone = "UTC", response = { P1 = "1h" }, warn_at = { 0.8 } })";

// T1 breaches its response in October; an exception for tickets covers it.
const char* kBreach =
    R"({"id":"o","type":"ticket.opened","at":"2026-10-05T10:00:00Z","ticket":"T1","customer":"acme","priority":"P1"}
{"id":"r","type":"ticket.replied","at":"2026-10-05T13:00:00Z","ticket":"T1","author":"agent"}
)";
const char* kGrant =
    R"({"id":"g","type":"exception.granted","at":"2026-10-01T00:00:00Z","exception":"X","customer":"acme","start":"2026-10-05T00:00:00Z","end":"2026-10-06T00:00:00Z","scope":"tickets","reason":"r","approved_by":"a"}
)";

}  // namespace

TEST(TermsOverTime, AnExemptClockStaysExemptWhenItsClocksAreKept) {
  Engine e = engine(kTicketRules, std::string(kBreach) + kGrant);
  // The clock cache keeps settled clocks from the second query on: the
  // third is answered from it.
  for (int i = 0; i < 3; ++i) {
    Report r = e.report(query("2026-10", "2026-11-01T00:00:00Z"));
    const PriorityFigures& p1 = r.accounts.at(0).response.at("P1");
    EXPECT_EQ(p1.exempt, 1) << "query " << i;
    EXPECT_EQ(p1.breached, 0) << "query " << i;
  }
}

TEST(TermsOverTime, AGrantAlreadyInTheLedgerEndsWhatTheAlertCacheKept) {
  // Granted at 10:30, for a ticket opened at 10:00: as of 10:20 nothing is
  // exempt yet; as of 10:50 the 80% warning (10:48) must not be there.
  std::string grant_later = R"({"id":"g","type":"exception.granted","at":"2026-10-05T10:30:00Z","exception":"X",)"
                            R"("customer":"acme","start":"2026-10-05T00:00:00Z","end":"2026-10-06T00:00:00Z",)"
                            R"("scope":"tickets","reason":"r","approved_by":"a"})"
                            "\n";
  std::string events = std::string(kBreach) + grant_later;
  Engine live = engine(kTicketRules, events);
  for (const char* when : {"2026-10-05T10:20:00Z", "2026-10-05T10:20:00Z", "2026-10-05T10:50:00Z"}) {
    Query q;
    q.as_of = at(when);
    Engine fresh = engine(kTicketRules, events);
    EXPECT_EQ(to_json(live.alerts(q)), to_json(fresh.alerts(q))) << when;
  }
  Query q;
  q.as_of = at("2026-10-05T10:50:00Z");
  EXPECT_TRUE(live.alerts(q).alerts.empty());
}

TEST(TermsOverTime, CreditsAndStatusReadTheAmendedTerms) {
  const char* rules = R"(contract "acme" {
  timezone = "UTC", monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" } },
  amendments = {
    { from = "2026-11", uptime = { target = 99.95 },
      credit = schedule { { below = 99.95, percent = 10 } } },
  },
})";
  // 30 minutes down in November: met under 99.9, missed under 99.95.
  std::string events =
      R"({"id":"s","type":"outage.started","at":"2026-11-20T00:00:00Z","outage":"O","service":"api"}
{"id":"e","type":"outage.ended","at":"2026-11-20T00:30:00Z","outage":"O"}
)";
  Engine e = engine(rules, events);
  CreditsReport credits = e.credits(query("2026-11", "2026-12-01T00:00:00Z"));
  ASSERT_EQ(credits.credits.size(), 1u);  // the credit term is the amendment's
  EXPECT_EQ(credits.credits[0].amount, "100.00");
  EXPECT_TRUE(e.credits(query("2026-10", "2026-12-01T00:00:00Z")).credits.empty());  // none then
  StatusReport s = e.status(query("", "2026-11-25T00:00:00Z"));
  ASSERT_EQ(s.accounts.size(), 1u);
  EXPECT_EQ(s.accounts[0].level, "breached");
}

// ADR 0049: a burn that the amended terms see already going on where they
// take effect begins there. Under October's 80% the outage never burns 10x
// (at most 1 / 0.2 = 5x); under November's 99.9% it does from 23:05 on,
// in October, which is not November's to raise. It was lost: November's
// terms raised nothing for it and October's had nothing to raise.
TEST(TermsOverTime, ABurnGoingOnWhereAnAmendmentTakesEffectBeginsThere) {
  const char* rules = R"(contract "acme" {
  timezone = "UTC",
  uptime = { target = 80, services = { "api" } },
  burn_alerts = { { long = "1h", short = "5m", factor = 10, severity = "page" } },
  amendments = { { from = "2026-11", uptime = { target = 99.9 } } },
})";
  const std::string outage =
      R"({"id":"s","type":"outage.started","at":"2026-10-31T23:00:00Z","outage":"o","service":"api"}
{"id":"e","type":"outage.ended","at":"2026-11-01T01:00:00Z","outage":"o"}
)";
  Engine e = engine(rules, outage);
  std::vector<Alert> burns;
  for (const Alert& a : e.alerts(query("2026-11", "2026-11-01T03:00:00Z")).alerts)
    if (a.kind == "uptime.burn_rate") burns.push_back(a);
  ASSERT_EQ(burns.size(), 1u);
  EXPECT_EQ(burns[0].at, at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(burns[0].period, "2026-11");
  // An amendment whose terms agree with October's changes nothing: the
  // episode that began in October stays October's, and is not raised again.
  const char* same = R"(contract "acme" {
  timezone = "UTC",
  uptime = { target = 99.9, services = { "api" } },
  burn_alerts = { { long = "1h", short = "5m", factor = 10, severity = "page" } },
  amendments = { { from = "2026-11", uptime = { target = 99.9 } } },
})";
  Engine kept = engine(same, outage);
  burns.clear();
  for (const Alert& a : kept.alerts(query("2026-11", "2026-11-01T03:00:00Z")).alerts)
    if (a.kind == "uptime.burn_rate") burns.push_back(a);
  ASSERT_EQ(burns.size(), 1u);
  EXPECT_EQ(burns[0].period, "2026-10");
}

// The same through two amendments that agree: one episode, October's.
TEST(TermsOverTime, ABurnThroughTwoAmendmentsThatAgreeIsOneEpisode) {
  Engine e = engine(R"(contract "acme" {
  timezone = "UTC",
  uptime = { target = 99.9, services = { "api" } },
  burn_alerts = { { long = "1h", short = "5m", factor = 10, severity = "page" } },
  amendments = { { from = "2026-11", uptime = { target = 99.9 } }, { from = "2026-12", credit_cap = 50 } },
})",
                    R"({"id":"s","type":"outage.started","at":"2026-10-31T23:00:00Z","outage":"o","service":"api"}
{"id":"e","type":"outage.ended","at":"2026-12-01T01:00:00Z","outage":"o"}
)");
  std::vector<std::string> burns;
  for (const Alert& a : e.alerts(query("2026-12", "2026-12-01T03:00:00Z")).alerts)
    if (a.kind == "uptime.burn_rate") burns.push_back(a.id);
  EXPECT_EQ(burns, std::vector<std::string>{"uptime.burn_rate:acme:1:2026-10-31T23:01:00Z"});
}

// A term measured by events: half of the requests failing burns 2.5x under
// 80%, 500x under 99.9%. The windows from 23:50 make November's terms burn
// from 23:51 on; their episode begins at 00:00.
TEST(TermsOverTime, ARatioBurnGoingOnWhereAnAmendmentTakesEffectBeginsThere) {
  std::string windows;
  for (int m = 50; m < 90; ++m) {
    auto minute = [](int n) {
      char s[32];
      std::snprintf(s, sizeof s, "2026-1%s:%02d:00Z", n < 60 ? "0-31T23" : "1-01T00", n % 60);
      return std::string(s);
    };
    windows += R"({"id":"w)" + std::to_string(m) + R"(","type":"sli.counted","at":")" + minute(m + 1) +
               R"(","sli":"req","start":")" + minute(m) + R"(","end":")" + minute(m + 1) +
               R"(","good":50,"total":100})"
               "\n";
  }
  Engine e = engine(R"(contract "acme" {
  timezone = "UTC",
  uptime = { target = 80, sli = "req", method = "ratio" },
  burn_alerts = { { long = "1h", short = "5m", factor = 10, severity = "page" } },
  amendments = { { from = "2026-11", uptime = { target = 99.9 } } },
})",
                    windows);
  std::vector<std::string> burns;
  for (const Alert& a : e.alerts(query("2026-11", "2026-11-01T03:00:00Z")).alerts)
    if (a.kind == "uptime.burn_rate") burns.push_back(a.id + " " + a.period);
  EXPECT_EQ(burns, std::vector<std::string>{"uptime.burn_rate:acme:1:2026-11-01T00:00:00Z 2026-11"});
}

// A rule is the same rule by its windows, factor and severity, not by its
// place: November's first rule, another than October's, has not been
// burning before it takes effect, and begins at 00:00 (found by a cold
// review: matched by place, it was taken for October's and lost).
TEST(TermsOverTime, ARuleAnAmendmentPutsInAnotherRulesPlaceIsItsOwn) {
  Engine e = engine(R"(contract "acme" {
  timezone = "UTC",
  uptime = { target = 99.9, services = { "api" } },
  burn_alerts = { { long = "1h", short = "5m", factor = 10, severity = "page" } },
  amendments = { { from = "2026-11", burn_alerts = { { long = "6h", short = "30m", factor = 6, severity = "ticket" } } } },
})",
                    R"({"id":"s","type":"outage.started","at":"2026-10-31T23:00:00Z","outage":"o","service":"api"}
{"id":"e","type":"outage.ended","at":"2026-11-01T01:00:00Z","outage":"o"}
)");
  std::vector<std::string> burns;
  for (const Alert& a : e.alerts(query("2026-11", "2026-11-01T03:00:00Z")).alerts)
    if (a.kind == "uptime.burn_rate") burns.push_back(a.id + " " + a.severity);
  EXPECT_EQ(burns, (std::vector<std::string>{"uptime.burn_rate:acme:1:2026-10-31T23:01:00Z page",
                                             "uptime.burn_rate:acme:1:2026-11-01T00:00:00Z ticket"}));
}
