// The NDJSON event decoder on arbitrary bytes, line by line as ingest reads them.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "events/decode.hpp"
#include "events/lines.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One decoder for every input, as ingest keeps one for a whole file: the
  // parser's buffers carry over from line to line.
  static vow::EventDecoder decoder;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vow::Event ev;
  std::string reason;
  std::vector<vow::LineProblem> problems;
  vow::for_each_line(text, [&](size_t, std::string_view line) {
    reason.clear();
    bool ok = decoder.decode(line, ev, reason);
    // A rejected line must say why (the reject file shows it); a kept one has an id.
    if (ok ? ev.id.empty() : reason.empty()) std::abort();
    // Every problem, placed: the same verdict, an error when refused, and
    // every column inside the line (the positions come from a second reader).
    problems.clear();
    if (decoder.decode(line, ev, problems) != ok) std::abort();
    bool error = false;
    for (const auto& p : problems) {
      if (p.column < 0 || static_cast<size_t>(p.column) > line.size() + 1 || p.message.empty()) std::abort();
      error |= !p.warning;
    }
    if (error == ok) std::abort();
  });
  return 0;
}
