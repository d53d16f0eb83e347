// Where things are in an event line, for messages that point at the input:
// only computed once a line has a problem, so the valid lines pay nothing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vow {

// One member of the line's top-level object, as written: `key` raw (escapes
// not undone), offsets are bytes into the line.
struct MemberSpan {
  std::string_view key;
  size_t key_at = 0;
  size_t value_at = 0;
  size_t value_end = 0;
};

// The members of a line holding one JSON object, in order; stops early (with
// what it found) where the text is not JSON.
std::vector<MemberSpan> top_level_members(std::string_view line);

// The text of [from, to) of the line, cut to about 60 bytes and printable.
std::string excerpt_of(std::string_view line, size_t from, size_t to);

// Where a JSON syntax error is (0-based byte), or npos when none is found.
size_t syntax_error_at(std::string_view line);

}  // namespace vow
