#include "workspace/load.hpp"

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_set>

#include "engine_access.hpp"
#include "events/decode.hpp"
#include "ledger/ledger.hpp"
#include "vow/error.hpp"

namespace vow {

// Ticket events go into the engine's store packed, their names translated
// from the ledger's ids to the store's once each: no Event, no string hashed
// per event.
Loaded load_events(Engine& engine, const std::filesystem::path& store, const EventWindow* window) {
  EventStore& events = EngineAccess::events(engine);
  const std::vector<std::string>* names = nullptr;
  constexpr std::uint32_t kUnset = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> ids;
  bool same_ids = false;  // the store took the ledger's names as they are
  auto id_of = [&](std::int64_t ledger_id) {
    if (same_ids) return static_cast<std::uint32_t>(ledger_id);
    std::uint32_t& id = ids[static_cast<std::size_t>(ledger_id)];
    if (id == kUnset) id = events.intern((*names)[static_cast<std::size_t>(ledger_id)]);
    return id;
  };
  std::int64_t last = 0;
  UnreadTickets unread;
  bool partial = false;
  TicketFilter keep;
  if (window)
    keep = [&](const std::vector<std::string>& all, const std::vector<TicketSpan>& spans) {
      auto contract_ids = engine.contract_ids();
      std::unordered_set<std::string_view> contracts(contract_ids.begin(), contract_ids.end());
      std::vector<std::int8_t> has_contract(all.size(), -1);  // by customer name id, once each
      auto contract_for = [&](std::size_t customer) {
        if (customer >= all.size()) return false;
        if (has_contract[customer] < 0) has_contract[customer] = contracts.count(all[customer]) ? 1 : 0;
        return has_contract[customer] == 1;
      };
      std::vector<bool> wanted(spans.size());
      for (std::size_t i = 0; i < spans.size(); ++i) {
        const TicketSpan& s = spans[i];
        auto customer = static_cast<std::size_t>(s.customer);
        wanted[i] = s.last_at == kNever || ticket_needed(s, *window, contract_for(customer));
        if (wanted[i]) continue;
        partial = true;
        // What the figures over the whole ledger need of the tickets left out.
        unread.earliest = std::min(unread.earliest, s.first_opening);
        Instant heard = s.last_at <= window->as_of ? s.last_at : s.first_opening;
        if (heard <= window->as_of) unread.heard = std::max(unread.heard.value_or(heard), heard);
      }
      return wanted;
    };
  Ledger ledger(store.string(), Ledger::Access::Read);
  // Read before the events: a revision made meanwhile is read again later.
  std::int64_t revision = ledger.last_revision();
  ledger.for_each_packed(
      [&](const std::vector<std::string>& all, std::int64_t count) {
        names = &all;
        same_ids = events.name_count() == 1 && !all.empty();
        if (same_ids)
          events.adopt_names(all);
        else
          ids.assign(all.size(), kUnset);
        // Grown one event at a time, the store would peak at twice its size.
        events.reserve(events.tickets().size() + static_cast<std::size_t>(count));
      },
      [&](const TicketRow& r) {
        PackedTicketEvent p;
        p.at = r.at;
        p.seq = r.seq;
        p.ticket = id_of(r.ticket);
        p.customer = id_of(r.customer);
        p.priority = id_of(r.priority);
        p.type = r.type;
        p.status = r.status;
        p.by_agent = r.by_agent;
        p.is_public = r.is_public;
        events.add_packed(p, r.id);
        last = std::max(last, r.seq);
      },
      [&](Event&& e) {
        last = std::max(last, e.seq);
        events.add(std::move(e));
      },
      [&](std::int64_t seq, Instant at, std::string_view id, const WindowRow& r) {
        last = std::max(last, seq);
        SliWindow w{.at = at,
                    .start = r.start,
                    .end = r.end,
                    .seq = seq,
                    .good = r.good,
                    .total = r.total,
                    .id = id,
                    .ref = r.sli};
        events.add_window(w, r.scoped ? &r.customers : nullptr);
      },
      keep);
  EngineAccess::loaded(engine, last, unread);
  return {last, partial, revision};
}

std::optional<std::int64_t> load_events_after(Engine& engine, Ledger& ledger, std::int64_t after,
                                              std::int64_t revision) {
  EventDecoder decoder(false);  // checked for duplicate keys when they came in
  std::string reason;
  std::int64_t last = after;
  if (ledger.last_revision() != revision) return std::nullopt;
  ledger.lines_since(after + 1, [&](std::string_view line, std::int64_t seq) {
    Event e;
    if (!decoder.decode(line, e, reason))
      throw Error(Exit::BadConfig, ledger.path() + ": the ledger is damaged: event #" + std::to_string(seq) +
                                       " no longer decodes: " + reason +
                                       "; restore it from a backup (vow check lists every problem)");
    e.seq = seq;
    engine.add_event(std::move(e));
    last = seq;
  });
  return last;
}

}  // namespace vow
