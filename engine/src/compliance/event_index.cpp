#include "compliance/event_index.hpp"

#include <algorithm>
#include <unordered_map>

namespace vow {
namespace {

template <typename Group>
Group& group_of(std::unordered_map<std::string_view, size_t>& ids, std::vector<Group>& groups, std::string_view id) {
  auto [it, fresh] = ids.try_emplace(id, groups.size());
  if (fresh) groups.emplace_back();
  return groups[it->second];
}

template <typename E>
bool earlier(const E* a, const E* b) {
  return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

void index_whole(const EventStore& store, EventIndex& x) {
  std::vector<const Event*> sorted;
  sorted.reserve(store.whole().size());
  for (const auto& e : store.whole()) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), earlier<Event>);
  std::unordered_map<std::string_view, size_t> outages, maintenance;
  for (const Event* e : sorted) {
    switch (e->type) {
      case EventType::OutageStarted:
        group_of(outages, x.outages, e->ref).starts.push_back(e);
        break;
      case EventType::OutageEnded:
        group_of(outages, x.outages, e->ref).ends.push_back(e);
        break;
      case EventType::MaintenanceScheduled:
        group_of(maintenance, x.maintenance, e->ref).scheduled.push_back(e);
        break;
      case EventType::MaintenanceCancelled:
        group_of(maintenance, x.maintenance, e->ref).cancelled.push_back(e);
        break;
      case EventType::InvoiceIssued:
        x.invoices.push_back(e);
        break;
      case EventType::IncidentNotified:
        x.notices.push_back(e);
        break;
      default:  // credits are not computed on; ticket events are packed
        break;
    }
  }
}

// One ticket's events: a range of the events grouped by ticket.
struct Run {
  size_t begin, end;
  const PackedTicketEvent* head;  // its earliest event
};

}  // namespace

EventIndex build_index(const EventStore& store) {
  EventIndex x;
  x.store = &store;
  index_whole(store, x);

  // Ticket events grouped by their interned ticket name (a counting sort),
  // then each ticket's few events in (at, ingest) order.
  const auto& all = store.tickets();
  std::vector<size_t> first(store.name_count() + 1, 0);
  for (const auto& e : all) ++first[e.ticket + 1];
  for (size_t i = 1; i < first.size(); ++i) first[i] += first[i - 1];
  std::vector<const PackedTicketEvent*> by_ticket(all.size());
  {
    std::vector<size_t> next(first.begin(), first.end() - 1);
    for (const auto& e : all) by_ticket[next[e.ticket]++] = &e;
  }
  std::vector<Run> runs;
  for (size_t t = 0; t + 1 < first.size(); ++t) {
    if (first[t] == first[t + 1]) continue;
    auto b = by_ticket.begin() + static_cast<std::ptrdiff_t>(first[t]);
    auto e = by_ticket.begin() + static_cast<std::ptrdiff_t>(first[t + 1]);
    // A ticket has a handful of events: an insertion sort, stable and
    // without the buffer std::stable_sort allocates per call.
    for (auto i = b + 1; i < e; ++i)
      for (auto j = i; j > b && earlier(*j, *(j - 1)); --j) std::iter_swap(j, j - 1);
    runs.push_back({first[t], first[t + 1], *b});
  }
  // Tickets in the order a walk through the events in time meets them; ties
  // (one instant and seq, possible only for events added without one) in
  // the order of their names' ids, as the grouping left them.
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
    return earlier(a.head, b.head) || (!earlier(b.head, a.head) && a.begin < b.begin);
  });

  auto opening_of = [&](const Run& r) -> const PackedTicketEvent* {
    for (size_t k = r.begin; k < r.end; ++k)
      if (by_ticket[k]->type == EventType::TicketOpened) return by_ticket[k];
    return nullptr;
  };
  std::vector<std::int64_t> priority_ids(store.name_count(), -1);
  auto priority_id = [&](std::uint32_t name) {
    if (priority_ids[name] < 0) {
      priority_ids[name] = static_cast<std::int64_t>(x.priorities.size());
      x.priorities.emplace_back(store.name(name));
    }
    return static_cast<std::uint32_t>(priority_ids[name]);
  };

  // Lay tickets out customer by customer (then those never opened), and their
  // steps in the same order, so that a report walks memory front to back.
  std::vector<std::int64_t> customer_slot(store.name_count(), -1);
  std::vector<std::vector<const Run*>> members;
  std::vector<const Run*> orphans;
  for (const Run& r : runs) {
    const PackedTicketEvent* open = opening_of(r);
    if (!open) {
      orphans.push_back(&r);
      continue;
    }
    if (customer_slot[open->customer] < 0) {
      customer_slot[open->customer] = static_cast<std::int64_t>(x.customers.size());
      x.customers.push_back({std::string(store.name(open->customer)), 0, 0});
      members.emplace_back();
    }
    members[static_cast<size_t>(customer_slot[open->customer])].push_back(&r);
  }
  x.steps.reserve(all.size() + orphans.size());
  x.step_events.reserve(all.size() + orphans.size());
  x.tickets.reserve(runs.size());
  auto place = [&](const Run& r) {
    TicketGroup g;
    g.openings_begin = x.openings.size();
    for (size_t k = r.begin; k < r.end; ++k)
      if (by_ticket[k]->type == EventType::TicketOpened) x.openings.push_back(by_ticket[k]);
    g.openings_end = x.openings.size();
    TicketStep open;
    const PackedTicketEvent* first_open = g.openings_end > g.openings_begin ? x.openings[g.openings_begin] : nullptr;
    if (first_open) {
      g.first_opening = first_open->at;
      g.opened = {store.id_of(*first_open), store.name(first_open->ticket), store.name(first_open->customer),
                  store.name(first_open->priority), first_open->at};
      open.at = first_open->at;
      open.seq = first_open->seq;
      open.type = EventType::TicketOpened;
      open.priority = priority_id(first_open->priority);
    }
    x.steps.push_back(open);  // slot steps_begin - 1: the first opening
    x.step_events.push_back(first_open);
    g.steps_begin = x.steps.size();
    for (size_t k = r.begin; k < r.end; ++k) {
      const PackedTicketEvent* e = by_ticket[k];
      if (e->type == EventType::TicketOpened) continue;
      TicketStep step;
      step.at = e->at;
      step.seq = e->seq;
      step.type = e->type;
      step.status = e->status;
      step.stops_response = e->type == EventType::TicketReplied && e->by_agent && e->is_public;
      if (e->type == EventType::TicketPriorityChanged) step.priority = priority_id(e->priority);
      x.steps.push_back(step);
      x.step_events.push_back(e);
    }
    g.steps_end = x.steps.size();
    x.tickets.push_back(g);
  };
  // Customer by customer visits the packed events out of their order in
  // memory: fetch a few tickets ahead.
  std::vector<const Run*> order;
  order.reserve(runs.size());
  for (const auto& m : members) order.insert(order.end(), m.begin(), m.end());
  auto prefetch = [&](size_t i) {
    if (i >= order.size()) return;
    for (size_t k = order[i]->begin; k < order[i]->end; ++k) __builtin_prefetch(by_ticket[k]);
  };
  for (size_t i = 0; i < 8; ++i) prefetch(i);
  size_t placed = 0;
  for (size_t c = 0; c < x.customers.size(); ++c) {
    x.customers[c].first = x.tickets.size();
    for (const Run* r : members[c]) {
      prefetch(placed + 8);
      place(*r);
      ++placed;
    }
    x.customers[c].last = x.tickets.size();
  }
  x.orphans_first = x.tickets.size();
  for (const Run* r : orphans) place(*r);
  return x;
}

}  // namespace vow
