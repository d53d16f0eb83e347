// Events added after the index was built (update_index) give the facts a
// rebuilt index gives, ticket by ticket, customer by customer; and the fast
// path is taken when events come in time order for their tickets.
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "compliance/event_index.hpp"
#include "compliance/facts.hpp"
#include "compliance/terms.hpp"

using namespace vow;

namespace {

struct Gen {
  std::mt19937 rng{7};
  std::int64_t seq = 0;
  Instant clock = *parse_instant("2026-10-01T00:00:00Z");

  Event ticket_event(EventType type, int ticket, int customer, Instant at) {
    Event e;
    e.type = type;
    e.at = at;
    e.seq = ++seq;
    e.id = "e" + std::to_string(seq);
    e.ref = "T" + std::to_string(ticket);
    if (type == EventType::TicketOpened) {
      e.customer = "c" + std::to_string(customer);
      e.priority = rng() % 2 ? "P1" : "P2";
    }
    if (type == EventType::TicketPriorityChanged) e.priority = "P3";
    if (type == EventType::TicketStatusChanged) e.status = rng() % 2 ? TicketStatus::Pending : TicketStatus::Solved;
    if (type == EventType::TicketReplied) e.by_agent = rng() % 2;
    return e;
  }

  // A ticket's life, in time order from `from`.
  std::vector<Event> life(int ticket, int customer, Instant from) {
    std::vector<Event> out;
    Instant t = from;
    out.push_back(ticket_event(EventType::TicketOpened, ticket, customer, t));
    for (EventType type :
         {EventType::TicketReplied, EventType::TicketPriorityChanged, EventType::TicketStatusChanged}) {
      t += 60'000 * (1 + static_cast<Instant>(rng() % 600));
      out.push_back(ticket_event(type, ticket, customer, t));
    }
    return out;
  }
};

std::string describe(const EventIndex& x, Instant as_of, int customers) {
  Contract c;
  Facts f = gather_facts(x, as_of, [&](std::string_view id) { return id == "c0" ? nullptr : &c; });
  std::ostringstream out;
  for (int k = 0; k < customers; ++k) {
    out << "c" << k << ":";
    for (const auto& t : f.tickets_for("c" + std::to_string(k))) {
      out << " " << t.opened->ref << "@" << t.opened->at << "[" << t.opened->priority << "]";
      for (const auto& s : t.steps)
        out << " " << s.at << "/" << s.seq << "/" << static_cast<int>(s.type) << "/" << static_cast<int>(s.status)
            << "/" << (*f.priorities)[s.priority] << "/" << s.stops_response;
    }
    out << "\n";
  }
  for (const auto& p : f.problems) out << p.event << " " << static_cast<int>(p.reason.kind) << "\n";
  return out.str();
}

struct Twin {
  EventStore incremental, whole;
  EventIndex index;
  void add(const Event& e) {
    incremental.add(Event(e));
    whole.add(Event(e));
  }
  bool update() { return update_index(index); }
  void check(Instant as_of, int customers) {
    EventIndex rebuilt = build_index(whole);
    EXPECT_EQ(describe(index, as_of, customers), describe(rebuilt, as_of, customers));
  }
};

constexpr Instant kLate = 1900000000000;

}  // namespace

TEST(IncrementalIndex, EventsInTimeOrderAreAddedWithoutARebuild) {
  Gen g;
  Twin w;
  int tickets = 0;
  for (int i = 0; i < 200; ++i)
    for (const auto& e : g.life(tickets++, i % 7, g.clock + i * 3'600'000)) w.add(e);
  w.index = build_index(w.incremental);
  // More tickets and more events of open ones, each after all before it.
  Instant t = g.clock + 300 * 3'600'000;
  for (int round = 0; round < 20; ++round) {
    for (const auto& e : g.life(tickets++, round % 9, t)) w.add(e);  // customers 7 and 8 are new
    w.add(g.ticket_event(EventType::TicketReplied, tickets - 30, 0, t + 5'000'000));
    w.add(g.ticket_event(EventType::TicketStatusChanged, tickets - 30, 0, t + 6'000'000));
    t += 10'000'000;
    ASSERT_TRUE(w.update()) << "round " << round;
    // The two tickets given events, the new one and the old one, for ClockCache.
    ASSERT_EQ(w.index.touched.size(), 2u);
    std::set<std::string_view> touched{w.index.touched[0].ref, w.index.touched[1].ref};
    EXPECT_EQ(touched,
              (std::set<std::string_view>{"T" + std::to_string(tickets - 1), "T" + std::to_string(tickets - 30)}));
    w.check(kLate, 9);
    w.check(t - 5'000'000, 9);  // as of a moment in between
  }
}

TEST(IncrementalIndex, AnythingElseRebuildsAndStillAgrees) {
  Gen g;
  for (int variant = 0; variant < 3; ++variant) {
    Twin w;
    int tickets = 0;
    for (int i = 0; i < 50; ++i)
      for (const auto& e : g.life(tickets++, i % 5, g.clock + i * 3'600'000)) w.add(e);
    w.index = build_index(w.incremental);
    switch (variant) {
      case 0:  // an event earlier than its ticket's first
        w.add(g.ticket_event(EventType::TicketReplied, 12, 0, g.clock));
        break;
      case 1:  // events of a ticket not opened yet, then its opening
        w.add(g.ticket_event(EventType::TicketReplied, 999, 0, kLate - 10));
        break;
      case 2:  // a second opening, earlier than the first
        w.add(g.ticket_event(EventType::TicketOpened, 20, 3, g.clock + 20 * 3'600'000 - 1));
        break;
    }
    if (!w.update()) w.index = build_index(w.incremental);  // what the engine does
    w.check(kLate, 5);
    if (variant == 1) {
      w.add(g.ticket_event(EventType::TicketOpened, 999, 4, kLate - 20));
      if (!w.update()) w.index = build_index(w.incremental);
      w.check(kLate, 5);
    }
  }
}

// `vow serve` takes a ticket opened an hour ago after one opened now (a
// late webhook): the new ticket takes its place among its customer's
// without a rebuild, which would cost the whole index at every such event.
TEST(IncrementalIndex, NewTicketsEarlierThanTheirCustomersLastAreAddedWithoutARebuild) {
  Gen g;
  Twin w;
  int tickets = 0;
  for (int i = 0; i < 60; ++i)
    for (const auto& e : g.life(tickets++, i % 4, g.clock + i * 3'600'000)) w.add(e);
  w.index = build_index(w.incremental);
  for (int round = 0; round < 30; ++round) {
    // Opened anywhere in the history so far, once in time and once not.
    Instant at = g.clock + static_cast<Instant>(g.rng() % (70 * 3'600'000));
    int customer = static_cast<int>(g.rng() % 5);  // customer 4 is new
    for (const auto& e : g.life(tickets++, customer, at)) w.add(e);
    ASSERT_TRUE(w.update()) << "round " << round;
    ASSERT_EQ(w.index.touched.size(), 1u);
    EXPECT_EQ(w.index.touched[0].ref, "T" + std::to_string(tickets - 1));
    w.check(kLate, 5);
    w.check(at + 1, 5);
  }
}
