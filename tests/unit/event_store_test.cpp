// The engine's event store: names a loader hands over are kept id for id,
// and interning after that finds them rather than adding them again.
#include "compliance/event_store.hpp"

#include <gtest/gtest.h>

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
