// OpenSLO (openslo/v1 and openslo/v1alpha): SLO documents with their SLI
// inline or referenced by name from an SLI document in any file given.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "slo/diagnostics.hpp"
#include "slo/documents.hpp"
#include "slo/model.hpp"

namespace vow::slo {

// An SLI document, read when the first SLO names it.
struct SliEntry {
  Document doc;
  std::size_t order = 0;   // registration order, so notes follow the files
  bool ambiguous = false;  // two different SLIs share the name
  bool used = false;
  bool read = false;
  std::optional<Indicator> indicator;  // nullopt after reading: refused
};
using SliRegistry = std::map<std::string, SliEntry>;

void register_sli(const Document& doc, SliRegistry& slis, ImportResult& out);
void convert_openslo_slo(const Document& doc, bool v1alpha, SliRegistry& slis, ImportResult& out,
                         std::vector<Objective>& objectives);
// The indicator of the SLI called `name`, read (and its problems reported)
// the first time; nullptr with `why` when there is none to use.
const std::optional<Indicator>* indicator_named(const std::string& name, SliRegistry& slis, ImportResult& out,
                                                std::string& why);
// A note for each SLI no SLO used: it carries no objective of its own.
void note_unused_slis(const SliRegistry& slis, ImportResult& out);

// The SLO's window (`spec.timeWindow`, v1alpha `spec.timeWindows`) as a
// Vow period; refused unless a calendar month or quarter from midnight on
// the 1st.
std::optional<Period> read_window(const YAML::Node& spec, bool v1alpha, Diagnostics& d);

// An SLI's spec (v1: `ratioMetric` or `thresholdMetric`); `path` is where
// the spec stands in its document.
std::optional<Indicator> read_sli_spec(const YAML::Node& spec, const std::string& path, const std::string& name,
                                       Diagnostics& d);
// v1alpha: an objective's `ratioMetrics`, or the SLO's `indicator.thresholdMetric`.
std::optional<Indicator> read_v1alpha_ratio(const YAML::Node& ratio, const std::string& path, const std::string& name,
                                            Diagnostics& d);
std::optional<Indicator> read_v1alpha_threshold(const YAML::Node& threshold, const std::string& path,
                                                const std::string& name, Diagnostics& d);

// A threshold SLI counted against one objective's `op` and `value`: each
// threshold is an indicator of its own ("latency_lt_500").
std::optional<Indicator> at_threshold(const Indicator& sli, const YAML::Node& objective, const std::string& path,
                                      Diagnostics& d);

// spec.budgetingMethod.
enum class Budgeting { Occurrences, Timeslices, RatioTimeslices };
std::optional<Budgeting> read_budgeting(const YAML::Node& spec, Diagnostics& d);

// An objective's `target` (a ratio) or v1's `targetPercent` into out.target.
bool read_target(const YAML::Node& objective, const std::string& path, Objective& out, Diagnostics& d);

// The method, and with slices their length and threshold, into `out`.
bool read_budget(const YAML::Node& objective, const std::string& path, Budgeting b, bool v1alpha, Objective& out,
                 Diagnostics& d);

// Comment lines that say what a metric source reads, every scalar in it.
std::vector<std::string> describe_source(const std::string& label, const YAML::Node& source);

}  // namespace vow::slo
