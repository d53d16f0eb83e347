// The facts behind customer communications: every number in a draft comes
// from here, computed from the ledger like any report.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine_impl.hpp"

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

json incident_record(const std::string& text) {
  json rec = text.empty() ? json::object() : json::parse(text, nullptr, false);
  if (rec.is_discarded() || !rec.is_object()) throw Error(Exit::BadData, "the incident record is not a JSON object");
  json out = json::object();
  for (const char* key : {"summary", "root_cause"}) {
    out[key] = rec.value(key, json());
    out[std::string(key) + "_missing"] =
        !rec.contains(key) || !rec[key].is_string() || rec[key].get<std::string>().empty();
  }
  for (const char* key : {"contributing_factors", "preventive_measures"}) {
    json list = json::array();
    if (rec.contains(key) && rec[key].is_array())
      for (const auto& item : rec[key])
        if (item.is_string()) list.push_back(json{{"text", item}});
    out[key] = list;
    out[std::string(key) + "_missing"] = list.empty();
  }
  return out;
}

}  // namespace

std::string Engine::tier_of(const std::string& customer) const {
  const Contract* c = impl_->contracts.find(customer);
  return c && c->tier ? *c->tier : "";
}

std::string Engine::draft_context(const DraftRequest& d) {
  Facts f = impl_->facts(d.as_of);
  std::vector<Diagnostic> errors;
  json ctx{{"kind", d.kind}, {"as_of", format_instant(d.as_of)}};
  auto customer_json = [&](const Contract& c) {
    return json{{"id", c.id}, {"name", c.name}, {"tier", c.tier ? json(*c.tier) : json()}};
  };
  const Contract* addressee = nullptr;
  if (!d.customer.empty()) {
    addressee = impl_->contracts.find(d.customer);
    if (!addressee) throw Error(Exit::Usage, "--customer " + d.customer + ": no contract has this id");
    ctx["customer"] = customer_json(*addressee);
  }
  // How an account stands in a month: uptime, credit, whether a report is owed.
  auto account_json = [&](const Contract& c, const Period& month) {
    AccountReport a = impl_->account(c, month, d.as_of, f, errors);
    json j = customer_json(c);
    j["period"] = month.label();
    if (a.uptime)
      j["uptime"] = {{"percent", fixed(a.uptime->percent, 3)},
                     {"target", fixed(a.uptime->target, 3)},
                     {"met", a.uptime->met},
                     {"downtime_minutes", fixed(a.uptime->downtime_seconds / 60.0, 1)}};
    if (a.credit) {
      j["credit"] = {{"amount", a.credit->amount},
                     {"currency", a.credit->currency},
                     {"final", a.credit->final},
                     {"monthly_fee", a.credit->monthly_fee},
                     {"owed", a.credit->amount != Decimal().format(minor_unit_digits(a.credit->currency))}};
      if (a.credit->percent) j["credit"]["percent"] = fixed(*a.credit->percent, 2);
      if (a.credit->invoice) j["credit"]["invoice"] = *a.credit->invoice;
    }
    j["status"] = a.status;
    j["postmortem_required"] = c.communications && c.communications->postmortem.has_value();
    return j;
  };

  if (d.kind == "breach") {
    for (const Contract& c : impl_->contracts.contracts())
      for (const auto& t : f.tickets_for(c.id)) {
        if (t.opened->ref != d.ticket) continue;
        impl_->clocks.clear();
        ticket_clocks(t, c, d.as_of, *f.priorities, impl_->scratch, impl_->clocks);
        json breaches = json::array();
        for (const auto& clock : impl_->clocks)
          if (clock.state == ClockResult::State::Breached)
            breaches.push_back({{"metric", clock.metric == Metric::Response ? "first response" : "resolution"},
                                {"priority", std::string(clock.priority)},
                                {"target", duration_text(clock.target)},
                                {"breached_at", format_instant(clock.settled)}});
        ctx["ticket"] = {{"id", d.ticket},
                         {"opened", format_instant(t.opened->at)},
                         {"breaches", breaches},
                         {"breached", !breaches.empty()}};
        ctx["customer"] = customer_json(c);
        ctx["account"] = account_json(c, month_containing(t.opened->at, *c.zone));
        return ctx.dump();
      }
    throw Error(Exit::Usage,
                "--ticket " + d.ticket + ": no such ticket in the ledger as of " + format_instant(d.as_of));
  }

  if (d.kind == "credit-offer") {
    if (!addressee) throw Error(Exit::Usage, "credit-offer: name the --customer");
    auto period = parse_period(d.period);
    if (!period || period->is_quarter()) throw Error(Exit::Usage, "credit-offer: give --period YYYY-MM");
    ctx["account"] = account_json(*addressee, *period);
    json outages = json::array();
    Interval b = period->bounds(*addressee->zone);
    for (const Outage& o : f.outages)
      if (affects(*addressee, *o.started) && o.started->at < b.b && (!o.end || *o.end > b.a))
        outages.push_back({{"id", o.started->ref},
                           {"title", o.started->title.value_or(o.started->service)},
                           {"start", format_instant(o.started->at)}});
    ctx["has_outages"] = !outages.empty();
    ctx["outages"] = outages;
    return ctx.dump();
  }

  // Incident drafts: one outage.
  const Outage* outage = nullptr;
  for (const Outage& o : f.outages)
    if (o.started->ref == d.outage) outage = &o;
  if (!outage)
    throw Error(Exit::Usage,
                "--outage " + d.outage + ": no such outage in the ledger as of " + format_instant(d.as_of));
  const Event& s = *outage->started;
  Instant until = outage->end ? *outage->end : d.as_of;
  ctx["outage"] = {{"id", s.ref},
                   {"title", s.title.value_or(s.service)},
                   {"service", s.service},
                   {"impact", s.partial ? "partial" : "major"},
                   {"start", format_instant(s.at)},
                   {"end", outage->end ? json(format_instant(*outage->end)) : json()},
                   {"ongoing", !outage->end},
                   {"duration", duration_text(until - s.at)},
                   {"duration_minutes", (until - s.at) / 60'000}};
  json affected = json::array();
  for (const Contract& c : impl_->contracts.contracts())
    if (affects(c, s)) affected.push_back(account_json(c, month_containing(s.at, *c.zone)));
  ctx["affected"] = {{"count", affected.size()}, {"customers", affected}};
  if (addressee) {
    if (!affects(*addressee, s))
      throw Error(Exit::Usage, "--customer " + d.customer + ": outage " + d.outage + " does not affect this customer");
    ctx["account"] = account_json(*addressee, month_containing(s.at, *addressee->zone));
  }
  json timeline = json::array();
  timeline.push_back({{"at", format_instant(s.at)}, {"what", "outage of " + s.service + " began"}});
  for (const Event* n : f.notices_for(s.ref, d.customer))
    timeline.push_back({{"at", format_instant(n->at)}, {"what", n->kind + " notice sent"}});
  if (outage->end) timeline.push_back({{"at", format_instant(*outage->end)}, {"what", "service restored"}});
  std::stable_sort(timeline.begin(), timeline.end(), [](const json& a, const json& b) {
    return a["at"].get<std::string>() < b["at"].get<std::string>();
  });
  ctx["timeline"] = timeline;
  ctx["incident"] = incident_record(d.incident_json);
  return ctx.dump();
}

}  // namespace vow
