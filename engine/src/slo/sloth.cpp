// A Sloth service: each of its SLOs becomes a Vow objective over a calendar
// month, once the document passes Sloth's own validation.
#include "slo/sloth.hpp"

#include <set>

#include "slo/decimal.hpp"
#include "slo/diagnostics.hpp"
#include "slo/sloth_rules.hpp"
#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

// prometheus/v1 writes snake_case keys, the Kubernetes resource camelCase;
// Sloth reads only its format's spelling.
struct Keys {
  const char* error_query;
  const char* total_query;
  const char* error_ratio_query;
  const char* page_alert;
  const char* ticket_alert;
};
constexpr Keys kFileKeys{"error_query", "total_query", "error_ratio_query", "page_alert", "ticket_alert"};
constexpr Keys kResourceKeys{"errorQuery", "totalQuery", "errorRatioQuery", "pageAlert", "ticketAlert"};

std::optional<std::string> query_at(const YAML::Node& parent, const char* key, const std::string& path,
                                    Diagnostics& d) {
  auto q = get(parent, key);
  auto text = q ? text_of(*q) : std::nullopt;
  auto why = text ? query_problem(*text) : std::optional<std::string>("is required: a PromQL query");
  if (why) {
    d.refuse(q ? *q : parent, at_key(path, key), *why);
    return std::nullopt;
  }
  return text;
}

// The SLI: events (errors and total) or raw (an error ratio), never both.
std::optional<Indicator> read_sli(const YAML::Node& slo, const std::string& path, const Keys& k, const std::string& id,
                                  Diagnostics& d) {
  auto sli = get(slo, "sli");
  const std::string spath = at_key(path, "sli");
  if (!sli || !sli->IsMap()) {
    d.refuse(sli ? *sli : slo, spath, "is required: events (the error and total queries) or raw (an error ratio)");
    return std::nullopt;
  }
  auto events = get(*sli, "events"), raw = get(*sli, "raw"), plugin = get(*sli, "plugin");
  int kinds = (events ? 1 : 0) + (raw ? 1 : 0) + (plugin ? 1 : 0);
  if (kinds == 0) {
    d.refuse(*sli, spath,
             "sets no SLI: it needs events (" + std::string(k.error_query) + " and " + k.total_query + ") or raw (" +
                 k.error_ratio_query + ")");
    return std::nullopt;
  }
  if (kinds > 1) {
    d.refuse(*sli, spath, "sets more than one of events, raw and plugin: Sloth takes one");
    return std::nullopt;
  }
  if (plugin) {
    d.refuse(*plugin, at_key(spath, "plugin"),
             "is a Sloth SLI plugin, whose query only exists when Sloth runs it: write its queries as events or raw");
    return std::nullopt;
  }
  Indicator ind;
  ind.name = id;
  if (raw) {
    auto q = query_at(*raw, k.error_ratio_query, at_key(spath, "raw"), d);
    if (!q) return std::nullopt;
    ind.kind = Indicator::Kind::RawRatio;
    ind.about = {
        "Sloth raw SLI: an error ratio, not counts; send each 5-minute slice's share as good out of a "
        "fixed total ({{.window}} = 5m)",
        std::string(k.error_ratio_query) + ":\n" + *q};
    ind.definition = "raw error ratio:\n" + *q;
    return ind;
  }
  auto error = query_at(*events, k.error_query, at_key(spath, "events"), d);
  auto total = query_at(*events, k.total_query, at_key(spath, "events"), d);
  if (!error || !total) return std::nullopt;
  if (*error == *total) {
    d.refuse(*get(*events, k.total_query), at_key(at_key(spath, "events"), k.total_query),
             "is the same query as " + std::string(k.error_query) + ": Sloth refuses an SLI whose every event fails");
    return std::nullopt;
  }
  ind.about = {"Sloth events SLI: good = total - errors ({{.window}} is the window counted)",
               std::string(k.error_query) + ":\n" + *error, std::string(k.total_query) + ":\n" + *total};
  ind.definition = "errors:\n" + *error + "\ntotal:\n" + *total;
  return ind;
}

// Sloth's alerts are not imported, but Sloth refuses an SLO whose enabled
// alert has no name or bad labels, and so does Vow. True when an alert is
// enabled (Sloth enables both unless told `disable: true`).
bool check_alerting(const YAML::Node& slo, const std::string& path, const Keys& k, Diagnostics& d) {
  auto alerting = get(slo, "alerting");
  const std::string apath = at_key(path, "alerting");
  YAML::Node empty;
  const YAML::Node& a = alerting ? *alerting : empty;
  bool any_enabled = false;
  for (const char* which : {k.page_alert, k.ticket_alert}) {
    auto alert = get(a, which);
    auto disable = alert ? get(*alert, "disable") : std::nullopt;
    if (disable && bool_of(*disable).value_or(false)) continue;
    any_enabled = true;
    for (const char* meta : {"labels", "annotations"})
      if (auto m = alert ? get(*alert, meta) : std::nullopt)
        check_labels(*m, at_key(at_key(apath, which), meta), std::string(meta) == "annotations", d);
  }
  if (!any_enabled) return false;
  auto name = get(a, "name");
  auto text = name ? text_of(*name) : std::nullopt;
  if (!text || text->empty())
    d.refuse(name ? *name : (alerting ? *alerting : slo), at_key(apath, "name"),
             "is required while the page or ticket alert is enabled (Sloth names the alerts by it; "
             "disable both with disable: true to go without)");
  for (const char* meta : {"labels", "annotations"})
    if (auto m = get(a, meta)) check_labels(*m, at_key(apath, meta), std::string(meta) == "annotations", d);
  return true;
}

std::optional<std::string> read_objective(const YAML::Node& slo, const std::string& path, Diagnostics& d) {
  auto node = get(slo, "objective");
  const std::string opath = at_key(path, "objective");
  auto text = node ? text_of(*node) : std::nullopt;
  auto x = text ? parse_decimal(*text) : std::nullopt;
  if (!node) {
    d.refuse(slo, opath, "is required: the percent of good events, above 0 and at most 100, such as 99.9");
  } else if (!x || compare(*x, Decimal{0, 0}) <= 0 || compare(*x, Decimal{100, 0}) > 0) {
    d.refuse(*node, opath, shown(*node) + " is not a percent above 0 and at most 100, as Sloth's objective must be");
  } else if (x->scale > 6) {
    d.refuse(*node, opath, "has more than 6 decimals: Vow compares percents of at most 6 decimals exactly");
  } else {
    return to_text(*x);
  }
  return std::nullopt;
}

}  // namespace

bool convert_sloth(const Document& doc, bool kubernetes, ImportResult& out, std::vector<Objective>& objectives) {
  Diagnostics d(out, doc.place);
  const Keys& k = kubernetes ? kResourceKeys : kFileKeys;
  const std::string base = kubernetes ? "spec" : "";
  YAML::Node body = doc.root;
  if (kubernetes) {
    auto spec = get(doc.root, "spec");
    if (!spec || !spec->IsMap()) {
      d.refuse(spec ? *spec : doc.root, "spec", "is required: the service and its SLOs");
      return false;
    }
    body = *spec;
  } else {
    auto version = get(doc.root, "version");
    auto text = version ? text_of(*version) : std::nullopt;
    if (text != "prometheus/v1") {
      d.refuse(version ? *version : doc.root, "version",
               (version ? shown(*version) : std::string("nothing")) +
                   " is not a Sloth version Vow reads: Sloth's SLOs are \"prometheus/v1\"");
      return false;
    }
  }
  auto service_node = get(body, "service");
  auto service = service_node ? text_of(*service_node) : std::nullopt;
  const std::string svpath = at_key(base, "service");
  if (!service || service->empty())
    d.refuse(service_node ? *service_node : body, svpath, "is required: the service the SLOs are about");
  else if (!sloth_name(*service))
    d.refuse(*service_node, svpath,
             shown(*service_node) + " is not a Sloth name: letters and digits at both ends, - _ . between");
  if (auto labels = get(body, "labels")) check_labels(*labels, at_key(base, "labels"), false, d);
  auto slos = get(body, "slos");
  const std::string lpath = at_key(base, "slos");
  if (!slos || !slos->IsSequence() || slos->size() == 0) {
    d.refuse(slos ? *slos : body, lpath, "is required: a list of one or more SLOs");
    return false;
  }
  std::vector<Objective> converted;
  std::set<std::string> names;
  bool alerts = false;
  for (std::size_t i = 0; i < slos->size(); ++i) {
    const YAML::Node slo = (*slos)[i];
    const std::string path = at_index(lpath, i);
    int before = d.refusals();
    auto name_node = get(slo, "name");
    auto name = name_node ? text_of(*name_node) : std::nullopt;
    if (!name || name->empty())
      d.refuse(name_node ? *name_node : slo, at_key(path, "name"), "is required: the SLO's name");
    else if (!sloth_name(*name))
      d.refuse(*name_node, at_key(path, "name"),
               shown(*name_node) + " is not a Sloth name: letters and digits at both ends, - _ . between");
    else if (!names.insert(*name).second)
      d.refuse(*name_node, at_key(path, "name"), "\"" + *name + "\" names another SLO of this service too");
    auto target = read_objective(slo, path, d);
    if (auto labels = get(slo, "labels")) check_labels(*labels, at_key(path, "labels"), false, d);
    // Sloth's ID, which names its recording rules: unique across services.
    std::string id = service.value_or("") + "-" + name.value_or("");
    auto sli = read_sli(slo, path, k, id, d);
    alerts = check_alerting(slo, path, k, d) || alerts;
    if (d.refusals() != before || !sli || !target) continue;
    Objective o;
    o.name = id;
    o.sli = sli->name;
    o.target = *target;
    if (sli->kind == Indicator::Kind::RawRatio) {
      // Sloth averages a raw SLI's 5-minute error ratios over its period:
      // the mean of slices' error rates, which is what ratio_timeslices is.
      o.method = Method::RatioTimeslices;
      o.slice = "5m";
    }
    o.service = service.value_or("");
    o.place = doc.place;
    o.source = {doc.place.file + ": " + describe_document(doc.place) + ": " + path};
    if (auto desc = get(slo, "description"); desc && text_of(*desc)) o.source.push_back(*text_of(*desc));
    o.indicator = sli->about;
    o.definition = sli->definition;
    o.indicator.insert(o.indicator.begin(), "indicator \"" + sli->name + "\":");
    converted.push_back(std::move(o));
  }
  if (d.refusals() > 0) return false;
  if (alerts)
    d.note(*slos, at_key(lpath + "[*]", "alerting"),
           "Sloth's alerts are not imported: Vow raises objective.budget_warning and objective.breached itself");
  for (Objective& o : converted) objectives.push_back(std::move(o));
  return !converted.empty();
}

}  // namespace vow::slo
