// `vow import-slo` (slis.md, "Importing SLO definitions"): OpenSLO and Sloth
// documents in, a Lua rules file of objectives (or uptime terms) out, with
// every document that could not be said the same way refused by name.
#pragma once

#include <string>
#include <vector>

namespace vow::slo {

// One input file: its path as the user gave it (messages name it) and its
// text. The module reads no files itself.
struct SourceFile {
  std::string path;
  std::string text;
};

// Where a message points: the file, the line of the field (0 when unknown),
// the document in the YAML stream (1-based; 0 for the file as a whole), the
// item when the document is a list of definitions (1-based; 0 otherwise),
// and what the document defines.
struct Place {
  std::string file;
  int line = 0;
  int document = 0;
  int item = 0;
  std::string kind;     // the document's kind ("SLO", "PrometheusServiceLevel"), or "Sloth"
  std::string name;     // metadata.name (none in a Sloth prometheus/v1 file)
  std::string service;  // spec.service, or a Sloth file's service
};

// A place that is a whole file.
inline Place file_place(const std::string& file) {
  Place p;
  p.file = file;
  return p;
}

// A refusal, warning or note: `field` is a path inside the document, such as
// "spec.timeWindow[0].duration" (empty for the whole document).
struct Message {
  Place place;
  std::string field;
  std::string text;
};

struct ImportResult {
  std::string lua;                // a rules file for `vow check`; empty when nothing was imported
  int imported = 0;               // objectives (or uptime terms) in `lua`
  std::vector<Message> refusals;  // what was not imported, and why
  std::vector<Message> warnings;  // imported, but meaning something the source did not say
  std::vector<Message> notes;     // skipped, carrying no objective
};

// Converts every SLO in `files` (SLIs may be referenced across files). A
// file with any refusal contributes nothing, as Sloth validates a file and
// `vow ingest` refuses one; the other files are imported.
ImportResult import_slo(const std::vector<SourceFile>& files, bool as_uptime);

// "FILE:LINE: document 2, item 1 (SLO \"x\", service \"y\"): FIELD: text".
std::string format_message(const Message& m);

}  // namespace vow::slo
