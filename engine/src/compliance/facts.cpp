#include "compliance/facts.hpp"

#include <algorithm>
#include <span>
#include <tuple>
#include <unordered_set>

#include "compliance/terms.hpp"

namespace vow {
namespace {

using K = EventProblem::Kind;

bool names_quarter(const std::string& period) {
  auto p = parse_period(period);
  return p && p->is_quarter();
}

// The events (or windows) of a sorted list that exist at as_of: a prefix.
template <typename T>
std::span<const T* const> until(const std::vector<const T*>& list, Instant as_of) {
  auto end = std::upper_bound(list.begin(), list.end(), as_of, [](Instant t, const T* e) { return t < e->at; });
  return {list.data(), static_cast<size_t>(end - list.begin())};
}

void outages(const EventIndex& x, Instant as_of, Facts& f) {
  for (const auto& g : x.outages) {
    auto starts = until(g.starts, as_of), ends = until(g.ends, as_of);
    if (starts.empty() && ends.empty()) continue;
    const std::string& id = (starts.empty() ? ends.front() : starts.front())->ref;
    for (size_t i = 1; i < starts.size(); ++i)
      f.problems.push_back({starts[i]->id, {.kind = K::SecondOutageStart, .subject = id, .earliest = starts[0]->id}});
    for (size_t i = 1; i < ends.size(); ++i)
      f.problems.push_back({ends[i]->id, {.kind = K::SecondOutageEnd, .subject = id, .earliest = ends[0]->id}});
    if (starts.empty()) {
      f.problems.push_back({ends[0]->id, {.kind = K::OutageEndWithoutStart, .subject = id}});
    } else if (!ends.empty() && ends[0]->at < starts[0]->at) {
      f.problems.push_back({starts[0]->id, {.kind = K::OutageEndsBeforeStart, .subject = id}});
      f.problems.push_back({ends[0]->id, {.kind = K::OutageEndsBeforeStart, .subject = id}});
    } else {
      f.outages.push_back({starts[0], ends.empty() ? std::nullopt : std::optional<Instant>(ends[0]->at)});
    }
  }
}

void maintenance(const EventIndex& x, Instant as_of, Facts& f) {
  for (const auto& g : x.maintenance) {
    auto scheduled = until(g.scheduled, as_of), cancelled = until(g.cancelled, as_of);
    Maintenance m;
    for (const Event* e : scheduled) {
      if (e->end <= e->start)
        f.problems.push_back({e->id, {.kind = K::MaintenanceEndsBeforeStart, .subject = e->ref}});
      else
        m.scheduled = e;  // a later announcement replaces the earlier one
    }
    if (scheduled.empty())
      for (const Event* e : cancelled)
        f.problems.push_back({e->id, {.kind = K::UnknownMaintenanceCancelled, .subject = e->ref}});
    m.cancelled = !cancelled.empty();
    if (m.cancelled) m.cancelled_at = cancelled.front()->at;
    if (m.scheduled) f.maintenance.push_back(m);
  }
}

void exceptions(const EventIndex& x, Instant as_of, const ContractLookup& contract_of, Facts& f) {
  for (const auto& g : x.exceptions) {
    auto granted = until(g.granted, as_of), revoked = until(g.revoked, as_of);
    // Its first grant or revocation after as_of: which clocks are exempt changes then.
    if (granted.size() < g.granted.size())
      f.next_exception_event = std::min(f.next_exception_event, g.granted[granted.size()]->at);
    if (revoked.size() < g.revoked.size())
      f.next_exception_event = std::min(f.next_exception_event, g.revoked[revoked.size()]->at);
    ExceptionGrant grant;
    for (const Event* e : granted) {
      if (e->end <= e->start)
        f.problems.push_back({e->id, {.kind = K::ExceptionEndsBeforeStart, .subject = e->ref}});
      else if (!contract_of(e->customer))
        f.problems.push_back(
            {e->id, {.kind = K::ExceptionWithoutContract, .subject = e->ref, .customer = e->customer}});
      else
        grant.granted = e;  // a later grant of the same exception replaces the earlier
    }
    if (granted.empty())
      for (const Event* e : revoked)
        f.problems.push_back({e->id, {.kind = K::UnknownExceptionRevoked, .subject = e->ref}});
    if (!revoked.empty()) grant.revoked_at = revoked.front()->at;
    if (!grant.granted) continue;
    f.exceptions.push_back(grant);
    if (grant.revoked_at == kNever && grant.covers_tickets())
      f.ticket_exceptions_of[grant.granted->customer].push_back(grant.granted);
  }
}

// Ratings of the tickets the facts hold; one of a ticket never opened is a
// problem (looked for only when every customer's tickets are at hand).
void ratings(const EventIndex& x, Instant as_of, const CustomerSet* only, Facts& f) {
  auto rated = until(x.ratings, as_of);
  if (rated.empty()) return;
  std::unordered_map<std::string_view, std::string_view> customer_of;
  for (const TicketHistory& t : f.tickets) customer_of.emplace(t.opened->ref, t.opened->customer);
  for (const Event* e : rated) {
    if (auto it = customer_of.find(e->ref); it != customer_of.end())
      f.ratings_of[it->second].push_back(e);
    else if (!only)
      f.problems.push_back({e->id, {.kind = K::UnknownTicketRated, .subject = e->ref}});
  }
}

// Job completions (1.1) by the customers they name; with `only`, theirs.
void job_completions(const EventIndex& x, Instant as_of, const CustomerSet* only, Facts& f) {
  for (const Event* e : until(x.job_completions, as_of)) {
    if (!e->customers) {
      f.jobs_for_all.push_back(e);
      continue;
    }
    for (const std::string& c : *e->customers)
      if (!only || only->contains(c)) f.jobs_of[c].push_back(e);
  }
}

// Windows of one indicator, by start: those overlapping another are left
// out and listed, as for `customer` ("" for everyone). Windows with the same
// content under two ids are one window counted once (slis.md).
std::vector<const SliWindow*> without_overlaps(std::vector<const SliWindow*> windows, std::string_view customer,
                                               Facts& f) {
  auto same = [](const SliWindow* a, const SliWindow* b) {
    return a->start == b->start && a->end == b->end && a->good == b->good && a->total == b->total;
  };
  // Repeats sort next to each other. Windows mostly come in order already.
  auto by_start = [](const SliWindow* a, const SliWindow* b) {
    return std::tie(a->start, a->end, a->good, a->total) < std::tie(b->start, b->end, b->good, b->total);
  };
  if (!std::is_sorted(windows.begin(), windows.end(), by_start))
    std::stable_sort(windows.begin(), windows.end(), by_start);
  std::vector<bool> out(windows.size(), false);
  bool any_out = false;
  std::size_t reach = windows.size();  // the window reaching furthest so far
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (i > 0 && same(windows[i - 1], windows[i])) {
      out[i] = any_out = true;  // a repeat: not a problem, not counted twice
      continue;
    }
    if (reach < windows.size() && windows[i]->start < windows[reach]->end) {
      for (std::size_t k : {reach, i})
        if (!out[k] || k == i) {
          out[k] = any_out = true;
          f.problems.push_back({std::string(windows[k]->id),
                                {.kind = K::SliWindowsOverlap,
                                 .subject = std::string(windows[k]->ref),
                                 .earliest = std::string(windows[k == i ? reach : i]->id),
                                 .customer = std::string(customer)}});
        }
    }
    if (reach == windows.size() || windows[i]->end > windows[reach]->end) reach = i;
  }
  if (!any_out) return windows;  // as nearly always
  std::vector<const SliWindow*> kept;
  for (std::size_t i = 0; i < windows.size(); ++i)
    if (!out[i]) kept.push_back(windows[i]);
  return kept;
}

// sli.counted windows (1.1) known by as_of, by indicator and customer.
void sli_windows(const EventIndex& x, Instant as_of, const CustomerSet* only, Facts& f) {
  std::unordered_map<std::string_view, std::vector<const SliWindow*>> all;
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, std::vector<const SliWindow*>>> own;
  std::unordered_set<std::vector<const SliWindow*>*> joined;  // lists given more than one scope's windows
  auto add = [&](std::vector<const SliWindow*>& list, std::span<const SliWindow* const> known) {
    if (!list.empty()) joined.insert(&list);
    list.insert(list.end(), known.begin(), known.end());
  };
  for (const WindowScope& s : x.windows.scopes) {
    auto known = until(s.windows, as_of);
    if (known.empty()) continue;
    if (!s.customers) {
      add(all[s.ref], known);
      continue;
    }
    for (const std::string& c : *s.customers)
      if (!only || only->contains(c)) add(own[c][s.ref], known);
  }
  // In (at, ingest) order, as each scope's list is: of two windows with
  // the same figures, the first is the one counted (without_overlaps).
  for (auto* list : joined) std::stable_sort(list->begin(), list->end(), in_time_order);
  for (auto& [sli, windows] : all) f.sli_for_all[sli] = without_overlaps(std::move(windows), "", f);
  for (auto& [customer, slis] : own)
    for (auto& [sli, windows] : slis) {
      if (auto shared = f.sli_for_all.find(sli); shared != f.sli_for_all.end())
        windows.insert(windows.end(), shared->second.begin(), shared->second.end());
      f.sli_of[customer][sli] = without_overlaps(std::move(windows), customer, f);
    }
}

size_t steps_until(std::span<const TicketStep> steps, Instant as_of) {
  return static_cast<size_t>(
      std::upper_bound(steps.begin(), steps.end(), as_of, [](Instant t, const TicketStep& s) { return t < s.at; }) -
      steps.begin());
}

// The group of the ticket first opened by packed event `event`, of
// customer `c`; null if it has none.
const TicketGroup* group_of(const EventIndex& x, const CustomerTickets& c, std::uint32_t event) {
  auto is = [&](const TicketGroup& g) { return g.openings_end > g.openings_begin && g.opened.event == event; };
  std::uint32_t name = x.store->tickets()[event].ticket;
  if (name < x.ticket_of_name.size() && x.ticket_of_name[name] >= 0) {
    const TicketGroup& g = x.tickets[static_cast<std::size_t>(x.ticket_of_name[name])];
    if (is(g)) return &g;
  }
  // Names are mapped from the first update of the index on: before it, looked for.
  for (std::size_t i = c.first; i < c.last; ++i)
    if (is(x.tickets[i])) return &x.tickets[i];
  for (std::size_t i : c.more)
    if (is(x.tickets[i])) return &x.tickets[i];
  return nullptr;
}

void tickets(const EventIndex& x, Instant as_of, const ContractLookup& contract_of, const CustomerSet* only,
             const SomeTickets* some, Facts& f) {
  const EventStore& store = *x.store;
  const auto& all = store.tickets();
  auto id = [&](std::uint32_t e) { return std::string(store.id_of(e)); };
  // The packed events of a sorted list that exist at as_of: a prefix.
  auto until = [&](std::span<const std::uint32_t> list) {
    auto end =
        std::upper_bound(list.begin(), list.end(), as_of, [&](Instant t, std::uint32_t e) { return t < all[e].at; });
    return list.first(static_cast<size_t>(end - list.begin()));
  };
  auto events_of = [&](const TicketGroup& g) {
    return std::span<const std::uint32_t>(x.step_events.data() + g.steps_begin, g.steps_end - g.steps_begin);
  };
  auto unknown = [&](const TicketGroup& g) {
    for (std::uint32_t e : until(events_of(g)))
      f.problems.push_back({id(e),
                            {.kind = K::UnknownTicket,
                             .subject = std::string(store.name(all[e].ticket)),
                             .event_type = std::string(to_string(all[e].type))}});
  };
  if (!only)
    for (size_t i = x.orphans_first; i < x.orphans_last; ++i) unknown(x.tickets[i]);
  f.tickets.reserve(!only ? x.orphans_first : 0);
  // A few customers' tickets: found by name, not by walking every customer.
  std::vector<std::size_t> theirs;
  if (only) {
    for (std::string_view c : *only)
      if (auto it = x.customer_at.find(c); it != x.customer_at.end()) theirs.push_back(it->second);
    std::sort(theirs.begin(), theirs.end());
  }
  for (std::size_t n = 0, end = only ? theirs.size() : x.customers.size(); n < end; ++n) {
    const CustomerTickets& c = x.customers[only ? theirs[n] : n];
    bool has_contract = contract_of(c.customer) != nullptr;
    size_t first = f.tickets.size();
    auto add = [&](const TicketGroup& g) {
      if (g.first_opening > as_of) {
        auto [at, fresh] = f.next_opening.try_emplace(c.customer, g.first_opening);
        if (!fresh) at->second = std::min(at->second, g.first_opening);
        unknown(g);
        return;
      }
      std::span<const TicketStep> steps(x.steps.data() + g.steps_begin, g.steps_end - g.steps_begin);
      size_t count = steps_until(steps, as_of);
      size_t before = 0;
      while (before < count && steps[before].at < g.first_opening) ++before;
      size_t openings = g.openings_end - g.openings_begin;
      if (openings > 1 || before > 0 || !has_contract) {
        // The rare paths: name the events the arithmetic leaves out.
        const TicketOpening& opened = g.opened;
        std::span<const std::uint32_t> all_openings(x.openings.data() + g.openings_begin, openings);
        for (std::uint32_t again : until(all_openings).subspan(1))
          f.problems.push_back({id(again),
                                {.kind = K::SecondTicketOpening,
                                 .subject = std::string(opened.ref),
                                 .earliest = std::string(store.id_of(opened.event))}});
        auto events = events_of(g);
        for (size_t k = 0; k < before; ++k)
          f.problems.push_back({id(events[k]),
                                {.kind = K::BeforeTicketOpened,
                                 .subject = std::string(opened.ref),
                                 .event_type = std::string(to_string(all[events[k]].type))}});
        if (!has_contract) {
          EventProblem why{
              .kind = K::TicketWithoutContract, .subject = std::string(opened.ref), .customer = c.customer};
          f.problems.push_back({std::string(store.id_of(opened.event)), why});
          for (size_t k = before; k < count; ++k) f.problems.push_back({id(events[k]), why});
          return;
        }
      }
      f.tickets.push_back({&g.opened, &x.steps[g.steps_begin - 1], steps.subspan(before, count - before)});
    };
    auto wanted = some ? some->find(c.customer) : SomeTickets::const_iterator();
    if (some && wanted != some->end()) {
      for (std::uint32_t event : wanted->second)
        if (const TicketGroup* g = group_of(x, c, event)) add(*g);
    } else {
      for (size_t i = c.first; i < c.last; ++i) add(x.tickets[i]);
      for (size_t i : c.more) add(x.tickets[i]);
    }
    if (f.tickets.size() > first) f.tickets_of[c.customer] = {first, f.tickets.size()};
  }
}

void invoices(const EventIndex& x, Instant as_of, const ContractLookup& contract_of, const CustomerSet* only,
              Facts& f) {
  for (const Event* e : until(x.invoices, as_of)) {
    if (only && !only->contains(e->customer)) continue;
    const Contract* c = contract_of(e->customer);
    if (!c) {
      f.problems.push_back({e->id, {.kind = K::InvoiceWithoutContract, .customer = e->customer}});
    } else if (e->currency != c->currency) {
      f.problems.push_back({e->id,
                            {.kind = K::InvoiceCurrency,
                             .subject = e->ref,
                             .customer = e->customer,
                             .currency = e->currency,
                             .contract_currency = c->currency}});
    } else if (!c->quarterly() && names_quarter(e->period)) {
      f.problems.push_back({e->id, {.kind = K::QuarterInvoiceForMonthly, .subject = e->ref, .customer = e->customer}});
    } else if (auto amount = Decimal::parse(e->amount)) {
      f.invoices[{e->customer, e->period}] = Invoice{*amount, e->currency, e->ref};  // the latest wins
    }
  }
}

}  // namespace

Facts gather_facts(const EventIndex& index, Instant as_of, const ContractLookup& contract_of, const CustomerSet* only,
                   const SomeTickets* some) {
  Facts f;
  f.priorities = &index.priorities;
  f.steps_end = index.steps.data() + index.steps.size();
  outages(index, as_of, f);
  maintenance(index, as_of, f);
  exceptions(index, as_of, contract_of, f);
  tickets(index, as_of, contract_of, only, some, f);
  ratings(index, as_of, only, f);
  job_completions(index, as_of, only, f);
  sli_windows(index, as_of, only, f);
  invoices(index, as_of, contract_of, only, f);
  for (const Event* e : until(index.notices, as_of))
    if (!only || only->contains(e->customer)) f.notices[{e->ref, e->customer}].push_back(e);
  // One window may be a problem for each of several customers: by customer then.
  std::stable_sort(f.problems.begin(), f.problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.event, a.reason.customer) < std::tie(b.event, b.reason.customer);
  });
  return f;
}

}  // namespace vow
