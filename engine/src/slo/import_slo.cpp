#include "slo/import_slo.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "slo/classify.hpp"
#include "slo/lua_text.hpp"
#include "slo/names.hpp"
#include "slo/openslo.hpp"
#include "slo/sloth.hpp"

namespace vow::slo {
namespace {

// A file is refused whole: what else converted in it is left out, and said so.
void drop_refused_files(std::vector<Objective>& objectives, ImportResult& out) {
  std::set<std::string> refused;
  for (const Message& m : out.refusals) refused.insert(m.place.file);
  std::map<std::string, int> dropped;
  std::erase_if(objectives, [&](const Objective& o) {
    bool drop = refused.count(o.place.file) > 0;
    if (drop) ++dropped[o.place.file];
    return drop;
  });
  for (const auto& [file, n] : dropped)
    out.refusals.push_back(
        {file_place(file), "",
         "nothing of this file is imported, since a file with a refusal is refused whole: " + std::to_string(n) +
             (n == 1 ? " objective that converted is" : " objectives that converted are") + " left out with it"});
}

}  // namespace

ImportResult import_slo(const std::vector<SourceFile>& files, bool as_uptime) {
  ImportResult out;
  std::vector<Document> docs = split_documents(files, out);
  std::vector<DocKind> kinds;
  SliRegistry slis;
  // Every SLI first: an SLO may name one from a file given after it.
  for (Document& doc : docs) {
    kinds.push_back(classify(doc, out));
    if (kinds.back() == DocKind::OpenSloSli) register_sli(doc, slis, out);
  }
  std::vector<Objective> objectives;
  std::vector<std::string> sloth_files;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    switch (kinds[i]) {
      case DocKind::OpenSloV1Slo:
      case DocKind::OpenSloV1alphaSlo:
        convert_openslo_slo(docs[i], kinds[i] == DocKind::OpenSloV1alphaSlo, slis, out, objectives);
        break;
      case DocKind::SlothFile:
      case DocKind::SlothResource:
        if (convert_sloth(docs[i], kinds[i] == DocKind::SlothResource, out, objectives) &&
            std::find(sloth_files.begin(), sloth_files.end(), docs[i].place.file) == sloth_files.end())
          sloth_files.push_back(docs[i].place.file);
        break;
      default:
        break;
    }
  }
  note_unused_slis(slis, out);
  drop_refused_files(objectives, out);
  for (const std::string& f : sloth_files)
    if (std::any_of(objectives.begin(), objectives.end(), [&](const Objective& o) { return o.place.file == f; }))
      out.warnings.push_back({file_place(f), "",
                              "Sloth gives no window (it measures 30 rolling days unless told otherwise): imported "
                              "as calendar months"});
  settle_names(objectives, as_uptime, out);
  std::vector<std::string> sources;
  for (const Objective& o : objectives)
    if (std::find(sources.begin(), sources.end(), o.place.file) == sources.end()) sources.push_back(o.place.file);
  out.lua = render_lua(objectives, as_uptime, sources);
  out.imported = static_cast<int>(objectives.size());
  return out;
}

}  // namespace vow::slo
