#include "compliance/facts.hpp"

#include <unordered_map>

#include "contracts/terms.hpp"

namespace vow {
namespace {

struct OutageParts {
  const Event* start = nullptr;
  const Event* end = nullptr;
};

}  // namespace

Facts gather_facts(const std::vector<Event>& events, Instant as_of, const ContractLookup& contract_of) {
  Facts f;
  std::unordered_map<std::string, OutageParts> outages;
  std::vector<std::string> outage_order;
  std::unordered_map<std::string, Maintenance> maint;
  std::vector<std::string> maint_order;
  std::unordered_map<std::string, TicketHistory> tickets;
  std::vector<std::string> ticket_order;
  std::vector<const Event*> ticket_events;

  for (const Event& e : events) {
    if (e.at > as_of) break;
    switch (e.type) {
      case EventType::OutageStarted:
      case EventType::OutageEnded: {
        auto [it, fresh] = outages.try_emplace(e.ref);
        if (fresh) outage_order.push_back(e.ref);
        bool start = e.type == EventType::OutageStarted;
        const Event*& slot = start ? it->second.start : it->second.end;
        if (slot)
          f.problems.push_back({e.id, std::string(start ? "second start" : "second end") + " of outage " + e.ref +
                                          " (the earliest, " + slot->id + ", counts)"});
        else
          slot = &e;
        break;
      }
      case EventType::MaintenanceScheduled: {
        auto [it, fresh] = maint.try_emplace(e.ref);
        if (fresh) maint_order.push_back(e.ref);
        if (e.end <= e.start) {
          f.problems.push_back({e.id, "maintenance " + e.ref + " ends before or when it starts"});
          break;
        }
        it->second.scheduled = &e;  // a later announcement replaces the earlier one
        break;
      }
      case EventType::MaintenanceCancelled: {
        auto it = maint.find(e.ref);
        if (it == maint.end())
          f.problems.push_back({e.id, "cancellation of unknown maintenance " + e.ref});
        else
          it->second.cancelled = true;
        break;
      }
      case EventType::TicketOpened: {
        auto [it, fresh] = tickets.try_emplace(e.ref);
        if (!fresh) {
          f.problems.push_back({e.id, "second opening of ticket " + e.ref + " (the earliest, " + it->second.opened->id +
                                          ", counts)"});
          break;
        }
        it->second.opened = &e;
        ticket_order.push_back(e.ref);
        break;
      }
      case EventType::TicketPriorityChanged:
      case EventType::TicketReplied:
      case EventType::TicketStatusChanged:
        ticket_events.push_back(&e);
        break;
      case EventType::InvoiceIssued: {
        const Contract* c = contract_of(e.customer);
        if (!c) {
          f.problems.push_back({e.id, "invoice for customer " + e.customer + ", who has no contract"});
        } else if (e.currency != c->currency) {
          f.problems.push_back({e.id, "invoice " + e.ref + " is in " + e.currency + " but the contract of " + e.customer +
                                          " is in " + c->currency});
        } else if (auto amount = Decimal::parse(e.amount)) {
          f.invoices[{e.customer, e.period}] = Invoice{*amount, e.currency};  // the latest wins
        }
        break;
      }
      case EventType::IncidentNotified:
      case EventType::CreditIssued:
        break;
    }
  }

  for (const auto& id : outage_order) {
    const auto& o = outages[id];
    if (!o.start) {
      f.problems.push_back({o.end->id, "end of outage " + id + ", which never started"});
    } else if (o.end && o.end->at < o.start->at) {
      f.problems.push_back({o.start->id, "outage " + id + " ends before it starts"});
      f.problems.push_back({o.end->id, "outage " + id + " ends before it starts"});
    } else {
      f.outages.push_back({o.start, o.end ? std::optional<Instant>(o.end->at) : std::nullopt});
    }
  }
  for (const auto& id : maint_order)
    if (maint[id].scheduled) f.maintenance.push_back(maint[id]);

  for (const Event* e : ticket_events) {
    auto it = tickets.find(e->ref);
    if (it == tickets.end())
      f.problems.push_back({e->id, std::string(to_string(e->type)) + " for unknown ticket " + e->ref});
    else if (e->at < it->second.opened->at)
      f.problems.push_back({e->id, std::string(to_string(e->type)) + " before ticket " + e->ref + " was opened"});
    else
      it->second.events.push_back(e);
  }
  for (const auto& id : ticket_order) {
    auto& t = tickets[id];
    const std::string& customer = t.opened->customer;
    if (!contract_of(customer)) {
      f.problems.push_back({t.opened->id, "ticket " + id + " is for customer " + customer + ", who has no contract"});
      for (const Event* e : t.events)
        f.problems.push_back({e->id, "ticket " + id + " is for customer " + customer + ", who has no contract"});
      continue;
    }
    f.tickets[customer].push_back(std::move(t));
  }
  return f;
}

}  // namespace vow
