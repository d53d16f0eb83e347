// The NDJSON event decoder on arbitrary bytes, line by line as ingest reads them.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "events/decode.hpp"
#include "events/lines.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One decoder for every input, as ingest keeps one for a whole file: the
  // parser's buffers carry over from line to line.
  static vow::EventDecoder decoder;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vow::Event ev;
  std::string reason;
  vow::for_each_line(text, [&](size_t, std::string_view line) {
    reason.clear();
    bool ok = decoder.decode(line, ev, reason);
    // A rejected line must say why (the reject file shows it); a kept one has an id.
    if (ok ? ev.id.empty() : reason.empty()) std::abort();
  });
  return 0;
}
