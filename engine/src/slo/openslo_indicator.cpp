// What an OpenSLO indicator counts. Vow receives counts from a connector
// (sli.counted), so the import keeps each query in a comment for the person
// who configures that connector.
#include "slo/decimal.hpp"
#include "slo/openslo.hpp"
#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

void flatten(const YAML::Node& node, const std::string& key, std::vector<std::string>& lines) {
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) flatten(it->second, at_key(key, it->first.Scalar()), lines);
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) flatten(node[i], at_index(key, i), lines);
  } else if (node.IsScalar()) {
    const std::string& v = node.Scalar();
    // A multi-line query keeps its lines, under its key.
    if (v.find('\n') == std::string::npos)
      lines.push_back("  " + key + ": " + v);
    else
      lines.push_back("  " + key + ":\n" + v);
  }
}

// The metric at `key` of a ratio (good, bad, total, raw), as comment lines.
bool read_metric(const YAML::Node& ratio, const std::string& key, const std::string& path, bool v1alpha, Diagnostics& d,
                 std::vector<std::string>& about) {
  auto m = get(ratio, key);
  if (!m) return true;
  if (v1alpha) {
    if (!get(*m, "query")) {
      d.refuse(*m, at_key(at_key(path, key), "query"), "is required: what the connector asks its source");
      return false;
    }
    auto lines = describe_source(key, *m);
    about.insert(about.end(), lines.begin(), lines.end());
    return true;
  }
  auto source = get(*m, "metricSource");
  if (!source || !source->IsMap()) {
    d.refuse(source ? *source : *m, at_key(at_key(path, key), "metricSource"),
             "is required: the source and query the connector reads");
    return false;
  }
  auto lines = describe_source(key, *source);
  about.insert(about.end(), lines.begin(), lines.end());
  return true;
}

}  // namespace

std::vector<std::string> describe_source(const std::string& label, const YAML::Node& source) {
  std::vector<std::string> lines{label + ":"};
  flatten(source, "", lines);
  return lines;
}

std::optional<Indicator> read_sli_spec(const YAML::Node& spec, const std::string& path, const std::string& name,
                                       Diagnostics& d) {
  auto ratio = get(spec, "ratioMetric");
  auto threshold = get(spec, "thresholdMetric");
  if (ratio && threshold) {
    d.refuse(spec, path, "has both ratioMetric and thresholdMetric: an SLI measures one");
    return std::nullopt;
  }
  if (!ratio && !threshold) {
    d.refuse(spec, path, "needs a ratioMetric (good or bad, and total) or a thresholdMetric");
    return std::nullopt;
  }
  Indicator ind;
  ind.name = name;
  int before = d.refusals();
  if (threshold) {
    ind.kind = Indicator::Kind::Threshold;
    auto source = get(*threshold, "metricSource");
    if (!source) {
      d.refuse(*threshold, at_key(at_key(path, "thresholdMetric"), "metricSource"),
               "is required: the source and query the connector reads");
      return std::nullopt;
    }
    ind.about =
        describe_source("OpenSLO thresholdMetric (an event is good when its value meets the threshold)", *source);
    return ind;
  }
  const std::string rpath = at_key(path, "ratioMetric");
  auto counter = get(*ratio, "counter");
  std::string counting = counter && bool_of(*counter).value_or(false) ? " (counters: count the increase)" : "";
  auto raw = get(*ratio, "raw");
  auto good = get(*ratio, "good"), bad = get(*ratio, "bad"), total = get(*ratio, "total");
  if (raw) {
    if (good || bad || total) {
      d.refuse(*ratio, rpath, "has raw and good, bad or total: a raw metric is the ratio itself");
      return std::nullopt;
    }
    auto type = get(*ratio, "rawType");
    auto t = type ? text_of(*type) : std::nullopt;
    if (!t || (*t != "success" && *t != "failure")) {
      d.refuse(type ? *type : *ratio, at_key(rpath, "rawType"),
               "must be \"success\" or \"failure\": whether the raw ratio counts what went right or wrong");
      return std::nullopt;
    }
    ind.kind = Indicator::Kind::RawRatio;
    ind.about.push_back("OpenSLO raw ratio of " + *t + counting +
                        ": a share, not counts; send each slice's share as good out of a fixed total");
    read_metric(*ratio, "raw", rpath, false, d, ind.about);
  } else {
    if (!total) d.refuse(*ratio, at_key(rpath, "total"), "is required: the metric of all events");
    if (good && bad) d.refuse(*ratio, rpath, "has both good and bad: a ratio counts one of them against total");
    if (!good && !bad) d.refuse(*ratio, at_key(rpath, "good"), "is required (or bad): the events that count");
    ind.about.push_back(std::string("OpenSLO ratioMetric: ") + (good ? "good" : "bad") + " events out of total" +
                        counting + (bad ? "; good = total - bad" : ""));
    read_metric(*ratio, good ? "good" : "bad", rpath, false, d, ind.about);
    read_metric(*ratio, "total", rpath, false, d, ind.about);
  }
  if (d.refusals() != before) return std::nullopt;
  return ind;
}

std::optional<Indicator> read_v1alpha_ratio(const YAML::Node& ratio, const std::string& path, const std::string& name,
                                            Diagnostics& d) {
  int before = d.refusals();
  if (!get(ratio, "good")) d.refuse(ratio, at_key(path, "good"), "is required: the query of good events");
  if (!get(ratio, "total")) d.refuse(ratio, at_key(path, "total"), "is required: the query of all events");
  Indicator ind;
  ind.name = name;
  auto inc = get(ratio, "incremental");
  ind.about.push_back(std::string("OpenSLO v1alpha ratioMetrics: good events out of total") +
                      (inc && bool_of(*inc).value_or(false) ? " (incremental: count the increase)" : ""));
  read_metric(ratio, "good", path, true, d, ind.about);
  read_metric(ratio, "total", path, true, d, ind.about);
  if (d.refusals() != before) return std::nullopt;
  return ind;
}

std::optional<Indicator> read_v1alpha_threshold(const YAML::Node& threshold, const std::string& path,
                                                const std::string& name, Diagnostics& d) {
  if (!get(threshold, "query")) {
    d.refuse(threshold, at_key(path, "query"), "is required: what the connector asks its source");
    return std::nullopt;
  }
  Indicator ind;
  ind.name = name;
  ind.kind = Indicator::Kind::Threshold;
  ind.about = describe_source("OpenSLO v1alpha thresholdMetric (an event is good when its value meets the threshold)",
                              threshold);
  return ind;
}

std::optional<Indicator> at_threshold(const Indicator& sli, const YAML::Node& objective, const std::string& path,
                                      Diagnostics& d) {
  auto op = get(objective, "op");
  auto value = get(objective, "value");
  auto op_text = op ? text_of(*op) : std::nullopt;
  auto value_text = value ? text_of(*value) : std::nullopt;
  int before = d.refusals();
  if (!op_text || (*op_text != "lt" && *op_text != "lte" && *op_text != "gt" && *op_text != "gte"))
    d.refuse(op ? *op : objective, at_key(path, "op"),
             (op ? shown(*op) + " is not an operator" : std::string("is required with a thresholdMetric")) +
                 ": lt, lte, gt or gte, comparing each value with `value`");
  if (!value_text || !parse_decimal(*value_text))
    d.refuse(value ? *value : objective, at_key(path, "value"),
             (value ? shown(*value) + " is not a number" : std::string("is required with a thresholdMetric")) +
                 ": the threshold each value is compared with");
  if (d.refusals() != before) return std::nullopt;
  Indicator ind = sli;
  ind.name = sli.name + "_" + *op_text + "_" + *value_text;
  ind.about.push_back("good: a value " + *op_text + " " + *value_text + " (from " + path + ")");
  return ind;
}

}  // namespace vow::slo
