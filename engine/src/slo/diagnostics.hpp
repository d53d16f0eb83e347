// Messages about one document: each names the document's place, the field
// and its line, so a user can find what to change.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "slo/import_slo.hpp"

namespace vow::slo {

class Diagnostics {
 public:
  Diagnostics(ImportResult& out, Place place) : out_(out), place_(std::move(place)) {}

  // `at` gives the line: the field's node, or its parent's when it is missing.
  void refuse(const YAML::Node& at, const std::string& field, const std::string& why);
  void warn(const YAML::Node& at, const std::string& field, const std::string& what);
  void note(const YAML::Node& at, const std::string& field, const std::string& what);

  // Refusals made through this object so far.
  int refusals() const { return refusals_; }
  const Place& place() const { return place_; }

 private:
  Message make(const YAML::Node& at, const std::string& field, const std::string& text) const;

  ImportResult& out_;
  Place place_;
  int refusals_ = 0;
};

// "document 2, item 1 (SLO \"x\", service \"y\")", as messages and Lua comments name a document.
std::string describe_document(const Place& p);

}  // namespace vow::slo
