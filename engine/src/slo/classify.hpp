// What each document is, from its apiVersion and kind (or Sloth's version):
// an SLO or SLI to read, a Sloth service, or something that carries no
// objective and is skipped with a note.
#pragma once

#include "slo/documents.hpp"

namespace vow::slo {

enum class DocKind { OpenSloV1Slo, OpenSloV1alphaSlo, OpenSloSli, SlothFile, SlothResource, Skipped, Refused };

// Fills in the document's kind, name and service for messages, and reports
// the documents skipped or refused.
DocKind classify(Document& doc, ImportResult& out);

}  // namespace vow::slo
