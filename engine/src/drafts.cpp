// The facts behind customer communications: every number in a draft comes
// from here, computed from the ledger like any report.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine_impl.hpp"
#include "output/draft_json.hpp"
#include "vow/draft.hpp"

namespace vow {
namespace {

using json = nlohmann::json;

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "2 h 5 min", "45 min", "3 d 4 h"
std::string duration_text(Millis ms) {
  long long minutes = ms / 60'000, days = minutes / 1440, hours = minutes / 60 % 24, mins = minutes % 60;
  std::string out;
  if (days) out += std::to_string(days) + " d";
  if (hours) out += (out.empty() ? "" : " ") + std::to_string(hours) + " h";
  if (mins || out.empty()) out += (out.empty() ? "" : " ") + std::to_string(mins) + " min";
  return out;
}

// "1 business day", "5 business days": business_days(n) as a customer reads it.
std::string business_days_words(int n) {
  return std::to_string(n) + (n == 1 ? " business day" : " business days");
}

// "2026-10-02 11:42 EDT": an instant as the customer reads it, in the
// contract's time zone, named so that nobody has to guess.
std::string local_text(Instant t, const Zone& zone) {
  LocalTime lt = zone.to_local(t);
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(lt.day, y, m, d);
  long long minutes = lt.of_day / 60'000;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld ", y, m, d, minutes / 60, minutes % 60);
  return buf + zone.abbreviation(t);
}

// "A, B and C"
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

// What the customer lived through as one incident: outages under the same
// title that overlap or follow on without a gap. A status page reports one
// incident per component (and per stretch at one impact), so GitHub's
// incident of 2023-06-29 is ten outages, and one incident to a customer.
struct CustomerIncident {
  std::string title;
  Instant start, end;
  std::vector<std::string> ids, services;
};

std::vector<CustomerIncident> incidents_of(const std::vector<const Outage*>& by_start, Instant as_of) {
  std::vector<CustomerIncident> out;
  for (const Outage* o : by_start) {
    const Event& s = *o->started;
    std::string title = s.title.value_or(s.service);
    Instant end = o->end.value_or(as_of);
    auto same = std::find_if(out.begin(), out.end(), [&](const CustomerIncident& i) {
      return i.title == title && s.at <= i.end && end >= i.start;
    });
    if (same == out.end()) same = out.insert(out.end(), CustomerIncident{title, s.at, end, {}, {}});
    same->end = std::max(same->end, end);
    same->ids.push_back(s.ref);
    if (std::find(same->services.begin(), same->services.end(), s.service) == same->services.end())
      same->services.push_back(s.service);
  }
  return out;
}

// The team's incident record is input (JSON, or TOML the command turned
// into JSON): its text fields, and the items of its lists that are text.
DraftIncidentRecord incident_record(const std::string& text) {
  json rec = text.empty() ? json::object() : json::parse(text, nullptr, false);
  if (rec.is_discarded() || !rec.is_object()) throw Error(Exit::BadData, "the incident record is not a JSON object");
  DraftIncidentRecord out;
  for (auto [key, into] : {std::pair{"summary", &out.summary}, std::pair{"root_cause", &out.root_cause}})
    if (rec.contains(key) && rec[key].is_string()) *into = rec[key].get<std::string>();
  for (auto [key, into] : {std::pair{"contributing_factors", &out.contributing_factors},
                           std::pair{"preventive_measures", &out.preventive_measures}})
    if (rec.contains(key) && rec[key].is_array())
      for (const auto& item : rec[key])
        if (item.is_string()) into->push_back(item.get<std::string>());
  return out;
}

}  // namespace

std::string Engine::tier_of(const std::string& customer) const {
  const Contract* c = impl_->contracts.find(customer);
  return c && c->tier ? *c->tier : "";
}

std::string Engine::draft_context(const DraftRequest& d) {
  return draft_json(draft_facts(d)).dump();
}

DraftFacts Engine::draft_facts(const DraftRequest& d) {
  auto hold = impl_->read();
  Facts f = impl_->facts(d.as_of);
  std::vector<Diagnostic> errors;
  DraftFacts ctx;
  ctx.kind = d.kind;
  ctx.as_of = format_instant(d.as_of);
  auto customer_of = [](const Contract& c) { return DraftCustomer{c.id, c.name, c.tier}; };
  // Customers read times in their contract's zone; the team, in UTC.
  const Zone* zone = &Zone::utc();
  auto local = [&](Instant t) { return local_text(t, *zone); };
  auto set_zone = [&](const Contract& c) {
    zone = c.zone ? c.zone : &Zone::utc();
    ctx.timezone = zone->name();
    ctx.as_of_local = local(d.as_of);
  };
  ctx.timezone = zone->name();
  ctx.as_of_local = local(d.as_of);
  const Contract* addressee = nullptr;
  if (!d.customer.empty()) {
    addressee = impl_->contracts.find(d.customer);
    if (!addressee) throw Error(Exit::Usage, {field("customer"), " " + d.customer + ": no contract has this id"});
    ctx.customer = customer_of(*addressee);
    set_zone(*addressee);
  }
  // How an account stands in a month: uptime, credit, whether a report is owed.
  auto account_of = [&](const Contract& c, const Period& month) {
    AccountReport a = impl_->account(c, month, d.as_of, f, errors);
    DraftAccount j;
    j.customer = customer_of(c);
    j.period = month.label();
    if (a.uptime)
      j.uptime =
          DraftUptime{a.uptime->percent_known() ? fixed(a.uptime->percent, 3) : "", fixed(a.uptime->target, 3),
                      a.uptime->met, a.uptime->downtime_seconds ? fixed(*a.uptime->downtime_seconds / 60.0, 1) : ""};
    if (a.credit) {
      DraftCredit& cr = j.credit.emplace();
      cr.amount = a.credit->amount;
      cr.currency = a.credit->currency;
      cr.final = a.credit->final;
      cr.monthly_fee = a.credit->monthly_fee;
      cr.fee = a.credit->fee;
      cr.quarterly = c.quarterly();
      cr.clause = a.credit->clause;
      cr.owed = a.credit->amount != Decimal().format(minor_unit_digits(a.credit->currency));
      // What the customer is given, as a share of the fee: after the cap and
      // rounding, never the formula's own figure (465% capped to 25% is 25%).
      auto amount = Decimal::parse(a.credit->amount), fee = Decimal::parse(a.credit->fee);
      if (amount && fee && !(*fee == Decimal())) cr.percent = (*amount * Decimal::integer(100) / *fee).format(2);
      if (a.credit->percent) cr.formula_percent = fixed(*a.credit->percent, 2);
      cr.invoice = a.credit->invoice;
    }
    j.status = a.status;
    const auto& notices = c.in_force(month).communications;  // as amended for the month
    j.postmortem_required = notices && notices->postmortem.has_value();
    if (notices && notices->update_every)
      j.update_every = notices->update_every->business_days > 0
                           ? business_days_words(notices->update_every->business_days)
                           : duration_text(notices->update_every->length);
    return j;
  };

  if (d.kind == "breach") {
    for (const Contract& c : impl_->contracts.contracts())
      for (const auto& t : f.tickets_for(c.id)) {
        if (t.opened->ref != d.ticket) continue;
        set_zone(c);
        ClockScratch& scratch = impl_->scratch();
        auto& clocks = scratch.results;
        clocks.clear();
        ticket_clocks(t, c, d.as_of, *f.priorities, scratch, clocks);
        DraftTicket ticket{d.ticket, format_instant(t.opened->at), local(t.opened->at), {}, {}};
        std::vector<std::string> metrics;
        for (const auto& clock : clocks)
          // An exempt clock (1.1) breached nothing the customer is owed a word about.
          if (clock.state == ClockResult::State::Breached && !f.exempt(c.id, clock.start)) {
            std::string metric = clock.metric == Metric::Response    ? "first response"
                                 : clock.metric == Metric::NextReply ? "reply to your message"
                                 : clock.metric == Metric::Update    ? "update"
                                                                     : "resolution";
            if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) metrics.push_back(metric);
            const auto& targets = c.in_force_at(clock.start).targets(clock.metric);  // as amended then
            auto target = targets.find(std::string(clock.priority));
            bool days = target != targets.end() && target->second.business_days > 0;
            ticket.breaches.push_back(
                {metric, std::string(clock.priority),
                 days ? business_days_words(target->second.business_days) : duration_text(clock.target),
                 format_instant(clock.settled), local(clock.settled),
                 target == targets.end() ? std::nullopt : target->second.clause});
          }
        ticket.breached_metrics = joined(metrics);
        bool breached = !ticket.breaches.empty();
        ctx.ticket = std::move(ticket);
        ctx.customer = customer_of(c);
        ctx.account = account_of(c, c.period_at(t.opened->at));
        if (!breached)
          ctx.does_not_apply = "ticket " + d.ticket + " has missed no commitment as of " + format_instant(d.as_of) +
                               ": there is no breach to tell " + c.id + " about";
        return ctx;
      }
    throw Error(Exit::Usage,
                {field("ticket"), " " + d.ticket + ": no such ticket in the ledger as of " + format_instant(d.as_of)});
  }

  if (d.kind == "credit-offer") {
    if (!addressee) throw Error(Exit::Usage, {std::string("credit-offer: name the "), field("customer")});
    auto period = parse_period(d.period);
    // A credit is for the contract's commitment period (terms.md).
    bool quarterly = addressee->quarterly();
    if (!period || period->is_quarter() != quarterly)
      throw Error(Exit::Usage, {std::string("credit-offer: give "), field("period"),
                                quarterly ? " YYYY-Qn (" + addressee->id + "'s credits are per quarter)" : " YYYY-MM"});
    DraftAccount account = account_of(*addressee, *period);
    if (!account.credit)
      ctx.does_not_apply = addressee->id + "'s contract has no credit terms: there is no credit to offer";
    else if (!account.credit->owed) {
      bool final = account.credit->final;
      std::vector<std::string> why;
      if (account.uptime)
        why.push_back("uptime " + account.uptime->percent + "% against a commitment of " + account.uptime->target +
                      "%");
      if (!final) why.push_back("the month is not over");
      std::string because;
      for (const auto& w : why) because += (because.empty() ? " (" : "; ") + w;
      ctx.does_not_apply = addressee->id + " is owed no credit for " + period->label() + (final ? "" : " so far") +
                           because + (because.empty() ? "" : ")") + ": there is nothing to offer";
    }
    ctx.account = std::move(account);
    Interval b = period->bounds(*addressee->zone);
    std::vector<const Outage*> in_period;
    for (const Outage& o : f.outages)
      if (affects(*addressee, *o.started) && o.started->at < b.b && (!o.end || *o.end > b.a)) in_period.push_back(&o);
    std::stable_sort(in_period.begin(), in_period.end(),
                     [](const Outage* x, const Outage* y) { return x->started->at < y->started->at; });
    auto& outages = ctx.outages.emplace();
    for (const Outage* o : in_period)
      outages.push_back({o->started->ref, o->started->title.value_or(o->started->service), o->started->service,
                         format_instant(o->started->at), local(o->started->at)});
    for (const CustomerIncident& i : incidents_of(in_period, d.as_of))
      ctx.incidents.push_back(
          {i.ids, i.title, format_instant(i.start), local(i.start), i.services, joined(i.services)});
    return ctx;
  }

  // Incident drafts: one outage.
  const Outage* outage = nullptr;
  for (const Outage& o : f.outages)
    if (o.started->ref == d.outage) outage = &o;
  if (!outage)
    throw Error(Exit::Usage,
                {field("outage"), " " + d.outage + ": no such outage in the ledger as of " + format_instant(d.as_of)});
  const Event& s = *outage->started;
  Instant until = outage->end ? *outage->end : d.as_of;
  DraftOutage& o = ctx.outage.emplace();
  o.id = s.ref;
  o.title = s.title.value_or(s.service);
  o.service = s.service;
  o.impact = s.partial ? "partial" : "major";
  o.start = format_instant(s.at);
  o.start_local = local(s.at);
  if (outage->end) o.end = format_instant(*outage->end), o.end_local = local(*outage->end);
  o.duration = duration_text(until - s.at);
  o.duration_minutes = (until - s.at) / 60'000;
  // Other customers' names, uptime and credit are the team's to see, never
  // a customer's: only internal-status has them.
  if (d.kind == "internal-status") {
    auto& affected = ctx.affected.emplace();
    for (const Contract& c : impl_->contracts.contracts())
      if (affects(c, s)) affected.push_back(account_of(c, c.period_at(s.at)));
  }
  if (addressee) {
    if (!affects(*addressee, s))
      throw Error(Exit::Usage,
                  {field("customer"), " " + d.customer + ": outage " + d.outage + " does not affect this customer"});
    ctx.account = account_of(*addressee, addressee->period_at(s.at));
  }
  bool after_the_end = d.kind == "resolved" || d.kind == "report-to-follow" || d.kind == "postmortem";
  if (after_the_end && !outage->end)
    ctx.does_not_apply = "outage " + d.outage + " is still ongoing as of " + format_instant(d.as_of) + ": a " + d.kind +
                         " draft is for after it has ended";
  else if (d.kind == "report-to-follow" && addressee && !ctx.account->postmortem_required)
    ctx.does_not_apply = addressee->id + "'s contract promises no post-incident report";
  std::vector<std::pair<Instant, std::string>> steps{{s.at, "outage of " + s.service + " began"}};
  for (const Event* n : f.notices_for(s.ref, d.customer)) steps.emplace_back(n->at, n->kind + " notice sent");
  if (outage->end) steps.emplace_back(*outage->end, "service restored");
  std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [at, what] : steps) ctx.timeline.push_back({format_instant(at), local(at), what});
  ctx.incident = incident_record(d.incident_json);
  return ctx;
}

}  // namespace vow
