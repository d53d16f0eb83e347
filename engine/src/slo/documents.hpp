// Splitting input files into documents: each document of a YAML stream, and
// each item of a document that is a list of definitions (as OpenSLO's
// examples are written).
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "slo/import_slo.hpp"

namespace vow::slo {

struct Document {
  Place place;  // file, document and item; kind and name filled in by the reader
  YAML::Node root;
};

// The documents of every file, in order; a file that is not YAML is refused
// whole, with the line of the syntax error.
std::vector<Document> split_documents(const std::vector<SourceFile>& files, ImportResult& out);

}  // namespace vow::slo
