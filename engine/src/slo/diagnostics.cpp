#include "slo/diagnostics.hpp"

#include "slo/yaml_access.hpp"

namespace vow::slo {

Message Diagnostics::make(const YAML::Node& at, const std::string& field, const std::string& text) const {
  Message m{place_, field, text};
  if (int line = line_of(at)) m.place.line = line;
  return m;
}

void Diagnostics::refuse(const YAML::Node& at, const std::string& field, const std::string& why) {
  out_.refusals.push_back(make(at, field, why));
  ++refusals_;
}

void Diagnostics::warn(const YAML::Node& at, const std::string& field, const std::string& what) {
  out_.warnings.push_back(make(at, field, what));
}

void Diagnostics::note(const YAML::Node& at, const std::string& field, const std::string& what) {
  out_.notes.push_back(make(at, field, what));
}

std::string describe_document(const Place& p) {
  std::string s;
  if (p.document > 0) s = "document " + std::to_string(p.document);
  if (p.item > 0) s += ", item " + std::to_string(p.item);
  std::string what;
  if (!p.kind.empty()) what = p.kind;
  if (!p.name.empty()) what += (what.empty() ? "" : " ") + ("\"" + p.name + "\"");
  if (!p.service.empty()) what += (what.empty() ? "" : ", ") + ("service \"" + p.service + "\"");
  if (!what.empty()) s += (s.empty() ? "" : " ") + ("(" + what + ")");
  return s;
}

std::string format_message(const Message& m) {
  std::string s = m.place.file;
  if (m.place.line > 0) s += ":" + std::to_string(m.place.line);
  std::string doc = describe_document(m.place);
  if (!doc.empty()) s += ": " + doc;
  if (!m.field.empty()) s += ": " + m.field;
  return s + ": " + m.text;
}

}  // namespace vow::slo
