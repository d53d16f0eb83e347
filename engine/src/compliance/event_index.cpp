#include "compliance/event_index.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "compliance/retraction.hpp"

namespace vow {
namespace {

template <typename Group>
Group& group_of(std::unordered_map<std::string_view, size_t>& ids, std::vector<Group>& groups, std::string_view id) {
  auto [it, fresh] = ids.try_emplace(id, groups.size());
  if (fresh) groups.emplace_back();
  return groups[it->second];
}

bool earlier(const Event* a, const Event* b) {
  return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

void add_delivery(EventIndex& x, const Event* e) {
  x.deliveries.push_back(e);
  for (std::string_view c : alert_customer_candidates(e->ref)) x.deliveries_of[c].push_back(e);
}

// Delivery records added in order after the last (what a live server
// writes, one per alert): appended. False for anything else.
bool append_deliveries(const EventStore& store, EventIndex& x) {
  const auto& whole = store.whole();
  const Event* last = x.deliveries.empty() ? nullptr : x.deliveries.back();
  for (std::size_t i = x.indexed_whole; i < whole.size(); ++i) {
    if (whole[i].type != EventType::AlertDelivered || (last && earlier(&whole[i], last))) return false;
    last = &whole[i];
  }
  for (; x.indexed_whole < whole.size(); ++x.indexed_whole) add_delivery(x, &whole[x.indexed_whole]);
  return true;
}

// Outages, maintenance, invoices and notices: few, so indexed anew.
void index_whole(const EventStore& store, EventIndex& x) {
  x.outages.clear();
  x.maintenance.clear();
  x.exceptions.clear();
  x.ratings.clear();
  x.job_completions.clear();
  x.invoices.clear();
  x.notices.clear();
  x.deliveries.clear();
  x.deliveries_of.clear();
  std::vector<const Event*> sorted;
  sorted.reserve(store.whole().size());
  for (const auto& e : store.whole()) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), earlier);
  std::unordered_map<std::string_view, size_t> outages, maintenance, exceptions;
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
      case EventType::AlertDelivered:
        add_delivery(x, e);
        break;
      case EventType::ExceptionGranted:
        group_of(exceptions, x.exceptions, e->ref).granted.push_back(e);
        break;
      case EventType::ExceptionRevoked:
        group_of(exceptions, x.exceptions, e->ref).revoked.push_back(e);
        break;
      case EventType::TicketRated:
        x.ratings.push_back(e);
        break;
      case EventType::JobCompleted:
        x.job_completions.push_back(e);
        break;
      default:  // credits are not computed on; ticket events are packed
        break;
    }
  }
  x.indexed_whole = store.whole().size();
}

// Ticket events by position in the store's tickets().
struct Packed {
  const std::vector<PackedTicketEvent>& all;
  const PackedTicketEvent& operator[](std::uint32_t i) const { return all[i]; }
  bool earlier(std::uint32_t a, std::uint32_t b) const {
    return all[a].at < all[b].at || (all[a].at == all[b].at && all[a].seq < all[b].seq);
  }
  // A ticket has a handful of events: an insertion sort, stable and
  // without the buffer std::stable_sort allocates per call.
  void sort(std::uint32_t* b, std::uint32_t* e) const {
    for (auto* i = b + 1; i < e; ++i)
      for (auto* j = i; j > b && earlier(*j, *(j - 1)); --j) std::swap(*j, *(j - 1));
  }
};

std::uint32_t first_opening(const Packed& p, const std::uint32_t* b, const std::uint32_t* e) {
  for (; b < e; ++b)
    if (p[*b].type == EventType::TicketOpened) return *b;
  return UINT32_MAX;
}

std::int64_t& slot(std::vector<std::int64_t>& table, std::uint32_t name) {
  if (name >= table.size()) table.resize(name + 1, -1);
  return table[name];
}

std::uint32_t priority_id(EventIndex& x, std::uint32_t name) {
  std::int64_t& id = slot(x.priority_of_name, name);
  if (id < 0) {
    id = static_cast<std::int64_t>(x.priorities.size());
    x.priorities.emplace_back(x.store->name(name));
  }
  return static_cast<std::uint32_t>(id);
}

// One ticket's events, sorted, laid out at the end of the index's arrays.
TicketGroup place(EventIndex& x, const Packed& p, const std::uint32_t* b, const std::uint32_t* e) {
  const EventStore& store = *x.store;
  TicketGroup g;
  g.head_at = p[*b].at;
  g.head_seq = p[*b].seq;
  g.openings_begin = x.openings.size();
  for (const auto* k = b; k < e; ++k)
    if (p[*k].type == EventType::TicketOpened) x.openings.push_back(*k);
  g.openings_end = x.openings.size();
  TicketStep open;
  open.type = EventType::TicketOpened;  // even unopened: it marks where a ticket's steps begin (Facts::next_event)
  std::uint32_t first = g.openings_end > g.openings_begin ? x.openings[g.openings_begin] : UINT32_MAX;
  if (first != UINT32_MAX) {
    const PackedTicketEvent& o = p[first];
    g.first_opening = o.at;
    g.opened = {first, store.name(o.ticket), store.name(o.customer), store.name(o.priority), o.at};
    open.at = o.at;
    open.seq = o.seq;
    open.priority = priority_id(x, o.priority);
  }
  x.steps.push_back(open);  // slot steps_begin - 1: the first opening
  x.step_events.push_back(first == UINT32_MAX ? 0 : first);
  g.steps_begin = x.steps.size();
  for (const auto* k = b; k < e; ++k) {
    const PackedTicketEvent& ev = p[*k];
    if (ev.type == EventType::TicketOpened) continue;
    TicketStep step;
    step.at = ev.at;
    step.seq = ev.seq;
    step.type = ev.type;
    step.status = ev.status;
    step.stops_response = ev.type == EventType::TicketReplied && ev.by_agent && ev.is_public;
    step.customer_reply = ev.type == EventType::TicketReplied && !ev.by_agent && ev.is_public;
    if (ev.type == EventType::TicketPriorityChanged) step.priority = priority_id(x, ev.priority);
    x.steps.push_back(step);
    x.step_events.push_back(*k);
  }
  g.steps_end = x.steps.size();
  return g;
}

bool head_before(const TicketGroup& a, const TicketGroup& b) {
  return a.head_at < b.head_at || (a.head_at == b.head_at && a.head_seq < b.head_seq);
}

}  // namespace

EventIndex build_index(const EventStore& store) {
  EventIndex x;
  x.store = &store;
  index_whole(store, x);
  index_windows(store, x.windows);

  // Ticket events grouped by their interned ticket name (a counting sort),
  // then each ticket's few events in (at, ingest) order.
  const auto& all = store.tickets();
  Packed p{all};
  std::vector<size_t> first(store.name_count() + 1, 0);
  for (const auto& e : all) ++first[e.ticket + 1];
  for (size_t i = 1; i < first.size(); ++i) first[i] += first[i - 1];
  std::vector<std::uint32_t> by_ticket(all.size());
  {
    std::vector<size_t> next(first.begin(), first.end() - 1);
    for (size_t i = 0; i < all.size(); ++i) by_ticket[next[all[i].ticket]++] = static_cast<std::uint32_t>(i);
  }
  // Each ticket's run, with what ordering and grouping need copied in while
  // the runs are visited in the order the events lie in memory: read from
  // the events later, in time or customer order, each was a cache miss.
  struct Run {
    Instant head_at;  // its earliest event
    std::int64_t head_seq;
    size_t begin, end;
    std::uint32_t ticket;
    std::uint32_t customer;  // of its first opening
    bool opened;
  };
  std::vector<Run> runs;
  for (size_t t = 0; t + 1 < first.size(); ++t) {
    if (first[t] == first[t + 1]) continue;
    p.sort(by_ticket.data() + first[t], by_ticket.data() + first[t + 1]);
    const PackedTicketEvent& head = all[by_ticket[first[t]]];
    std::uint32_t open = first_opening(p, by_ticket.data() + first[t], by_ticket.data() + first[t + 1]);
    runs.push_back({head.at, head.seq, first[t], first[t + 1], static_cast<std::uint32_t>(t),
                    open == UINT32_MAX ? 0 : all[open].customer, open != UINT32_MAX});
  }
  // Tickets in the order a walk through the events in time meets them; ties
  // (one instant and seq, possible only for events added without one) in
  // the order of their names' ids, as the grouping left them.
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
    return std::tie(a.head_at, a.head_seq, a.begin) < std::tie(b.head_at, b.head_seq, b.begin);
  });

  // Lay tickets out customer by customer (then those never opened), and their
  // steps in the same order, so that a report walks memory front to back.
  std::vector<std::vector<const Run*>> members;
  std::vector<const Run*> orphans;
  for (const Run& r : runs) {
    if (!r.opened) {
      orphans.push_back(&r);
      continue;
    }
    std::int64_t& c = slot(x.customer_of_name, r.customer);
    if (c < 0) {
      c = static_cast<std::int64_t>(x.customers.size());
      x.customers.push_back({std::string(store.name(r.customer)), 0, 0, {}});
      x.customer_at.emplace(store.name(r.customer), x.customers.size() - 1);
      members.emplace_back();
    }
    members[static_cast<size_t>(c)].push_back(&r);
  }
  // Room for events added later (update_index), so that the first few do
  // not each copy arrays of millions.
  size_t room = (all.size() + runs.size()) / 8 + 4096;
  x.steps.reserve(all.size() + runs.size() + room);
  x.step_events.reserve(all.size() + runs.size() + room);
  x.tickets.reserve(runs.size() + room / 4);
  // Customer by customer visits the packed events out of their order in
  // memory: fetch a few tickets ahead.
  std::vector<const Run*> order;
  order.reserve(runs.size());
  for (const auto& m : members) order.insert(order.end(), m.begin(), m.end());
  // Two steps ahead: where a ticket's events are, then the events.
  auto prefetch = [&](size_t i) {
    if (i + 8 < order.size()) __builtin_prefetch(&by_ticket[order[i + 8]->begin]);
    if (i >= order.size()) return;
    for (size_t k = order[i]->begin; k < order[i]->end; ++k) __builtin_prefetch(&all[by_ticket[k]]);
  };
  for (size_t i = 0; i < 8; ++i) prefetch(i);
  // x.ticket_of_name is left for update_index to fill when it is first
  // needed: a report never needs it, and its writes land all over.
  auto put = [&](const Run& r) {
    x.tickets.push_back(place(x, p, by_ticket.data() + r.begin, by_ticket.data() + r.end));
  };
  size_t placed = 0;
  for (size_t c = 0; c < x.customers.size(); ++c) {
    x.customers[c].first = x.tickets.size();
    for (const Run* r : members[c]) {
      prefetch(placed + 8);
      put(*r);
      ++placed;
    }
    x.customers[c].last = x.tickets.size();
  }
  x.orphans_first = x.tickets.size();
  for (const Run* r : orphans) put(*r);
  x.orphans_last = x.tickets.size();
  x.indexed_tickets = all.size();
  return x;
}

void make_room(EventIndex& x, std::size_t more) {
  if (more == 0 || !x.store) return;
  std::size_t events = x.store->tickets().size() + more, names = x.store->name_count() + more;
  x.steps.reserve(events + x.tickets.size() + more);  // each ticket's opening is a step too
  x.step_events.reserve(events + x.tickets.size() + more);
  x.openings.reserve(events);
  x.tickets.reserve(x.tickets.size() + more);
  x.ticket_of_name.reserve(names);
  x.customer_of_name.reserve(names);
}

bool update_index(EventIndex& x) {
  const EventStore& store = *x.store;
  x.touched.clear();
  if (store.whole().size() != x.indexed_whole && !append_deliveries(store, x)) index_whole(store, x);
  index_windows(store, x.windows);
  const auto& all = store.tickets();
  if (all.size() == x.indexed_tickets) return true;
  Packed p{all};
  if (x.ticket_of_name.empty())
    for (size_t i = 0; i < x.tickets.size(); ++i) {
      const TicketGroup& g = x.tickets[i];
      // A ticket's name: from its first opening, else from any of its events.
      std::uint32_t any =
          g.openings_end > g.openings_begin ? x.openings[g.openings_begin] : x.step_events[g.steps_begin];
      slot(x.ticket_of_name, all[any].ticket) = static_cast<std::int64_t>(i);
    }
  // The new events, ticket by ticket, in the order they came.
  std::vector<std::uint32_t> fresh(all.size() - x.indexed_tickets);
  for (size_t i = 0; i < fresh.size(); ++i) fresh[i] = static_cast<std::uint32_t>(x.indexed_tickets + i);
  std::stable_sort(fresh.begin(), fresh.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return all[a].ticket < all[b].ticket; });
  std::vector<std::uint32_t> events;
  for (size_t b = 0; b < fresh.size();) {
    size_t e = b;
    while (e < fresh.size() && all[fresh[e]].ticket == all[fresh[b]].ticket) ++e;
    std::uint32_t ticket = all[fresh[b]].ticket;
    std::int64_t& at = slot(x.ticket_of_name, ticket);
    events.clear();
    if (at >= 0) {  // what the ticket had, then what came
      const TicketGroup& g = x.tickets[static_cast<size_t>(at)];
      if (g.openings_end == g.openings_begin) return false;  // it may now be opened: it changes places
      events.insert(events.end(), x.openings.begin() + static_cast<std::ptrdiff_t>(g.openings_begin),
                    x.openings.begin() + static_cast<std::ptrdiff_t>(g.openings_end));
      events.insert(events.end(), x.step_events.begin() + static_cast<std::ptrdiff_t>(g.steps_begin),
                    x.step_events.begin() + static_cast<std::ptrdiff_t>(g.steps_end));
    }
    events.insert(events.end(), fresh.begin() + static_cast<std::ptrdiff_t>(b),
                  fresh.begin() + static_cast<std::ptrdiff_t>(e));
    std::stable_sort(events.begin(), events.end(), [&](std::uint32_t a, std::uint32_t c) { return p.earlier(a, c); });
    std::uint32_t open = first_opening(p, events.data(), events.data() + events.size());
    if (open == UINT32_MAX) return false;  // a ticket never opened
    if (at >= 0) {
      TicketGroup& old = x.tickets[static_cast<size_t>(at)];
      // Its place among its customer's tickets, and its customer, must not move.
      if (p[events.front()].at != old.head_at || p[events.front()].seq != old.head_seq || open != old.opened.event)
        return false;
      old = place(x, p, events.data(), events.data() + events.size());
      x.touched.push_back(old.opened);
      b = e;
      continue;
    }
    std::int64_t& c = slot(x.customer_of_name, all[open].customer);
    TicketGroup g = place(x, p, events.data(), events.data() + events.size());
    if (c < 0) {
      c = static_cast<std::int64_t>(x.customers.size());
      x.customers.push_back({std::string(store.name(all[open].customer)), x.tickets.size(), x.tickets.size(), {}});
      x.customer_at.emplace(store.name(all[open].customer), x.customers.size() - 1);
    }
    CustomerTickets& ct = x.customers[static_cast<size_t>(c)];
    size_t last = !ct.more.empty() ? ct.more.back() : ct.last > ct.first ? ct.last - 1 : SIZE_MAX;
    if (last == SIZE_MAX || head_before(x.tickets[last], g)) {
      ct.more.push_back(x.tickets.size());
    } else {
      // It comes before another of its customer's tickets (a late event, or
      // a source that sends tickets out of order): its place in the list,
      // the built block moved into the list first (build_index's order).
      if (ct.first < ct.last) {
        std::vector<std::size_t> listed;
        listed.reserve(ct.last - ct.first + ct.more.size() + 1);
        for (size_t i = ct.first; i < ct.last; ++i) listed.push_back(i);
        listed.insert(listed.end(), ct.more.begin(), ct.more.end());
        ct.more = std::move(listed);
        ct.first = ct.last;
      }
      auto place_at = std::upper_bound(ct.more.begin(), ct.more.end(), g, [&](const TicketGroup& a, std::size_t i) {
        return head_before(a, x.tickets[i]);
      });
      ct.more.insert(place_at, x.tickets.size());
    }
    at = static_cast<std::int64_t>(x.tickets.size());
    x.touched.push_back(g.opened);
    x.tickets.push_back(g);
    b = e;
  }
  x.indexed_tickets = all.size();
  return true;
}

}  // namespace vow
