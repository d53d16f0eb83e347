// An OpenSLO SLO document: each of its objectives becomes a Vow objective
// over the SLO's window, reading the SLO's indicator.
#include "slo/openslo.hpp"

#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

// v1: the SLO's indicator, inline or referenced. Composite SLOs, which give
// each objective its own, are refused where the objectives are read.
std::optional<Indicator> v1_indicator(const YAML::Node& spec, SliRegistry& slis, ImportResult& out, Diagnostics& d) {
  auto inline_sli = get(spec, "indicator");
  auto ref = get(spec, "indicatorRef");
  if (inline_sli && ref) {
    d.refuse(*ref, "spec.indicatorRef", "is given with spec.indicator: an SLO reads one SLI");
    return std::nullopt;
  }
  if (ref) {
    auto name = text_of(*ref);
    std::string why = "must be the name of an SLI";
    const std::optional<Indicator>* found = name ? indicator_named(*name, slis, out, why) : nullptr;
    if (!found) {
      d.refuse(*ref, "spec.indicatorRef", why);
      return std::nullopt;
    }
    return **found;
  }
  if (!inline_sli) {
    d.refuse(spec, "spec.indicator", "is required (or spec.indicatorRef): the SLI the objectives read");
    return std::nullopt;
  }
  auto meta = get(*inline_sli, "metadata");
  std::string name = meta ? text_at(*meta, "name") : "";
  auto sli_spec = get(*inline_sli, "spec");
  if (name.empty()) {
    d.refuse(meta ? *meta : *inline_sli, "spec.indicator.metadata.name",
             "is required: the SLI's name, which its sli.counted events carry");
    return std::nullopt;
  }
  if (!sli_spec) {
    d.refuse(*inline_sli, "spec.indicator.spec", "is required: the SLI's ratioMetric or thresholdMetric");
    return std::nullopt;
  }
  return read_sli_spec(*sli_spec, "spec.indicator.spec", name, d);
}

// v1alpha: an objective's own ratioMetrics, else the SLO's thresholdMetric.
std::optional<Indicator> v1alpha_indicator(const YAML::Node& objective, const std::string& path,
                                           const std::optional<Indicator>& threshold, const std::string& sli_name,
                                           Diagnostics& d) {
  if (auto ratio = get(objective, "ratioMetrics"))
    return read_v1alpha_ratio(*ratio, at_key(path, "ratioMetrics"), sli_name, d);
  if (threshold) return threshold;
  d.refuse(objective, at_key(path, "ratioMetrics"),
           "is required, unless spec.indicator has a thresholdMetric: the good and total queries");
  return std::nullopt;
}

}  // namespace

void convert_openslo_slo(const Document& doc, bool v1alpha, SliRegistry& slis, ImportResult& out,
                         std::vector<Objective>& objectives) {
  Diagnostics d(out, doc.place);
  const YAML::Node& root = doc.root;
  auto meta = get(root, "metadata");
  std::string name = meta ? text_at(*meta, "name") : "";
  if (name.empty()) d.refuse(meta ? *meta : root, "metadata.name", "is required: the SLO's name");
  auto spec = get(root, "spec");
  if (!spec || !spec->IsMap()) {
    d.refuse(spec ? *spec : root, "spec", "is required: the SLO's window, indicator and objectives");
    return;
  }
  auto period = read_window(*spec, v1alpha, d);
  auto budgeting = read_budgeting(*spec, d);
  std::optional<Indicator> sli;
  if (!v1alpha) {
    sli = v1_indicator(*spec, slis, out, d);
  } else if (auto ind = get(*spec, "indicator")) {
    auto threshold = get(*ind, "thresholdMetric");
    if (threshold)
      sli = read_v1alpha_threshold(*threshold, "spec.indicator.thresholdMetric", name, d);
    else
      d.refuse(*ind, "spec.indicator.thresholdMetric",
               "is required in spec.indicator (ratios go in each objective's ratioMetrics)");
  }
  if (sli && sli->kind == Indicator::Kind::RawRatio && budgeting == Budgeting::Occurrences)
    d.refuse(*get(*spec, "budgetingMethod"), "spec.budgetingMethod",
             "Occurrences counts events, and a raw ratio gives none: use Timeslices or RatioTimeslices");
  auto list = get(*spec, "objectives");
  if (!list || !list->IsSequence() || list->size() == 0) {
    d.refuse(list ? *list : *spec, "spec.objectives", "is required: a list of one or more objectives");
    return;
  }
  std::vector<std::string> about;
  std::string display = meta ? text_at(*meta, "displayName") : "";
  std::string description = text_at(*spec, "description");
  if (!display.empty() || !description.empty())
    about.push_back(display + (display.empty() || description.empty() ? "" : ": ") + description);
  if (auto policies = get(*spec, "alertPolicies"); policies && policies->size() > 0)
    d.note(*policies, "spec.alertPolicies",
           "not imported: Vow raises objective.budget_warning and objective.breached from budget_warn");
  std::vector<Objective> converted;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const YAML::Node o = (*list)[i];
    const std::string path = at_index("spec.objectives", i);
    if (!o.IsMap()) {
      d.refuse(o, path, "must be an objective: a mapping with a target");
      continue;
    }
    int before = d.refusals();
    for (const char* composite : {"indicator", "indicatorRef", "compositeWeight"})
      if (auto c = get(o, composite))
        d.refuse(*c, at_key(path, composite),
                 "makes this a composite SLO, an indicator per objective: Vow imports one indicator per SLO");
    std::string shown_name = text_at(o, "displayName");
    Objective obj;
    obj.name = list->size() == 1 ? name : name + " - " + (shown_name.empty() ? path : shown_name);
    std::optional<Indicator> ind =
        v1alpha ? v1alpha_indicator(o, path, sli, list->size() == 1 ? name : name + "-" + std::to_string(i), d) : sli;
    if (ind && ind->kind == Indicator::Kind::Threshold) ind = at_threshold(*ind, o, path, d);
    read_target(o, path, obj, d);
    if (budgeting) read_budget(o, path, *budgeting, v1alpha, obj, d);
    if (!ind || d.refusals() != before) continue;
    obj.sli = ind->name;
    obj.indicator = ind->about;
    for (const std::string& line : ind->about) obj.definition += line + "\n";
    obj.indicator.insert(obj.indicator.begin(), "indicator \"" + ind->name + "\":");
    obj.service = doc.place.service;
    obj.place = doc.place;
    obj.source = {doc.place.file + ": " + describe_document(doc.place) + ": " + path +
                  (shown_name.empty() ? "" : " (\"" + shown_name + "\")")};
    obj.source.insert(obj.source.end(), about.begin(), about.end());
    converted.push_back(std::move(obj));
  }
  if (d.refusals() > 0 || !period || !budgeting) return;
  for (Objective& o : converted) {
    o.period = *period;
    objectives.push_back(std::move(o));
  }
}

}  // namespace vow::slo
