// A report or credits read in part (docs/adr/0020) against an engine given
// every event the ledger holds, on inputs built to sit where reading in part
// can go wrong: contracts in the zones furthest from UTC (Kiritimati +14,
// Pago Pago -11) with business hours and holidays, events at period edges in
// each zone and at the window's own edges, several events of a ticket at one
// instant in either ingest order, priority changes with and without targets
// at a stop's instant, reopenings, pauses, closed without solved, tickets of
// no contract, a ticket moving customer, rows stored after the snapshot,
// duplicate lines across files; questions with no trend, a short one and a
// long one, as_of before, at and after the period's edges, and a Workspace
// asked several questions in a row.
#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <random>

#include "helpers.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"

using namespace vowtest;

namespace {

const char* kRules = R"(
calendar "samoa" {
  timezone = "Pacific/Pago_Pago", hours = { weekdays = "09:00-17:00" },
  holidays = { "2026-03-02", "2026-06-01", "2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01" },
}
calendar "line" {
  timezone = "Pacific/Kiritimati", hours = { weekdays = { "08:00-12:00", "13:00-17:00" } },
  holidays = { "2026-04-01", "2026-07-01", "2026-09-30", "2026-10-01" },
}
contract "pago" {
  monthly_fee = 900, timezone = "Pacific/Pago_Pago", calendar = "samoa", pause_on = { "pending" },
  response = { P1 = hours(2), P2 = hours(8) }, resolution = { P1 = hours(16), P2 = hours(40) },
  compliance_target = 0.9,
  credit = function(m)
    local r = m.response.P1
    if r.rate and r.rate < 0.9 then return { percent = 5 + r.breached, note = "P1 response" } end
    return 0
  end,
}
contract "line" {
  monthly_fee = 700, timezone = "Pacific/Kiritimati", calendar = "line", pause_on = { "pending", "on_hold" },
  response = { P1 = hours(1), P3 = { target = hours(4), calendar = "24x7" } }, resolution = { P1 = hours(24) },
  uptime = { target = 99.5, services = { "api" } },
  credit = schedule { { below = 99.5, percent = 10 } },
}
contract "utc" {
  monthly_fee = 100, response = { P2 = hours(4) }, resolution = { P2 = days(2), P3 = days(5) },
}
)";

constexpr long long kMs = 1, kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;

long long month_start(int year, int month) {
  while (month > 12) month -= 12, ++year;
  while (month < 1) month += 12, --year;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01T00:00:00Z", year, month);
  return unix_ms(buf);
}

struct Lines {
  std::string text;
  int id = 0;
  void add(const std::string& type, long long at, const std::string& rest) {
    text += R"({"id":"e)" + std::to_string(++id) + R"(","type":")" + type + R"(","at":")" + vow::format_instant(at) +
            "\"" + rest + "}\n";
  }
};

// Instants where a reading in part could cut wrong: each month's start in
// UTC and in the two far zones, a moment either side, the window's
// two-day margin, and any time at all.
long long an_instant(std::mt19937& rng) {
  int month = static_cast<int>(rng() % 17) - 2;  // 2025-10 .. 2027-02
  long long start = month_start(2026, month + 1);
  const long long edges[] = {0, 11 * kHour, -14 * kHour, -2 * kDay, 2 * kDay, -90 * kDay, 5 * kHour};
  const long long nudges[] = {0, 0, 0, kMs, -kMs, kHour, -kHour};
  if (rng() % 3 == 0) return start + static_cast<long long>(rng() % (30 * 24)) * kHour + rng() % kHour;
  return start + edges[rng() % 7] + nudges[rng() % 7];
}

long long a_duration(std::mt19937& rng) {
  const long long units[] = {0, kMs, kMinute, kHour, kDay, 7 * kDay};
  return units[rng() % 6] * static_cast<long long>(1 + rng() % 9);
}

// Tickets of every shape the window decides about; `lines` gets them in
// ingest order (which is not always time order).
void tickets(std::mt19937& rng, Lines& lines, int from, int to) {
  const char* customers[] = {"pago", "line", "utc"};
  const char* priorities[] = {"P1", "P2", "P3", "P9"};  // P9 has no target anywhere
  for (int n = from; n < to; ++n) {
    long long t = an_instant(rng), a = a_duration(rng), b = a + a_duration(rng), c = a_duration(rng);
    std::string tk = R"(,"ticket":"T-)" + std::to_string(n) + "\"";
    std::string customer = customers[rng() % 3];
    auto open = [&](long long at, const std::string& who) {
      lines.add("ticket.opened", at,
                tk + R"(,"customer":")" + who + R"(","priority":")" + priorities[rng() % 4] + "\"");
    };
    auto status = [&](long long at, const char* s) {
      lines.add("ticket.status_changed", at, tk + R"(,"status":")" + s + "\"");
    };
    auto reply = [&](long long at) { lines.add("ticket.replied", at, tk + R"(,"author":"agent")"); };
    auto priority = [&](long long at) {
      lines.add("ticket.priority_changed", at, tk + R"(,"priority":")" + priorities[rng() % 4] + "\"");
    };
    switch (rng() % 18) {
      case 0:  // the usual
        open(t, customer), reply(t + a), status(t + b, "solved");
        break;
      case 1:  // solved at its opening's instant, ingested after it
        open(t, customer), status(t, "solved");
        break;
      case 2:  // solved at its opening's instant, ingested before it: its last event is the opening
        status(t, "solved"), open(t, customer);
        break;
      case 3:  // a priority without a target for a while
        open(t, customer), priority(t + a), status(t + b, "solved");
        break;
      case 4:  // a priority change at the stop's instant, ingested first: it applies
        open(t, customer), priority(t + b), status(t + b, "solved");
        break;
      case 5:  // the same, ingested after the stop: it does not, and it is the last event
        open(t, customer), status(t + b, "solved"), priority(t + b);
        break;
      case 6:  // reopened days later, across an edge, then closed
        open(t, customer), status(t + a, "solved"), status(t + a + 20 * kDay + c, "open");
        status(t + a + 20 * kDay + c + b, "closed");
        break;
      case 7:  // paused, then solved
        open(t, customer), status(t + a, "pending"), status(t + b, "open"), status(t + b + c, "solved");
        break;
      case 8:  // closed without being solved, at one instant with a reply
        open(t, customer), status(t + b, "closed"), reply(t + b);
        break;
      case 9:  // never closed
        open(t, customer), reply(t + a);
        break;
      case 10:  // a reply after it was solved
        open(t, customer), status(t + a, "solved"), reply(t + b + kMs);
        break;
      case 11:  // no contract
        open(t, "ghost"), status(t + a, "solved");
        break;
      case 12:  // opened again, for another customer
        open(t, customer), open(t + a, customers[rng() % 3]), status(t + b, "solved");
        break;
      case 13:  // an event before the opening
        status(t - kHour, "pending"), open(t, customer), status(t + a, "solved");
        break;
      case 14:  // open for months, across the window's edges
        open(t, customer), reply(t + a), status(t + 60 * kDay + b, "solved");
        break;
      case 15:  // on hold when solved: a pause running into the stop
        open(t, customer), status(t + a, "on_hold"), status(t + b + kHour, "solved");
        break;
      case 16:  // reopened at the instant it was solved, ingested after: its last event is no stop
        open(t, customer), status(t + b, "solved"), status(t + b, "open");
        break;
      default:  // solved, then closed at the same instant
        open(t, customer), status(t + b, "solved"), status(t + b, "closed");
        break;
    }
  }
}

// Tickets whose last event is just before a window's edge while their
// clocks run on into it: replied to (a response clock stopped) or not, never
// solved, or paused, for every customer and priority, at each month's start.
void left_running(Lines& lines) {
  int n = 0;
  for (int month = -2; month <= 14; ++month)
    for (const char* customer : {"pago", "line", "utc"})
      for (const char* priority : {"P1", "P2", "P3", "P9"})
        for (int shape = 0; shape < 3; ++shape) {
          long long t = month_start(2026, month + 1) - 2 * kDay - kHour;
          std::string tk = R"(,"ticket":"R-)" + std::to_string(++n) + "\"";
          lines.add("ticket.opened", t, tk + R"(,"customer":")" + customer + R"(","priority":")" + priority + "\"");
          if (shape == 1) lines.add("ticket.replied", t + kMs, tk + R"(,"author":"agent")");
          if (shape == 2) lines.add("ticket.status_changed", t + kMs, tk + R"(,"status":"pending")");
        }
}

void outages(std::mt19937& rng, Lines& lines, int count) {
  for (int n = 0; n < count; ++n) {
    long long t = an_instant(rng);
    std::string o = R"(,"outage":"o-)" + std::to_string(n) + "\"";
    lines.add("outage.started", t, o + R"(,"service":"api")");
    lines.add("outage.ended", t + static_cast<long long>(1 + rng() % 6) * kHour / 3, o);
  }
}

// The first difference, with a little of what surrounds it: the whole of
// two reports would drown the output.
::testing::AssertionResult same(const std::string& got, const std::string& expected) {
  if (got == expected) return ::testing::AssertionSuccess();
  auto mismatch = std::mismatch(got.begin(), got.end(), expected.begin(), expected.end());
  auto at = static_cast<std::size_t>(mismatch.first - got.begin());
  std::size_t from = at > 300 ? at - 300 : 0;
  return ::testing::AssertionFailure() << "differs at byte " << at << "\n  read in part: ..." << got.substr(from, 500)
                                       << "\n  every event:  ..." << expected.substr(from, 500);
}

// An engine given every event the ledger holds, as stored.
void every_stored_event(const fs::path& dir, vow::Engine& all) {
  auto ws = project_workspace(dir);
  std::string stored;
  ws.export_events(1, [&](std::string_view line) { (stored += line) += '\n'; });
  all.add_contract_paths({dir / "rules"});
  ASSERT_TRUE(all.finish_contracts().empty());
  ASSERT_TRUE(all.add_events_ndjson(stored, "stored.ndjson").empty());
}

vow::Query question(const std::string& period, long long as_of, int history) {
  vow::Query q;
  q.period = period;
  q.as_of = as_of;
  q.history = history;
  return q;
}

std::string label(const vow::Query& q) {
  return q.period + " as of " + vow::format_instant(q.as_of) + ", history " + std::to_string(q.history);
}

}  // namespace

// Pago Pago is eleven hours behind UTC: at 05:00 UTC on 1 February it is
// still January there, and the forecast of its January reads its own
// October, November and December. A window that takes the three months
// before the UTC month (November to January) misses its October.
TEST(WindowAdversary, TheForecastOfAContractBehindUtcReadsItsOwnEarlierMonths) {
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
  auto dir = project("window-west", kRules);
  Lines lines;
  auto ticket = [&](const std::string& id, const std::string& opened, long long reply_after) {
    long long t = unix_ms(opened);
    std::string tk = R"(,"ticket":")" + id + "\"";
    lines.add("ticket.opened", t, tk + R"(,"customer":"pago","priority":"P1")");
    lines.add("ticket.replied", t + reply_after, tk + R"(,"author":"agent")");
    lines.add("ticket.status_changed", t + reply_after + kHour, tk + R"(,"status":"solved")");
  };
  ticket("early", "2026-09-08T20:00:00Z", 10 * kMinute);  // the ledger begins before October
  for (int d = 0; d < 4; ++d)                             // October in Samoa: late every time
    ticket("oct-" + std::to_string(d), "2026-10-0" + std::to_string(5 + d) + "T20:00:00Z", 2 * kDay);
  ticket("jan", "2027-01-19T20:00:00Z", 2 * kDay);  // January late too: at risk
  {
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("west.ndjson", lines.text, {}).stored);
    ws.load_events();
  }
  vow::Engine all;
  every_stored_event(dir, all);
  for (int history : {0, 1, 2})
    for (const char* period : {"2027-01", "2026-12"}) {
      vow::Query q = question(period, unix_ms("2027-02-01T05:00:00Z"), history);
      SCOPED_TRACE(label(q));
      vow::Report expected = all.report(q);
      ASSERT_FALSE(expected.risks.empty());
      EXPECT_TRUE(same(vow::to_json(project_workspace(dir).report(q)), vow::to_json(expected)));
    }
}

TEST(WindowAdversary, EdgesZonesAndShapesReadInPartAreTheReportOfEveryEvent) {
  auto dir = project("window-adversary", kRules);
  std::mt19937 rng(9);
  Lines first, second;
  tickets(rng, first, 0, 1500);
  left_running(first);
  outages(rng, first, 30);
  {
    ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("first.ndjson", first.text, {}).stored);
    ws.load_events();  // writes the snapshot
  }
  ASSERT_TRUE(fs::exists(dir / "vow.db.snapshot"));
  // Stored after the snapshot, which is not written again (a ledger this
  // small never gets one by itself): more tickets, later events of tickets
  // the snapshot holds (a reopening weeks after they were solved), and
  // lines the first file had.
  second.id = first.id;
  tickets(rng, second, 1500, 1700);
  for (int n = 0; n < 1500; n += 37) {
    std::string tk = R"(,"ticket":"T-)" + std::to_string(n) + "\"";
    second.add("ticket.status_changed", month_start(2026, 3 + n % 10), tk + R"(,"status":"open")");
  }
  outages(rng, second, 5);
  std::size_t cut = 0;
  for (int k = 0; k < 40; ++k) cut = first.text.find('\n', cut) + 1;
  second.text += first.text.substr(0, cut);  // duplicates, ignored when stored
  auto snapshot_written = fs::last_write_time(dir / "vow.db.snapshot");
  {
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("second.ndjson", second.text, {}).stored);
  }
  vow::Engine all;
  every_stored_event(dir, all);

  std::vector<std::string> periods = {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"};
  for (int m = 0; m <= 14; ++m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", m < 12 ? 2026 : 2027, m % 12 + 1);
    periods.push_back(buf);
  }
  std::map<std::string, std::string> answers;  // several Workspaces ask the same question
  auto truth = [&](const vow::Query& q, bool credits) -> const std::string& {
    std::string& a = answers[label(q) + (credits ? " credits" : "")];
    if (a.empty()) a = credits ? vow::to_json(all.credits(q)) : vow::to_json(all.report(q));
    return a;
  };
  std::size_t least = all.event_count();
  int failures = 0;
  for (const auto& period : periods) {
    int year = std::stoi(period.substr(0, 4));
    bool quarter = period[5] == 'Q';
    int month = quarter ? 3 * (period[6] - '1') + 1 : std::stoi(period.substr(5));
    long long start = month_start(year, month), end = month_start(year, month + (quarter ? 3 : 1));
    // Before it, at its start and end in each zone, inside, in the first
    // hours of the next month (still the period in Pago Pago) and later.
    for (long long as_of : {start - 20 * kDay, start - 14 * kHour, start + 11 * kHour, start + 15 * kDay, end,
                            end + 5 * kHour, end + 11 * kHour + kMs, unix_ms("2027-06-01T00:00:00Z")}) {
      // A Workspace asked several questions: windows it covers, then one it
      // does not. Whichever comes first sets what is read.
      using Asked = std::vector<std::pair<int, bool>>;  // history, credits
      for (const Asked& asked : {Asked{{3, false}, {0, false}, {0, true}, {1, false}, {12, false}},
                                 Asked{{0, false}, {0, true}, {2, false}}, Asked{{1, false}, {0, false}}}) {
        auto ws = project_workspace(dir);
        for (auto [history, credits] : asked) {
          vow::Query q = question(period, as_of, history);
          SCOPED_TRACE(label(q) + (credits ? " (credits)" : ""));
          if (credits && quarter) continue;
          std::string got = credits ? vow::to_json(ws.credits(q)) : vow::to_json(ws.report(q));
          std::string expected = truth(q, credits);
          least = std::min(least, ws.events_in_memory());
          auto r = same(got, expected);
          EXPECT_TRUE(r);
          failures += !r;
        }
      }
      // A Workspace whose first question is a month's credits.
      if (!quarter) {
        auto own = project_workspace(dir);
        vow::Query q = question(period, as_of, 0);
        SCOPED_TRACE(label(q) + " (credits first)");
        EXPECT_TRUE(same(vow::to_json(own.credits(q)), truth(q, true)));
        least = std::min(least, own.events_in_memory());
        q.history = 2;
        EXPECT_TRUE(same(vow::to_json(own.report(q)), truth(q, false)));
      }
      ASSERT_LT(failures, 5) << "stopping: more differences than are worth reading";
    }
  }
  EXPECT_LT(least, all.event_count() / 2);                                    // it did read in part
  EXPECT_EQ(fs::last_write_time(dir / "vow.db.snapshot"), snapshot_written);  // rows after it were read as rows
  // A report that reads in part writes the snapshot again, with every event
  // (those it left out too), which the next readers read from.
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
  vow::Query q = question("2026-09", unix_ms("2026-10-01T05:00:00Z"), 1);
  auto ws = project_workspace(dir);
  EXPECT_TRUE(same(vow::to_json(ws.report(q)), truth(q, false)));
  EXPECT_LT(ws.events_in_memory(), all.event_count());
  EXPECT_NE(fs::last_write_time(dir / "vow.db.snapshot"), snapshot_written);
  EXPECT_TRUE(same(vow::to_json(project_workspace(dir).report(q)), truth(q, false)));
  auto whole = project_workspace(dir);
  whole.load_events();
  EXPECT_EQ(whole.events_in_memory(), all.event_count());
}

// A trend as long as an int allows: the engine stops at the ledger's first
// event; the window must neither run back through the ages nor overflow.
TEST(WindowAdversary, AHistoryOfEveryPeriodThereIsReadsEverything) {
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
  auto dir = project("window-history", kRules);
  Lines lines;
  for (int n = 0; n < 6; ++n) {
    std::string tk = R"(,"ticket":"H-)" + std::to_string(n) + "\"";
    long long t = month_start(2026, 1 + 2 * n) + 3 * kDay;
    lines.add("ticket.opened", t, tk + R"(,"customer":"utc","priority":"P2")");
    lines.add("ticket.status_changed", t + (n % 2 ? kHour : 3 * kDay), tk + R"(,"status":"solved")");
  }
  {
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("history.ndjson", lines.text, {}).stored);
    ws.load_events();
  }
  vow::Engine all;
  every_stored_event(dir, all);
  for (const char* period : {"2026-12", "2026-Q4"}) {
    vow::Query q = question(period, unix_ms("2027-03-01T00:00:00Z"), std::numeric_limits<int>::max());
    SCOPED_TRACE(label(q));
    auto ws = project_workspace(dir);
    auto began = std::chrono::steady_clock::now();
    std::string got = vow::to_json(ws.report(q));
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(1));
    EXPECT_TRUE(same(got, vow::to_json(all.report(q))));
  }
}
