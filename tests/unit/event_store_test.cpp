// The engine's event store: names a loader hands over are kept id for id,
// and interning after that finds them rather than adding them again.
#include "compliance/event_store.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "compliance/event_index.hpp"
#include "compliance/facts.hpp"

using namespace vow;

TEST(EventStore, AdoptedNamesKeepTheirIdsAndAreFoundByIntern) {
  EventStore s;
  s.adopt_names({"", "T-1", "acme", "P1"});
  EXPECT_EQ(s.name_count(), 4u);
  EXPECT_EQ(s.name(2), "acme");
  EXPECT_EQ(s.intern("acme"), 2u);
  EXPECT_EQ(s.intern("T-1"), 1u);
  EXPECT_EQ(s.intern("T-2"), 4u);
  EXPECT_EQ(s.intern("T-2"), 4u);
  EXPECT_EQ(s.intern(""), 0u);
  EXPECT_THROW(s.adopt_names({"", "again"}), std::logic_error);
}

TEST(EventStore, IdsStayWhereTheyWereAsEventsAreAdded) {
  EventStore s;
  PackedTicketEvent p;
  std::string_view first;
  for (int i = 0; i < 300000; ++i) {
    s.add_packed(p, "event-" + std::to_string(i));
    if (i == 0) first = s.id_of(0);
  }
  EXPECT_EQ(first, "event-0");  // a view handed out before a million bytes more came
  EXPECT_EQ(s.id_of(299999), "event-299999");
}

namespace {

Event window(std::string id, Instant at, std::optional<std::vector<std::string>> customers = std::nullopt) {
  Event e;
  e.type = EventType::SliCounted;
  e.id = std::move(id);
  e.at = at;
  e.seq = at;  // ingest order as time order, unless a test says otherwise
  e.ref = "api";
  e.start = at - 60'000;
  e.end = at;
  e.good = 9;
  e.total = 10;
  e.customers = std::move(customers);
  return e;
}

std::vector<std::string_view> ids(const EventIndex& x) {
  std::vector<std::string_view> out;
  for (const WindowScope& scope : x.windows.scopes)
    for (const SliWindow* w : scope.windows) out.push_back(w->id);
  return out;
}

}  // namespace

// sli.counted events are packed as windows, apart from the whole events,
// with their fields and scope as they came; customer lists are kept once.
TEST(EventStore, WindowsArePackedWithTheirScope) {
  EventStore s;
  s.add(window("w1", 120'000));
  s.add(window("w2", 180'000, std::vector<std::string>{"a", "b"}));
  s.add(window("w3", 240'000, std::vector<std::string>{}));
  s.add(window("w4", 300'000, std::vector<std::string>{"a", "b"}));
  s.add(window("w5", 360'000, std::vector<std::string>{"ab"}));
  EXPECT_TRUE(s.whole().empty());
  ASSERT_EQ(s.windows().size(), 5u);
  EXPECT_EQ(s.size(), 5u);
  const SliWindow& w1 = s.windows()[0];
  EXPECT_EQ(w1.id, "w1");
  EXPECT_EQ(w1.ref, "api");
  EXPECT_EQ(w1.start, 60'000);
  EXPECT_EQ(w1.end, 120'000);
  EXPECT_EQ(w1.good, 9);
  EXPECT_EQ(w1.total, 10);
  EXPECT_EQ(w1.customers, nullptr);
  EXPECT_TRUE(w1.covers("anyone"));
  EXPECT_TRUE(s.windows()[1].covers("b"));
  EXPECT_FALSE(s.windows()[1].covers("ab"));
  EXPECT_FALSE(s.windows()[2].covers("a"));  // an empty list names nobody
  ASSERT_NE(s.windows()[2].customers, nullptr);
  EXPECT_EQ(s.windows()[1].customers, s.windows()[3].customers);  // one list, kept once
  EXPECT_NE(s.windows()[1].customers, s.windows()[4].customers);  // {"a","b"} is not {"ab"}
  EXPECT_TRUE(s.windows()[4].covers("ab"));
}

// The index lists a scope's windows in (at, ingest) order, also when one comes
// earlier than those before it, at a build and at an update.
TEST(EventIndex, WindowsInTimeOrderWhateverOrderTheyCameIn) {
  EventStore s;
  s.add(window("late", 300'000));
  s.add(window("early", 120'000));
  Event tie = window("tie", 300'000);
  tie.seq = 1;  // the same instant as "late", ingested before it
  s.add(std::move(tie));
  EventIndex x = build_index(s);
  EXPECT_EQ(ids(x), (std::vector<std::string_view>{"early", "tie", "late"}));
  s.add(window("next", 360'000));
  ASSERT_TRUE(update_index(x));
  EXPECT_EQ(ids(x), (std::vector<std::string_view>{"early", "tie", "late", "next"}));
  s.add(window("between", 200'000));
  ASSERT_TRUE(update_index(x));
  EXPECT_EQ(ids(x), (std::vector<std::string_view>{"early", "between", "tie", "late", "next"}));
  // Five runs in order each, interleaved in time as several indicators' are.
  EventStore many;
  std::vector<std::string> expected;
  for (int run = 0; run < 5; ++run)
    for (int i = 0; i < 4; ++i) {
      Event w = window("w" + std::to_string(i) + "-" + std::to_string(run), 60'000 * (i + 1));
      w.seq = run * 4 + i;
      many.add(std::move(w));
    }
  for (int i = 0; i < 4; ++i)
    for (int run = 0; run < 5; ++run) expected.push_back("w" + std::to_string(i) + "-" + std::to_string(run));
  EventIndex y = build_index(many);
  EXPECT_EQ(ids(y), std::vector<std::string_view>(expected.begin(), expected.end()));
  EXPECT_EQ(y.windows.instants, (std::vector<Instant>{60'000, 120'000, 180'000, 240'000}));
}

// Each indicator and customer list is a scope of its own; the instants
// windows were counted at are kept sorted and each once, across scopes and
// updates.
TEST(EventIndex, WindowsByScopeWithTheirInstants) {
  EventStore s;
  s.add(window("a1", 120'000));
  s.add(window("a2", 240'000));
  Event other = window("b1", 180'000);
  other.ref = "jobs";
  s.add(std::move(other));
  s.add(window("c1", 240'000, std::vector<std::string>{"x"}));
  EventIndex x = build_index(s);
  ASSERT_EQ(x.windows.scopes.size(), 3u);
  EXPECT_EQ(x.windows.scopes[0].ref, "api");
  EXPECT_EQ(x.windows.scopes[0].customers, nullptr);
  EXPECT_EQ(x.windows.scopes[0].windows.size(), 2u);
  EXPECT_EQ(x.windows.scopes[1].ref, "jobs");
  ASSERT_NE(x.windows.scopes[2].customers, nullptr);
  EXPECT_EQ(*x.windows.scopes[2].customers, std::vector<std::string>{"x"});
  EXPECT_EQ(x.windows.instants, (std::vector<Instant>{120'000, 180'000, 240'000}));
  s.add(window("a0", 60'000));  // earlier than the rest, at an update
  s.add(window("c2", 300'000, std::vector<std::string>{"x"}));
  ASSERT_TRUE(update_index(x));
  EXPECT_EQ(ids(x), (std::vector<std::string_view>{"a0", "a1", "a2", "b1", "c1", "c2"}));
  EXPECT_EQ(x.windows.instants, (std::vector<Instant>{60'000, 120'000, 180'000, 240'000, 300'000}));
  // A scope first seen at an update, with an instant between two known ones.
  s.add(window("d1", 150'000, std::vector<std::string>{"y"}));
  s.add(window("d2", 300'000, std::vector<std::string>{"y"}));
  ASSERT_TRUE(update_index(x));
  ASSERT_EQ(x.windows.scopes.size(), 4u);
  EXPECT_EQ(*x.windows.scopes[3].customers, std::vector<std::string>{"y"});
  EXPECT_EQ(ids(x), (std::vector<std::string_view>{"a0", "a1", "a2", "b1", "c1", "c2", "d1", "d2"}));
  EXPECT_EQ(x.windows.instants, (std::vector<Instant>{60'000, 120'000, 150'000, 180'000, 240'000, 300'000}));
}

// A customer named by two lists reads both scopes' windows in (at, ingest)
// order: of two windows with the same figures, the earlier one is counted,
// whichever list came first.
TEST(EventIndex, ACustomerInTwoListsReadsTheirWindowsInTimeOrder) {
  EventStore s;
  Event late = window("r-late", 300'000, std::vector<std::string>{"a", "b"});
  late.start = 60'000;
  late.end = 120'000;
  s.add(std::move(late));
  Event early = window("r-early", 200'000, std::vector<std::string>{"a"});
  early.start = 60'000;
  early.end = 120'000;
  s.add(std::move(early));
  EventIndex x = build_index(s);
  Facts f = gather_facts(x, 400'000, [](std::string_view) { return nullptr; });
  ASSERT_EQ(f.sli_of["a"]["api"].size(), 1u);  // a repeat, counted once
  EXPECT_EQ(f.sli_of["a"]["api"].front()->id, "r-early");
  ASSERT_EQ(f.sli_of["b"]["api"].size(), 1u);
  EXPECT_EQ(f.sli_of["b"]["api"].front()->id, "r-late");
  EXPECT_TRUE(f.problems.empty());
}
