// Where the pieces that read contracts put the problems they find, so that
// none of them needs the ContractSet's insides: each message named by file
// and line, printable, and held to Sandbox::kMaxErrorBytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compliance/terms.hpp"
#include "vow/report.hpp"

namespace vow {

// A name as messages quote it: "acme".
std::string quote(std::string_view s);

class DiagnosticSink {
 public:
  void report(const SourceRef& at, std::string message);
  // One message per place (a tier's mistake would otherwise repeat per
  // contract), in file and line order.
  void tidy();
  const std::vector<Diagnostic>& all() const { return list_; }

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace vow
