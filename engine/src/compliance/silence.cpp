#include "compliance/silence.hpp"

#include <algorithm>
#include <map>

namespace vow {
namespace {

void heard(std::optional<Instant>& last, Instant at) {
  if (!last || at > *last) last = at;
}

}  // namespace

std::vector<SilentSource> silent_sources(const Facts& f, std::span<const SilenceInput> accounts, Instant as_of,
                                         std::optional<Instant> tickets_heard) {
  // The last event of each kind, per service for monitoring.
  std::map<std::string, std::optional<Instant>, std::less<>> monitoring;
  std::optional<Instant> tickets = tickets_heard;
  for (const Outage& o : f.outages) {
    // An outage still open says, as of now, that the service is down: the
    // source is not silent, and the period is not counted as up.
    Instant last = o.end ? *o.end : as_of;
    heard(monitoring[o.started->service], last);
  }
  for (const Maintenance& m : f.maintenance) {
    heard(monitoring[m.scheduled->service], m.scheduled->at);
  }
  for (const TicketHistory& t : f.tickets) {
    heard(tickets, t.opening->at);
    for (const TicketStep& s : t.steps) heard(tickets, s.at);
  }

  std::map<std::pair<std::string, std::string>, SilentSource> out;  // (kind, service)
  auto silent = [&](const std::optional<Instant>& last, const Interval& period) {
    return period.a < as_of && (!last || *last < period.a);
  };
  auto add = [&](const char* kind, const std::string& service, const std::optional<Instant>& last,
                 const std::string& customer) {
    auto& s = out[{kind, service}];
    s.kind = kind;
    s.service = service;
    s.last_event = last;
    s.customers.push_back(customer);
  };
  for (const SilenceInput& a : accounts) {
    for (const auto& service : a.services) {
      auto it = monitoring.find(service);
      auto last = it == monitoring.end() ? std::nullopt : it->second;
      if (silent(last, a.period)) add("monitoring", service, last, a.customer);
    }
    // Ticket systems are silent for an account that simply had no tickets;
    // only a ledger where no ticket at all moved says the source went quiet.
    if (a.counts_tickets && tickets && silent(tickets, a.period)) add("tickets", "", tickets, a.customer);
  }
  std::vector<SilentSource> list;
  for (auto& [_, s] : out) list.push_back(std::move(s));
  return list;
}

}  // namespace vow
