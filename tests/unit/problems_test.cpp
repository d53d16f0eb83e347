// The events the arithmetic leaves out come back as figures (EventProblem);
// output/ writes the sentence every output prints.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>

#include "compliance/facts.hpp"
#include "vow/render.hpp"

using namespace vow;

namespace {

struct Feed {
  std::deque<Event> store;
  std::unique_ptr<EventStore> events;
  EventIndex index;

  Event& add(EventType type, const char* when, const char* ref) {
    Event& e = store.emplace_back();
    e.type = type;
    e.at = *parse_instant(when);
    e.seq = static_cast<std::int64_t>(store.size());
    e.ref = ref;
    e.id = "e" + std::to_string(store.size());
    return e;
  }
  std::vector<std::string> sentences(Instant as_of) {
    events = std::make_unique<EventStore>();
    for (const auto& e : store) events->add(Event(e));
    index = build_index(*events);
    Facts f = gather_facts(index, as_of, [](std::string_view) { return nullptr; });
    std::vector<std::string> out;
    for (const auto& p : f.problems) out.push_back(p.event + ": " + problem_text(p.reason));
    return out;
  }
};

}  // namespace

TEST(Problems, EachIsAFigureTheOutputsWriteAsASentence) {
  Feed f;
  f.add(EventType::OutageStarted, "2026-10-02T10:00:00Z", "dup").service = "api";
  f.add(EventType::OutageStarted, "2026-10-02T10:05:00Z", "dup").service = "api";
  f.add(EventType::OutageEnded, "2026-10-03T11:00:00Z", "ghost");
  f.add(EventType::TicketReplied, "2026-10-04T10:00:00Z", "NOPE");
  Event& t = f.add(EventType::TicketOpened, "2026-10-05T10:00:00Z", "T2");
  t.customer = "nobody";
  t.priority = "P1";
  f.add(EventType::InvoiceIssued, "2026-10-01T12:00:00Z", "i1").customer = "nobody";
  EXPECT_EQ(
      f.sentences(*parse_instant("2026-11-01T00:00:00Z")),
      (std::vector<std::string>{
          "e2: second start of outage dup (the earliest, e1, counts)", "e3: end of outage ghost, which never started",
          "e4: ticket.replied for unknown ticket NOPE", "e5: ticket T2 is for customer nobody, who has no contract",
          "e6: invoice for customer nobody, who has no contract"}));
}
