#include "output/draft_json.hpp"

#include "vow/render.hpp"

namespace vow {
namespace {

using json = nlohmann::json;

json opt(const std::optional<std::string>& v) {
  return v ? json(*v) : json();
}

json customer_json(const DraftCustomer& c) {
  return json{{"id", c.id}, {"name", c.name}, {"tier", opt(c.tier)}};
}

json account_json(const DraftAccount& a) {
  json j = customer_json(a.customer);
  j["period"] = a.period;
  if (a.uptime)
    j["uptime"] = {{"percent", a.uptime->percent},
                   {"target", a.uptime->target},
                   {"met", a.uptime->met},
                   {"downtime_minutes", a.uptime->downtime_minutes}};
  if (a.credit) {
    const DraftCredit& c = *a.credit;
    j["credit"] = {{"amount", c.amount}, {"currency", c.currency},   {"final", c.final}, {"monthly_fee", c.monthly_fee},
                   {"fee", c.fee},       {"quarterly", c.quarterly}, {"owed", c.owed}};
    if (c.percent) j["credit"]["percent"] = *c.percent;
    if (c.formula_percent) j["credit"]["formula_percent"] = *c.formula_percent;
    if (c.invoice) j["credit"]["invoice"] = *c.invoice;
    j["credit"]["clause"] = c.clause ? json(*c.clause) : json(nullptr);
  }
  j["status"] = to_string(a.status);
  j["postmortem_required"] = a.postmortem_required;
  if (a.update_every) j["update_every"] = *a.update_every;
  return j;
}

json texts(const std::vector<std::string>& items) {
  json list = json::array();
  for (const auto& item : items) list.push_back(json{{"text", item}});
  return list;
}

// Each text field, and whether the record left it out (or empty): a draft
// marks what is missing rather than papering over it.
json incident_json(const DraftIncidentRecord& r) {
  json out = json::object();
  for (auto [key, value] : {std::pair{"summary", &r.summary}, std::pair{"root_cause", &r.root_cause}}) {
    out[key] = opt(*value);
    out[std::string(key) + "_missing"] = !*value || (*value)->empty();
  }
  for (auto [key, list] : {std::pair{"contributing_factors", &r.contributing_factors},
                           std::pair{"preventive_measures", &r.preventive_measures}}) {
    out[key] = texts(*list);
    out[std::string(key) + "_missing"] = list->empty();
  }
  return out;
}

}  // namespace

json draft_json(const DraftFacts& f) {
  json ctx{{"kind", f.kind},
           {"as_of", f.as_of},
           {"does_not_apply", opt(f.does_not_apply)},
           {"timezone", f.timezone},
           {"as_of_local", f.as_of_local}};
  if (f.customer) ctx["customer"] = customer_json(*f.customer);
  if (f.account) ctx["account"] = account_json(*f.account);
  if (f.ticket) {
    const DraftTicket& t = *f.ticket;
    json breaches = json::array();
    for (const auto& b : t.breaches)
      breaches.push_back({{"metric", b.metric},
                          {"priority", b.priority},
                          {"target", b.target},
                          {"breached_at", b.breached_at},
                          {"breached_at_local", b.breached_at_local},
                          {"clause", b.clause ? json(*b.clause) : json(nullptr)}});
    ctx["ticket"] = {{"id", t.id},
                     {"opened", t.opened},
                     {"opened_local", t.opened_local},
                     {"breaches", breaches},
                     {"breached", !t.breaches.empty()},
                     {"breached_metrics", t.breached_metrics}};
  }
  if (f.outages) {
    json outages = json::array();
    for (const auto& o : *f.outages)
      outages.push_back({{"id", o.id},
                         {"title", o.title},
                         {"service", o.service},
                         {"start", o.start},
                         {"start_local", o.start_local}});
    json grouped = json::array();
    for (const auto& i : f.incidents) {
      json services = json::array();
      for (const auto& name : i.services) services.push_back({{"name", name}});
      grouped.push_back({{"id", i.ids.front()},
                         {"ids", i.ids},
                         {"title", i.title},
                         {"start", i.start},
                         {"start_local", i.start_local},
                         {"services", services},
                         {"services_text", i.services_text}});
    }
    ctx["has_outages"] = !f.outages->empty();
    ctx["outages"] = outages;
    ctx["incidents"] = grouped;
  }
  if (f.outage) {
    const DraftOutage& o = *f.outage;
    ctx["outage"] = {{"id", o.id},
                     {"title", o.title},
                     {"service", o.service},
                     {"impact", o.impact},
                     {"start", o.start},
                     {"start_local", o.start_local},
                     {"end", opt(o.end)},
                     {"end_local", opt(o.end_local)},
                     {"ongoing", !o.end},
                     {"duration", o.duration},
                     {"duration_minutes", o.duration_minutes}};
    json timeline = json::array();
    for (const auto& s : f.timeline) timeline.push_back({{"at", s.at}, {"at_local", s.at_local}, {"what", s.what}});
    ctx["timeline"] = timeline;
  }
  if (f.affected) {
    json affected = json::array();
    for (const auto& a : *f.affected) affected.push_back(account_json(a));
    ctx["affected"] = {{"count", affected.size()}, {"customers", affected}};
  }
  if (f.incident) ctx["incident"] = incident_json(*f.incident);
  return ctx;
}

std::string to_json(const DraftFacts& f) {
  return draft_json(f).dump(2) + "\n";
}

}  // namespace vow
