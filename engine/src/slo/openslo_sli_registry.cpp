// SLI documents by name, across every file given: an SLO's indicatorRef may
// name one from another file, so all are known before any SLO is read.
#include <algorithm>

#include "slo/openslo.hpp"
#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

std::string where(const Place& p) {
  return p.file + (p.line ? ":" + std::to_string(p.line) : "");
}

}  // namespace

void register_sli(const Document& doc, SliRegistry& slis, ImportResult& out) {
  Diagnostics d(out, doc.place);
  auto meta = get(doc.root, "metadata");
  auto name = meta ? get(*meta, "name") : std::nullopt;
  auto text = name ? text_of(*name) : std::nullopt;
  if (!text || text->empty()) {
    d.refuse(meta ? *meta : doc.root, "metadata.name", "is required: SLOs name an SLI by it");
    return;
  }
  SliEntry entry;
  entry.doc = doc;
  entry.order = slis.size();
  auto [it, fresh] = slis.try_emplace(*text, entry);
  if (fresh) {
    it->second.doc.place.line = line_of(doc.root);
    return;
  }
  auto spec_of = [](const YAML::Node& root) {
    auto s = get(root, "spec");
    return s ? YAML::Dump(*s) : std::string();
  };
  const Place& first = it->second.doc.place;
  if (spec_of(doc.root) == spec_of(it->second.doc.root)) {
    d.note(*name, "metadata.name", "the same SLI as at " + where(first) + ": read once");
    return;
  }
  d.refuse(*name, "metadata.name",
           "\"" + *text + "\" names another SLI too, defined differently (" + where(first) +
               "): an SLO's indicatorRef could not tell which it means");
  it->second.ambiguous = true;
}

void note_unused_slis(const SliRegistry& slis, ImportResult& out) {
  std::vector<const SliEntry*> unused;
  for (const auto& [name, entry] : slis)
    if (!entry.used) unused.push_back(&entry);
  std::sort(unused.begin(), unused.end(), [](const SliEntry* a, const SliEntry* b) { return a->order < b->order; });
  for (const SliEntry* e : unused) {
    const SliEntry& entry = *e;
    Diagnostics d(out, entry.doc.place);
    d.note(entry.doc.root, "", "skipped: no SLO given uses this SLI, and an SLI alone promises nothing");
  }
}

// Reads the named SLI once, reporting its problems at its own document.
const std::optional<Indicator>* indicator_named(const std::string& name, SliRegistry& slis, ImportResult& out,
                                                std::string& why) {
  auto it = slis.find(name);
  if (it == slis.end()) {
    why = "\"" + name + "\" names no SLI in the files given (an SLI document with metadata.name: " + name + ")";
    return nullptr;
  }
  SliEntry& e = it->second;
  e.used = true;
  if (e.ambiguous) {
    why = "\"" + name + "\" names two different SLIs in the files given";
    return nullptr;
  }
  if (!e.read) {
    e.read = true;
    Diagnostics d(out, e.doc.place);
    auto spec = get(e.doc.root, "spec");
    if (!spec)
      d.refuse(e.doc.root, "spec", "is required: the SLI's ratioMetric or thresholdMetric");
    else
      e.indicator = read_sli_spec(*spec, "spec", name, d);
  }
  if (!e.indicator) {
    why = "the SLI \"" + name + "\" it names (" + where(e.doc.place) + ") was refused: see its message";
    return nullptr;
  }
  return &e.indicator;
}

}  // namespace vow::slo
