// Splits NDJSON text into numbered lines: `\n` ends a line, a trailing `\r`
// is dropped, blank lines are skipped (but still counted), and a UTF-8 byte
// order mark at the very start (as some Windows editors save) is ignored.
#pragma once

#include <cstddef>
#include <string_view>

namespace vow {

template <typename Fn>
void for_each_line(std::string_view data, Fn&& fn) {
  size_t line_no = 0, pos = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    std::string_view line = data.substr(pos, end - pos);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) fn(line_no, line);
    pos = end + 1;
  }
}

}  // namespace vow
