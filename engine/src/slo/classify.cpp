#include "slo/classify.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "slo/diagnostics.hpp"
#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

// OpenSLO kinds that promise nothing by themselves: skipping them loses no
// objective, and a user importing a whole OpenSLO folder expects them there.
constexpr std::array<std::string_view, 5> kNoObjective{"Service", "DataSource", "AlertPolicy", "AlertCondition",
                                                       "AlertNotificationTarget"};

constexpr const char* kVersions = "OpenSLO openslo/v1 and openslo/v1alpha, Sloth prometheus/v1 and sloth.slok.dev/v1";

bool without_objective(const std::string& kind) {
  return std::find(kNoObjective.begin(), kNoObjective.end(), kind) != kNoObjective.end();
}

std::string article(const std::string& kind) {
  return std::string(kind.empty() || std::string_view("AEIOU").find(kind[0]) == std::string_view::npos ? "a " : "an ") +
         kind;
}

DocKind openslo(Document& doc, const std::string& api, const std::string& kind, Diagnostics& d) {
  if (kind == "SLO") return api == "openslo/v1" ? DocKind::OpenSloV1Slo : DocKind::OpenSloV1alphaSlo;
  if (kind == "SLI") return DocKind::OpenSloSli;
  if (without_objective(kind)) {
    d.note(doc.root, "", "skipped: " + article(kind) + " carries no objective");
    return DocKind::Skipped;
  }
  auto k = get(doc.root, "kind");
  d.refuse(k ? *k : doc.root, "kind",
           (kind.empty() ? std::string("is required") : "\"" + kind + "\" is not an OpenSLO kind") +
               ": SLO and SLI are imported; Service, DataSource, AlertPolicy, AlertCondition and "
               "AlertNotificationTarget carry no objective");
  return DocKind::Refused;
}

DocKind sloth_resource(Document& doc, const std::string& kind, Diagnostics& d) {
  if (kind == "PrometheusServiceLevel") return DocKind::SlothResource;
  if (kind == "AlertWindows") {
    d.note(doc.root, "",
           "skipped: Sloth's alert windows carry no objective (Vow measures calendar months, "
           "whatever their sloPeriod)");
    return DocKind::Skipped;
  }
  auto k = get(doc.root, "kind");
  d.refuse(k ? *k : doc.root, "kind",
           (kind.empty() ? std::string("is required") : "\"" + kind + "\" is not a Sloth kind") +
               ": PrometheusServiceLevel is imported, AlertWindows skipped");
  return DocKind::Refused;
}

}  // namespace

DocKind classify(Document& doc, ImportResult& out) {
  Diagnostics refuse_whole(out, doc.place);
  if (!doc.root.IsMap()) {
    refuse_whole.refuse(doc.root, "",
                        "is not an SLO definition: OpenSLO and Sloth documents are mappings with apiVersion and kind "
                        "(or Sloth's version)");
    return DocKind::Refused;
  }
  auto api_node = get(doc.root, "apiVersion");
  auto version = get(doc.root, "version");
  auto meta = get(doc.root, "metadata");
  auto spec = get(doc.root, "spec");
  if (!api_node && version) {
    doc.place.kind = "Sloth";
    doc.place.service = text_at(doc.root, "service");
    return DocKind::SlothFile;
  }
  std::string kind = text_at(doc.root, "kind");
  doc.place.kind = kind;
  doc.place.name = meta ? text_at(*meta, "name") : "";
  doc.place.service = spec ? text_at(*spec, "service") : "";
  Diagnostics d(out, doc.place);
  if (!api_node) {
    d.refuse(doc.root, "apiVersion",
             std::string("is required: this is neither an OpenSLO document nor a Sloth one (") + kVersions + ")");
    return DocKind::Refused;
  }
  std::string api = text_of(*api_node).value_or("");
  if (api == "openslo/v1" || api == "openslo/v1alpha") return openslo(doc, api, kind, d);
  if (api == "sloth.slok.dev/v1") return sloth_resource(doc, kind, d);
  if (without_objective(kind)) {
    d.note(doc.root, "", "skipped: " + article(kind) + " carries no objective (apiVersion " + api + ")");
    return DocKind::Skipped;
  }
  d.refuse(*api_node, "apiVersion", shown(*api_node) + " is not a version Vow reads: " + kVersions);
  return DocKind::Refused;
}

}  // namespace vow::slo
