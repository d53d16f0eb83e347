// Figures of periods that ended, kept between queries (ADR 23): an engine
// asked again as time passes and as events arrive answers exactly what a
// fresh engine given the same events answers, and it does reuse them.
#include "compliance/month_cache.hpp"

#include <gtest/gtest.h>

#include <random>

#include "engine_access.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

const char* kRules = R"(
contract "c0" { monthly_fee = 1000, uptime = { target = 99.9, services = { "api" },
    exclude = function(o) return o.stop ~= nil and o.cause == "upstream" end },
  response = { P1 = hours(1), P2 = hours(4) }, resolution = { P1 = hours(8), P2 = hours(48) },
  credit = schedule { { below = 99.9, percent = 10 }, { below = 99, percent = 25 } },
  communications = { initial = minutes(15), update_every = hours(1), postmortem = days(3) } }
contract "c1" { monthly_fee = 500, timezone = "America/New_York", uptime = { target = 99.5, services = { "web" } },
  response = { P2 = hours(8) }, credit = function(m) return { percent = m.uptime.met and 0 or 5 } end }
contract "c2" { monthly_fee = 800, timezone = "Asia/Tokyo", resolution = { P1 = hours(4), P2 = days(2) } }
)";

std::string line(const std::string& id, const std::string& type, const std::string& at, const std::string& rest) {
  return R"({"id":")" + id + R"(","type":")" + type + R"(","at":")" + at + "\"" + rest + "}\n";
}

// July to November: tickets every few hours, outages now and then, and
// events that change an ended month once they are in view: an invoice for
// September issued in mid-November, a maintenance window in October
// announced in November, an outage of late October that ends in November,
// a notice sent late.
std::string events() {
  std::mt19937 rng(7);
  std::string out;
  Instant t = *parse_instant("2026-07-01T00:00:00Z");
  const Instant end = *parse_instant("2026-11-28T00:00:00Z"), hour = 3'600'000;
  for (int n = 0; t < end; ++n, t += hour * static_cast<Instant>(2 + rng() % 8)) {
    std::string tk = R"(,"ticket":"T)" + std::to_string(n) + "\"";
    out +=
        line("o" + std::to_string(n), "ticket.opened", format_instant(t),
             tk + R"(,"customer":"c)" + std::to_string(n % 3) + R"(","priority":")" + (rng() % 3 ? "P2" : "P1") + "\"");
    Instant r = t + hour * static_cast<Instant>(rng() % 6) + 600'000;
    out += line("r" + std::to_string(n), "ticket.replied", format_instant(r), tk + R"(,"author":"agent")");
    if (rng() % 5)
      out += line("s" + std::to_string(n), "ticket.status_changed",
                  format_instant(r + hour * static_cast<Instant>(rng() % 70)), tk + R"(,"status":"solved")");
  }
  for (int n = 0; n < 12; ++n) {
    int month = 7 + n / 3;
    std::string day =
        "2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-1" + std::to_string(n % 3);
    std::string o = R"(,"outage":"u)" + std::to_string(n) + "\"";
    out += line("us" + std::to_string(n), "outage.started", day + "T10:00:00Z",
                o + R"(,"service":")" + (n % 2 ? "web" : "api") + "\"" + (n % 4 == 0 ? R"(,"cause":"upstream")" : ""));
    out += line("ue" + std::to_string(n), "outage.ended", day + "T1" + std::to_string(1 + n % 4) + ":00:00Z", o);
    out += line("un" + std::to_string(n), "incident.notified", day + "T10:20:00Z",
                o + R"(,"customer":"c0","kind":"initial")");
  }
  out += line("k1", "ticket.opened", "2026-09-28T10:00:00Z", R"(,"ticket":"K","customer":"c0","priority":"P2")");
  out += line("k2", "ticket.replied", "2026-09-28T10:30:00Z", R"(,"ticket":"K","author":"agent")");
  out += line("late-o", "outage.started", "2026-10-31T22:00:00Z", R"(,"outage":"late","service":"api")");
  out += line("late-e", "outage.ended", "2026-11-01T02:00:00Z", R"(,"outage":"late")");
  out += line("late-n", "incident.notified", "2026-11-02T09:00:00Z",
              R"(,"outage":"late","customer":"c0","kind":"postmortem")");
  out += line("inv", "invoice.issued", "2026-11-15T00:00:00Z",
              R"(,"invoice":"i-9","customer":"c0","period":"2026-09","amount":"1500.00","currency":"USD")");
  out += line("mw", "maintenance.scheduled", "2026-11-20T00:00:00Z",
              R"(,"maintenance":"m1","service":"web","start":"2026-10-13T09:00:00Z","end":"2026-10-13T15:00:00Z")");
  return out;
}

void load(Engine& e, const std::string& ndjson) {
  e.add_contract_source("rules/c.lua", kRules);
  ASSERT_TRUE(e.finish_contracts().empty());
  auto bad = e.add_events_ndjson(ndjson, "events.ndjson");
  ASSERT_TRUE(bad.empty()) << bad.front().str();
}

Query query(const std::string& period, const std::string& as_of) {
  Query q;
  q.period = period;
  q.as_of = *parse_instant(as_of);
  return q;
}

std::string fresh(const std::string& ndjson, const Query& q) {
  Engine e;
  load(e, ndjson);
  return to_json(e.report(q));
}

}  // namespace

TEST(MonthCache, TimePassingGivesWhatAFreshEngineGives) {
  std::string all = events();
  Engine warm;
  load(warm, all);
  const char* instants[] = {"2026-11-01T00:00:00Z", "2026-11-02T08:00:00Z", "2026-11-02T10:00:00Z",
                            "2026-11-10T00:00:00Z", "2026-11-16T00:00:00Z", "2026-11-21T00:00:00Z",
                            "2026-12-01T00:00:00Z", "2026-11-05T00:00:00Z", "2027-01-03T00:00:00Z"};
  for (const char* as_of : instants)
    for (const char* period : {"2026-10", "2026-11", "2026-Q3", "2026-Q4"}) {
      SCOPED_TRACE(std::string(period) + " as of " + as_of);
      Query q = query(period, as_of);
      EXPECT_EQ(to_json(warm.report(q)), fresh(all, q));
      if (q.period.find('Q') != std::string::npos) continue;
      EXPECT_EQ(to_json(warm.credits(q)), [&] {
        Engine e;
        load(e, all);
        return to_json(e.credits(q));
      }());
    }
  EXPECT_GT(EngineAccess::months(warm).reused, 100u);
}

TEST(MonthCache, EventsAddedChangeTheMonthsTheyTouch) {
  std::string all = events();
  Engine warm;
  load(warm, all);
  Query q = query("2026-11", "2026-11-25T00:00:00Z");
  warm.report(q);
  warm.report(q);  // kept from here
  // Ticket K of September solved in time, stored late (in time order for
  // it: the index takes it without a rebuild).
  std::string solved =
      line("k3", "ticket.status_changed", "2026-09-28T20:00:00Z", R"(,"ticket":"K","status":"solved")");
  ASSERT_TRUE(warm.add_events_ndjson(solved, "solved.ndjson").empty());
  all += solved;
  EXPECT_EQ(to_json(warm.report(q)), fresh(all, q));
  // A ticket of September, stored late; then an outage of August.
  std::string late =
      line("x1", "ticket.opened", "2026-09-10T10:00:00Z", R"(,"ticket":"X","customer":"c0","priority":"P1")") +
      line("x2", "ticket.replied", "2026-09-10T15:00:00Z", R"(,"ticket":"X","author":"agent")");
  ASSERT_TRUE(warm.add_events_ndjson(late, "late.ndjson").empty());
  all += late;
  EXPECT_EQ(to_json(warm.report(q)), fresh(all, q));
  std::string outage = line("y1", "outage.started", "2026-08-20T10:00:00Z", R"(,"outage":"Y","service":"web")") +
                       line("y2", "outage.ended", "2026-08-20T20:00:00Z", R"(,"outage":"Y")");
  ASSERT_TRUE(warm.add_events_ndjson(outage, "outage.ndjson").empty());
  all += outage;
  EXPECT_EQ(to_json(warm.report(q)), fresh(all, q));
}

// `vow serve` records a delivery for every alert: such records change no
// month's figures, so what was kept is used still.
TEST(MonthCache, DeliveryRecordsKeepWhatWasKept) {
  std::string all = events();
  Engine warm;
  load(warm, all);
  Query q = query("2026-11", "2026-11-25T00:00:00Z");
  warm.report(q);
  warm.report(q);  // kept from here
  // How many kept figures a report uses when nothing changed.
  auto reused_by_report = [&] {
    std::size_t before = EngineAccess::months(warm).reused;
    EXPECT_EQ(to_json(warm.report(q)), fresh(all, q));
    return EngineAccess::months(warm).reused - before;
  };
  std::size_t unchanged = reused_by_report();
  ASSERT_GT(unchanged, 0u);
  std::string delivered = line("d1", "alert.delivered", "2026-11-24T00:00:00Z",
                               R"(,"alert":"clock.breached:c0:K:response:1","sink":"hook","reference":"r")");
  ASSERT_TRUE(warm.add_events_ndjson(delivered, "delivered.ndjson").empty());
  all += delivered;
  EXPECT_EQ(reused_by_report(), unchanged);
  // Any other event makes the months be figured again.
  std::string invoice =
      line("inv2", "invoice.issued", "2026-11-24T00:00:00Z",
           R"(,"invoice":"i-10","customer":"c0","period":"2026-08","amount":"1500.00","currency":"USD")");
  ASSERT_TRUE(warm.add_events_ndjson(invoice, "invoice.ndjson").empty());
  all += invoice;
  EXPECT_LT(reused_by_report(), unchanged);
}

// A single query keeps nothing: a one-shot report pays nothing for it.
TEST(MonthCache, OneQueryKeepsNothing) {
  Engine e;
  load(e, events());
  e.report(query("2026-11", "2026-11-25T00:00:00Z"));
  EXPECT_EQ(EngineAccess::months(e).size(), 0u);
  e.report(query("2026-11", "2026-11-25T00:00:00Z"));
  EXPECT_GT(EngineAccess::months(e).size(), 0u);
}
