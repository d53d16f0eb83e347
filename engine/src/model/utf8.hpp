// Text from contracts, events and plugins reaches JSON, Markdown, CSV and
// HTML, all of which must be valid UTF-8: these check and mend it.
#pragma once

#include <string>
#include <string_view>

namespace vow {

// Well-formed UTF-8: shortest forms only, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s);

// `s` with each ill-formed sequence replaced by U+FFFD (as WHATWG decoders do).
std::string mend_utf8(std::string_view s);

// What a sink returned, as the ledger holds it: mended, cut to whole
// characters within `max_bytes`.
std::string safe_reference(std::string_view reference, std::size_t max_bytes = 200);

// `s` mended, with control characters (C0 but tab and line feed, DEL, C1)
// replaced by U+FFFD: text from events and contracts reaches terminals
// (ESC sequences), Markdown and HTML (where most of them are not allowed).
std::string printable(std::string_view s);

// `s` mended and cut to at most `max` bytes at a character boundary, with
// "[... N bytes cut]" after it when cut: text from contracts and plugins is
// kept in memory and printed, so its length is ours to bound.
std::string clip_text(std::string_view s, std::size_t max);

}  // namespace vow
