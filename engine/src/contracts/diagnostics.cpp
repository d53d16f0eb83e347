#include "contracts/diagnostics.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "contracts/sandbox.hpp"
#include "model/utf8.hpp"

namespace vow {

std::string quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

void DiagnosticSink::report(const SourceRef& at, std::string message) {
  list_.push_back({printable(at.file), at.line, clip_text(message, Sandbox::kMaxErrorBytes)});
}

void DiagnosticSink::tidy() {
  std::set<std::string> seen;
  std::erase_if(list_, [&](const Diagnostic& d) { return !seen.insert(d.str()).second; });
  // By place, then by text: fields come out of a Lua table in an order its
  // hash seed decides, which changes from run to run.
  std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.message) < std::tie(b.file, b.line, b.message);
  });
}

}  // namespace vow
