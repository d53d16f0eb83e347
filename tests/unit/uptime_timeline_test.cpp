// What an uptime timeline knew at each stretch, made for a range alone
// (UptimeTimeline::stretch_within, what burn-rate walks and figures at one
// instant use so that thousands of bad slices are not copied for each
// stretch): the same within the range as the whole stretch, on outages
// (partial, open, under min_outage), maintenance announced and cancelled,
// and bad slices that late windows turn good again and bad again.
#include "compliance/uptime_timeline.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <memory>

#include "compliance/event_index.hpp"
#include "compliance/facts.hpp"

using namespace vow;

namespace {

constexpr Millis kMinute = 60'000;

struct Random {
  std::uint64_t seed = 4242;
  std::uint64_t operator()(std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  }
};

struct Feed {
  std::deque<Event> store;
  std::int64_t seq = 0;
  Event& add(EventType type, Instant when, std::string ref) {
    Event& e = store.emplace_back();
    e.type = type;
    e.at = when;
    e.seq = ++seq;
    e.ref = std::move(ref);
    e.id = "e" + std::to_string(seq);
    return e;
  }
  // Half a minute of requests, `late` ms after its end.
  void window(Instant start, std::int64_t good, Millis late = 0) {
    Event& w = add(EventType::SliCounted, start + kMinute / 2 + late, "req");
    w.start = start;
    w.end = start + kMinute / 2;
    w.good = good;
    w.total = 100;
  }
};

UptimeTerm term() {
  UptimeTerm u;
  u.target = 99.9;
  u.services = {"api"};
  u.partial_weight = 0.5;
  u.min_outage = 2 * kMinute;
  u.maintenance_notice = 0;
  u.zone = &Zone::utc();
  u.measure = SliMeasure{"req", SliMethod::Timeslices, kMinute, 5, 5, 1, 1};  // a minute is bad above 5% failed
  return u;
}

}  // namespace

TEST(UptimeTimeline, AStretchMadeForARangeKnowsWhatTheWholeStretchKnowsThere) {
  Random next;
  Feed f;
  const Instant nov = *parse_instant("2026-11-01T00:00:00Z");
  const Instant as_of = nov + 3 * 86'400'000;
  // Three days of minutes, each of two windows, one minute in nine bad.
  // In one in twelve the second window comes hours late: a minute bad by
  // its first half alone (6% failed) turns good again (3%), and one good
  // by its first half turns bad (10%).
  std::size_t turned = 0;
  for (Instant m = nov; m < as_of - kMinute; m += kMinute) {
    bool bad = next(9) == 0;
    if (next(12) == 0) {
      Millis late = static_cast<Millis>(next(6 * 60) + 1) * kMinute;
      bool good_again = next(2) == 0;
      f.window(m, good_again ? 94 : 100);
      f.window(m + kMinute / 2, good_again ? 100 : 80, late);
      ++turned;
      continue;
    }
    f.window(m, bad ? 80 : 100);
    f.window(m + kMinute / 2, bad ? 80 : 100);
  }
  ASSERT_GT(turned, 200u);
  for (int k = 0; k < 12; ++k) {
    Instant from = nov + static_cast<Instant>(next(3 * 86'400'000 - 3'600'000));
    std::string id = "o" + std::to_string(k);
    Event& s = f.add(EventType::OutageStarted, from, id);
    s.service = "api";
    s.partial = next(3) == 0;
    if (k != 11) f.add(EventType::OutageEnded, from + static_cast<Instant>(next(40 * kMinute)) + 1, id);
  }
  Event& m = f.add(EventType::MaintenanceScheduled, nov + 3'600'000, "m1");
  m.service = "api";
  m.start = nov + 10 * 3'600'000;
  m.end = nov + 14 * 3'600'000;
  f.add(EventType::MaintenanceCancelled, nov + 12 * 3'600'000, "m1");
  Event& m2 = f.add(EventType::MaintenanceScheduled, nov + 20 * 3'600'000, "m2");
  m2.service = "api";
  m2.start = nov + 30 * 3'600'000;
  m2.end = nov + 31 * 3'600'000;

  EventStore events;
  for (const Event& e : f.store) events.add(Event(e));
  EventIndex index = build_index(events);
  Facts facts = gather_facts(index, as_of, [](std::string_view) { return nullptr; });
  UptimeTerm u = term();
  UptimeTimeline tl(u, "acme", facts, as_of, {});
  ASSERT_GT(tl.changes().size(), 400u);
  std::size_t compared = 0;
  for (std::size_t i = 0; i < tl.changes().size(); i += 1 + next(4)) {
    Instant a = nov + static_cast<Instant>(next(3 * 86'400'000));
    Interval range{a, a + static_cast<Millis>(next(5 * 3'600'000)) + 1};
    Known near = tl.stretch_within(i, range);
    const Known& whole = tl.stretch(i);
    // The range, its first and last minutes or so, and windows within it.
    std::vector<Interval> windows{range,
                                  {range.a, std::min(range.b, range.a + 3 * kMinute)},
                                  {std::max(range.a, range.b - 3 * kMinute), range.b}};
    for (int w = 0; w < 4; ++w) {
      Instant x = range.a + static_cast<Instant>(next(static_cast<std::uint64_t>(range.length())));
      windows.push_back({x, x + static_cast<Millis>(next(static_cast<std::uint64_t>(range.b - x))) + 1});
    }
    for (const Interval& window : windows) {
      Downtime got = near.within(window), want = whole.within(window);
      EXPECT_EQ(got.major, want.major) << i << " " << format_instant(window.a);
      EXPECT_EQ(got.partial, want.partial) << i << " " << format_instant(window.a);
      compared += want.major + want.partial > 0;
    }
  }
  EXPECT_GT(compared, 100u);  // not only empty windows

  // Kept stretches dropped past a bound (memory): the same answers, in any order.
  UptimeTimeline bounded(u, "acme", facts, as_of, {});
  bounded.keep_at_most(50);
  for (int k = 0; k < 300; ++k) {
    std::size_t i = next(tl.changes().size());
    Instant a = nov + static_cast<Instant>(next(3 * 86'400'000));
    Interval window{a, a + static_cast<Millis>(next(8 * 3'600'000)) + 1};
    Downtime got = bounded.stretch(i).within(window), want = tl.stretch(i).within(window);
    EXPECT_EQ(got.major, want.major) << i;
    EXPECT_EQ(got.partial, want.partial) << i;
  }
}

// Slices turn good again and bad again in the data above: the test is not
// only of slices that stay as they first were.
TEST(UptimeTimeline, LateWindowsTurnSlicesGoodAgainAndBad) {
  Feed f;
  const Instant nov = *parse_instant("2026-11-01T00:00:00Z");
  f.window(nov, 94);                                  // 6%: bad at 00:01
  f.window(nov + kMinute / 2, 100, 10 * kMinute);     // 3% from 00:11: good again
  f.window(nov + kMinute, 100);                       // good at 00:02
  f.window(nov + 3 * kMinute / 2, 80, 20 * kMinute);  // 10% from 00:22: bad
  EventStore events;
  for (const Event& e : f.store) events.add(Event(e));
  EventIndex index = build_index(events);
  Instant as_of = nov + 3'600'000;
  Facts facts = gather_facts(index, as_of, [](std::string_view) { return nullptr; });
  UptimeTerm u = term();
  UptimeTimeline tl(u, "acme", facts, as_of, {});
  Interval first{nov, nov + 2 * kMinute};
  EXPECT_EQ(tl.as_of(nov + 5 * kMinute, first).major, kMinute);
  EXPECT_EQ(tl.as_of(nov + 15 * kMinute, first).major, 0);
  EXPECT_EQ(tl.as_of(nov + 25 * kMinute, first).major, kMinute);
}
