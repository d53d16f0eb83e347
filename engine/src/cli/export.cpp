#include "cli/export.hpp"

#include <iostream>

#include "cli/output_file.hpp"
#include "ledger/ledger.hpp"
#include "vow/error.hpp"

namespace vow::cli {

int export_ledger(const std::filesystem::path& store, std::int64_t since, const std::string& output) {
  if (since < 1) throw Error(Exit::Usage, "--since " + std::to_string(since) + ": sequence numbers start at 1");
  Ledger ledger(store.string(), Ledger::Access::Read);
  std::int64_t n = 0, first = 0, last = 0;
  auto count = [&](std::int64_t seq) {
    if (n++ == 0) first = seq;
    last = seq;
  };
  if (output.empty()) {
    // Standard output is streamed: a ledger larger than memory still exports.
    ledger.lines_since(since, [&](std::string_view line, std::int64_t seq) {
      std::cout.write(line.data(), static_cast<std::streamsize>(line.size())) << '\n';
      count(seq);
    });
    std::cout.flush();
    if (!std::cout) throw Error(Exit::Usage, "standard output: the export could not be written whole");
  } else {
    std::string text;
    ledger.lines_since(since, [&](std::string_view line, std::int64_t seq) {
      text.append(line).push_back('\n');
      count(seq);
    });
    write_whole(output, text, "--output " + output);
  }
  std::cerr << store.string() << ": " << n << " event" << (n == 1 ? "" : "s") << " exported";
  if (n > 0) std::cerr << " (sequence " << first << " to " << last << ")";
  std::cerr << "\n";
  return 0;
}

}  // namespace vow::cli
