#include "slo/documents.hpp"

#include "slo/diagnostics.hpp"

namespace vow::slo {

std::vector<Document> split_documents(const std::vector<SourceFile>& files, ImportResult& out) {
  std::vector<Document> docs;
  for (const SourceFile& f : files) {
    std::vector<YAML::Node> stream;
    try {
      stream = YAML::LoadAll(f.text);
    } catch (const YAML::Exception& e) {
      // Nothing of a stream with a syntax error is read: the documents
      // before it may be cut short where the parser gave up.
      Place p = file_place(f.path);
      if (!e.mark.is_null()) p.line = e.mark.line + 1;
      out.refusals.push_back({p, "", "is not valid YAML: " + e.msg});
      continue;
    }
    std::size_t before = docs.size();
    for (std::size_t d = 0; d < stream.size(); ++d) {
      const YAML::Node& node = stream[d];
      if (!node.IsDefined() || node.IsNull()) continue;  // an empty document, such as one before a leading ---
      Place p = file_place(f.path);
      p.document = static_cast<int>(d + 1);
      if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
          Place item = p;
          item.item = static_cast<int>(i + 1);
          docs.push_back({item, node[i]});
        }
      } else {
        docs.push_back({p, node});
      }
    }
    if (docs.size() == before) out.notes.push_back({file_place(f.path), "", "holds no document: nothing to import"});
  }
  return docs;
}

}  // namespace vow::slo
