// A month's report on a long ledger reads only the tickets that can count
// in its months (docs/adr/0020). Whatever it leaves out, its figures are
// those of an engine given every event: checked over a year of tickets of
// every shape, for every month and quarter, at several as_of instants.
#include <random>

#include "helpers.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"

using namespace vowtest;

namespace {

const char* kRules = R"(
calendar "nz-business" { timezone = "Pacific/Auckland", hours = { weekdays = "09:00-17:00" } }
contract "acme" {
  monthly_fee = 1000, uptime = { target = 99.9, services = { "api" } },
  response = { P1 = hours(1), P2 = hours(8) }, resolution = { P1 = hours(24), P2 = days(5) },
  credit = schedule { { below = 99.9, percent = 10 } },
}
contract "kiwi" {
  monthly_fee = 500, timezone = "Pacific/Auckland", calendar = "nz-business",
  response = { P1 = hours(2), P2 = hours(16) }, resolution = { P2 = hours(40) },
}
contract "west" {
  monthly_fee = 800, timezone = "America/Los_Angeles",
  response = { P2 = hours(4) }, resolution = { P1 = hours(8), P2 = days(2) },
  uptime = { target = 99.5, services = { "web" } },
}
)";

// 2026: a year of tickets for three customers with contracts and one
// without, of every shape: settled the same day, paused, reopened, open for
// months, never closed, irregular (events before the opening, two
// openings, no opening), and a late priority change; outages now and then.
std::string a_year() {
  std::mt19937 rng(20261130);
  std::string out;
  int id = 0;
  auto at = [](long long ms) { return vow::format_instant(ms); };
  auto line = [&](const std::string& type, long long t, const std::string& rest) {
    out += R"({"id":")" + std::to_string(++id) + R"(","type":")" + type + R"(","at":")" + at(t) + "\"" + rest + "}\n";
  };
  const char* customers[] = {"acme", "kiwi", "west", "nobody"};
  const long long start = unix_ms("2026-01-01T00:00:00Z"), hour = 3'600'000;
  for (int n = 0; n < 1200; ++n) {
    long long t = start + static_cast<long long>(rng() % (360 * 24)) * hour + static_cast<long long>(rng() % 3600000);
    std::string ticket = "T-" + std::to_string(n), customer = customers[rng() % 4];
    std::string tk = R"(,"ticket":")" + ticket + "\"";
    int shape = static_cast<int>(rng() % 12);
    if (shape == 0) {  // no opening at all
      line("ticket.replied", t, tk + R"(,"author":"agent")");
      continue;
    }
    if (shape == 1) line("ticket.status_changed", t - hour, tk + R"(,"status":"pending")");  // before its opening
    line("ticket.opened", t,
         tk + R"(,"customer":")" + customer + R"(","priority":")" + (rng() % 2 ? "P1" : "P2") + "\"");
    if (shape == 2) line("ticket.opened", t + hour, tk + R"(,"customer":")" + customer + R"(","priority":"P2")");
    long long step = static_cast<long long>(1 + rng() % 30) * hour / 4;
    if (shape != 3) line("ticket.replied", t + step, tk + R"(,"author":"agent")");
    if (shape == 4) {  // paused a while
      line("ticket.status_changed", t + 2 * step, tk + R"(,"status":"pending")");
      line("ticket.status_changed", t + 9 * step, tk + R"(,"status":"open")");
    }
    if (shape == 5) continue;                                      // never closed
    long long end = t + (shape == 6 ? 70 * 24 * hour : 4 * step);  // open for months
    line("ticket.status_changed", end, tk + R"(,"status":"solved")");
    if (shape == 7) {  // reopened weeks later, then closed
      line("ticket.status_changed", end + 20 * 24 * hour, tk + R"(,"status":"open")");
      line("ticket.status_changed", end + 23 * 24 * hour, tk + R"(,"status":"closed")");
    }
    if (shape == 8)  // a priority change after it was solved: its last event is not a stop
      line("ticket.priority_changed", end + hour, tk + R"(,"priority":"P1")");
  }
  for (int n = 0; n < 40; ++n) {
    long long t = start + static_cast<long long>(rng() % (360 * 24)) * hour;
    std::string o = R"(,"outage":"o-)" + std::to_string(n) + "\"";
    line("outage.started", t, o + R"(,"service":")" + (n % 2 ? "api" : "web") + "\"");
    line("outage.ended", t + static_cast<long long>(1 + rng() % 5) * hour / 2, o);
  }
  return out;
}

vow::Query query(const std::string& period, const std::string& as_of) {
  vow::Query q;
  q.period = period;
  q.as_of = unix_ms(as_of);
  return q;
}

std::vector<vow::Query> questions() {
  std::vector<vow::Query> out;
  std::vector<std::string> periods = {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-01"};
  for (int m = 1; m <= 12; ++m) periods.push_back("2026-" + std::string(m < 10 ? "0" : "") + std::to_string(m));
  for (const auto& p : periods)
    for (const char* as_of : {"2027-02-01T00:00:00Z", "2026-06-15T12:00:00Z", "2026-11-03T00:00:00Z"})
      out.push_back(query(p, as_of));
  // One customer's cut, and one customer alone.
  vow::Query own = query("2026-08", "2026-09-10T00:00:00Z");
  own.customers = {"kiwi"};
  out.push_back(own);
  own.customer_audience = true;
  out.push_back(own);
  return out;
}

}  // namespace

TEST(EventWindow, AReportReadInPartIsTheReportOfEveryEvent) {
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");  // a snapshot, which reading in part needs
  auto dir = project("window", kRules);
  std::string year = a_year();
  {
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("year.ndjson", year, {}).stored);
    ws.load_events();  // writes the snapshot
  }
  ASSERT_TRUE(fs::exists(dir / "vow.db.snapshot"));
  vow::Engine all;
  all.add_contract_paths({dir / "rules"});
  ASSERT_TRUE(all.finish_contracts().empty());
  ASSERT_TRUE(all.add_events_ndjson(year, "year.ndjson").empty());
  auto shared = project_workspace(dir);  // one workspace for every question: it reads again when it must
  std::size_t least = all.event_count();
  for (const auto& q : questions()) {
    SCOPED_TRACE(q.period + " as of " + vow::format_instant(q.as_of));
    auto own = project_workspace(dir);
    std::string expected = vow::to_json(all.report(q));
    EXPECT_EQ(vow::to_json(own.report(q)), expected);
    least = std::min(least, own.events_in_memory());
    EXPECT_EQ(vow::to_json(shared.report(q)), expected);
    if (q.period.find('Q') == std::string::npos) {
      EXPECT_EQ(vow::to_json(own.credits(q)), vow::to_json(all.credits(q)));
      EXPECT_EQ(vow::to_json(shared.credits(q)), vow::to_json(all.credits(q)));
    }
  }
  // It did read in part. Irregular tickets, those of a customer without a
  // contract and those never closed are read whatever the window: about
  // half of this year's events.
  EXPECT_LT(least, all.event_count() / 2);
  // After a question read in part, the others still see every event.
  auto ws = project_workspace(dir);
  ws.report(query("2026-01", "2027-02-01T00:00:00Z"));
  vow::Query now = query("2026-12", "2027-01-01T00:00:00Z");
  EXPECT_EQ(vow::to_json(ws.status(now)), vow::to_json(all.status(now)));
  EXPECT_EQ(ws.events_in_memory(), all.event_count());
}

// Without a snapshot there is no cheap first pass: every event is read.
TEST(EventWindow, WithoutASnapshotEveryEventIsRead) {
  auto dir = project("window-small", kRules);
  std::string year = a_year();
  auto ws = project_workspace(dir);
  ASSERT_TRUE(ws.ingest("year.ndjson", year, {}).stored);
  ws.report(query("2026-01", "2027-02-01T00:00:00Z"));
  EXPECT_FALSE(fs::exists(dir / "vow.db.snapshot"));
  vow::Engine all;
  all.add_events_ndjson(year, "year.ndjson");
  EXPECT_EQ(ws.events_in_memory(), all.event_count());
}

// What looks at the whole ledger counts the tickets left out too: the
// ledger's first event (a trend's months before it held no data) and the
// last ticket heard of (a quiet ticket source says since when).
TEST(EventWindow, FiguresOverTheWholeLedgerCountTheTicketsLeftOut) {
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
  auto dir = project("window-quiet", kRules);
  std::string events;
  for (int n = 0; n < 30; ++n) {
    std::string tk = R"(","ticket":"T-)" + std::to_string(n) + "\"";
    std::string day = "2026-01-" + std::string(n < 9 ? "0" : "") + std::to_string(n + 1);
    events += R"({"id":"o)" + std::to_string(n) + R"(","type":"ticket.opened","at":")" + day + "T09:00:00Z" + tk +
              R"(,"customer":"acme","priority":"P2"})" + "\n";
    events += R"({"id":"s)" + std::to_string(n) + R"(","type":"ticket.status_changed","at":")" + day + "T15:00:00Z" +
              tk + R"(,"status":"solved"})" + "\n";
  }
  events += R"({"id":"u1","type":"outage.started","at":"2026-05-20T10:00:00Z","outage":"o","service":"api"})"
            "\n";
  events += R"({"id":"u2","type":"outage.ended","at":"2026-05-20T11:00:00Z","outage":"o"})"
            "\n";
  {
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("quiet.ndjson", events, {}).stored);
    ws.load_events();
  }
  vow::Engine all;
  all.add_contract_paths({dir / "rules"});
  ASSERT_TRUE(all.finish_contracts().empty());
  ASSERT_TRUE(all.add_events_ndjson(events, "quiet.ndjson").empty());
  for (auto q : {query("2026-06", "2026-07-01T00:00:00Z"), query("2026-12", "2027-01-02T00:00:00Z")}) {
    SCOPED_TRACE(q.period);
    auto ws = project_workspace(dir);
    vow::Report r = ws.report(q);
    EXPECT_EQ(vow::to_json(r), vow::to_json(all.report(q)));
    EXPECT_EQ(ws.events_in_memory(), 2u);  // the outage alone
  }
}

// A long-running program follows the ledger: refresh() adds what was stored
// since, by this Workspace or another, and its figures are then those of a
// Workspace that read everything afresh.
TEST(WorkspaceRefresh, AddsTheEventsStoredSinceAndOnlyThose) {
  auto dir = project("refresh", kRules);
  std::string year = a_year();
  auto cut = year.find('\n', year.size() / 2) + 1;
  auto reader = project_workspace(dir);
  {
    auto writer = project_workspace(dir);
    ASSERT_TRUE(writer.ingest("first.ndjson", year.substr(0, cut), {}).stored);
  }
  vow::Query q = query("2026-12", "2027-01-01T00:00:00Z");
  vow::Report before = reader.report(q);
  std::size_t held = reader.events_in_memory();
  EXPECT_EQ(reader.refresh(), 0u);
  {
    auto writer = project_workspace(dir);
    ASSERT_TRUE(writer.ingest("second.ndjson", year.substr(cut), {}).stored);
  }
  EXPECT_EQ(vow::to_json(reader.report(q)), vow::to_json(before));  // as it was read
  // refresh() reads only the rows after those it read: damage one before.
  damage_event(dir / "vow.db", 2);
  vow::Engine all;
  all.add_events_ndjson(year, "year.ndjson");
  EXPECT_EQ(reader.refresh(), all.event_count() - held);
  EXPECT_EQ(reader.events_in_memory(), all.event_count());
  EXPECT_THROW(project_workspace(dir).report(q), vow::Error);  // a fresh read finds the damage
  vow::Engine fresh;
  fresh.add_contract_paths({dir / "rules"});
  ASSERT_TRUE(fresh.finish_contracts().empty());
  fresh.add_events_ndjson(year, "year.ndjson");
  EXPECT_EQ(vow::to_json(reader.report(q)), vow::to_json(fresh.report(q)));
  EXPECT_NE(vow::to_json(reader.report(q)), vow::to_json(before));
  // Its own ingest too.
  std::string late = R"({"id":"late-1","type":"ticket.opened","at":"2026-12-30T10:00:00Z","ticket":"L-1",)"
                     R"("customer":"acme","priority":"P1"})"
                     "\n";
  ASSERT_TRUE(reader.ingest("late.ndjson", late, {}).stored);
  EXPECT_EQ(reader.refresh(), 1u);
  fresh.add_events_ndjson(late, "late.ndjson");
  EXPECT_EQ(vow::to_json(reader.status(q)), vow::to_json(fresh.status(q)));
}

// After a report that read only its window, refresh() reads every event.
TEST(WorkspaceRefresh, AfterAWindowReadsEverything) {
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
  auto dir = project("refresh-window", kRules);
  std::string year = a_year();
  {
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("year.ndjson", year, {}).stored);
    ws.load_events();
  }
  auto ws = project_workspace(dir);
  ws.report(query("2026-01", "2027-02-01T00:00:00Z"));
  std::size_t held = ws.events_in_memory();
  vow::Engine all;
  all.add_events_ndjson(year, "year.ndjson");
  ASSERT_LT(held, all.event_count());
  EXPECT_EQ(ws.refresh(), all.event_count() - held);
  EXPECT_EQ(ws.events_in_memory(), all.event_count());
}

// A read that fails part way (a damaged row) leaves nothing behind: once
// the ledger is mended, the next read holds each event once.
TEST(WorkspaceRefresh, AReadThatFailedLeavesNothingBehind) {
  auto dir = project("failed-read", kRules);
  std::string year = a_year();
  auto ws = project_workspace(dir);
  ASSERT_TRUE(ws.ingest("year.ndjson", year, {}).stored);
  vow::Engine all;
  all.add_contract_paths({dir / "rules"});
  ASSERT_TRUE(all.finish_contracts().empty());
  all.add_events_ndjson(year, "year.ndjson");
  edit_ledger(dir / "vow.db", "DROP TRIGGER events_no_update; UPDATE events SET at = at + 1000 WHERE seq = 3000");
  vow::Query q = query("2026-12", "2027-01-01T00:00:00Z");
  EXPECT_THROW(ws.report(q), vow::Error);
  edit_ledger(dir / "vow.db", "UPDATE events SET at = at - 1000 WHERE seq = 3000");  // mended
  EXPECT_EQ(vow::to_json(ws.report(q)), vow::to_json(all.report(q)));
  EXPECT_EQ(ws.events_in_memory(), all.event_count());
}
