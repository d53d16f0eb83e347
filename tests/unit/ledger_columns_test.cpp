// The typed columns of the ledger (schema 3): each row's checksum covers
// every column, and flags survive the round trip.
#include <gtest/gtest.h>

#include "ledger/columns.hpp"

using namespace vow;

namespace {

EventRow ended() {
  EventRow r;
  r.seq = 858;
  r.id = "e428";
  r.type = EventType::OutageEnded;
  r.at = 1791578820000;
  r.subject = 428;
  r.line_crc = 561916089;
  return r;  // no detail: outage.ended carries nothing beyond the columns
}

}  // namespace

// The bug: a row without detail ended its checksum with zlib's "initial
// value" request (an empty view's null pointer), so every such row had 0.
TEST(LedgerColumns, ARowWithoutDetailStillHasAChecksumOfItsColumns) {
  EventRow r = ended();
  std::uint32_t base = row_checksum(r);
  EXPECT_NE(base, 0u);
  for (auto change : std::initializer_list<void (*)(EventRow&)>{
           [](EventRow& x) { x.seq++; }, [](EventRow& x) { x.id = "e429"; },
           [](EventRow& x) { x.type = EventType::OutageStarted; }, [](EventRow& x) { x.at++; },
           [](EventRow& x) { x.subject = 338; }, [](EventRow& x) { x.customer = 1; },
           [](EventRow& x) { x.priority = 1; }, [](EventRow& x) { x.flags = 1; }, [](EventRow& x) { x.line_crc++; },
           [](EventRow& x) { x.detail = "{}"; }}) {
    EventRow changed = ended();
    change(changed);
    EXPECT_NE(row_checksum(changed), base);
  }
}

TEST(LedgerColumns, FlagsKeepStatusAuthorAndVisibility) {
  for (auto status :
       {TicketStatus::Open, TicketStatus::Pending, TicketStatus::OnHold, TicketStatus::Solved, TicketStatus::Closed})
    for (bool agent : {false, true})
      for (bool pub : {false, true}) {
        Event e, back;
        e.status = status;
        e.by_agent = agent;
        e.is_public = pub;
        unpack_flags(pack_flags(e), back);
        EXPECT_EQ(back.status, status);
        EXPECT_EQ(back.by_agent, agent);
        EXPECT_EQ(back.is_public, pub);
      }
}

TEST(LedgerColumns, NamesAndLinesHaveChecksumsOfTheirOwn) {
  EXPECT_NE(name_checksum(1, "t1"), name_checksum(2, "t1"));
  EXPECT_NE(name_checksum(1, "t1"), name_checksum(1, "t2"));
  EXPECT_NE(line_checksum(""), line_checksum("{}"));
}
