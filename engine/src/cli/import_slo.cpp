// vow import-slo FILE... (slis.md, "Importing SLO definitions"): reads the
// files, hands them to src/slo, prints the Lua and every message.
#include "slo/import_slo.hpp"

#include <iostream>

#include "cli/commands.hpp"
#include "workspace/files.hpp"

namespace vow::cli {

int import_slo(const Options& o) {
  std::vector<slo::SourceFile> files;
  bool unreadable = false;
  for (const std::string& path : o.files) {
    try {
      files.push_back({path, read_input(path)});
    } catch (const Error& e) {
      std::cerr << path << ": cannot be read: " << words(e) << "\n";
      unreadable = true;
    }
  }
  slo::ImportResult r = slo::import_slo(files, o.as_uptime);
  for (const auto& m : r.refusals) std::cerr << "refused: " << slo::format_message(m) << "\n";
  for (const auto& m : r.warnings) std::cerr << "warning: " << slo::format_message(m) << "\n";
  for (const auto& m : r.notes) std::cerr << "note: " << slo::format_message(m) << "\n";
  // A refused file is not half imported: nothing is written (ADR 0050).
  if (unreadable || !r.refusals.empty()) {
    std::cerr << "nothing written: " << r.refusals.size() << " refusal" << (r.refusals.size() == 1 ? "" : "s")
              << (unreadable ? " and a file that cannot be read" : "") << "\n";
    return static_cast<int>(Exit::BadData);
  }
  if (r.imported == 0) {
    std::cerr << "nothing to import: no objective in these files\n";
    return 0;
  }
  if (o.output.empty())
    std::cout << r.lua;
  else
    write_whole(o.output, r.lua, "--output " + o.output);
  std::cerr << "imported " << r.imported << (o.as_uptime ? " uptime term" : " objective")
            << (r.imported == 1 ? "" : "s") << (o.output.empty() ? "" : " into " + o.output) << "\n";
  return 0;
}

}  // namespace vow::cli
