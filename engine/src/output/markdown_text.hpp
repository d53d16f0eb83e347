// Text from contracts, events and plugins in Markdown (ADR 0010): every
// such value goes through md::text (or md::id, built on it), so a name
// cannot open a tag, a link, emphasis, a heading or another table cell.
#pragma once

#include <string>
#include <string_view>

#include "model/utf8.hpp"

namespace vow::md {

// `<` and `>` become entities rather than backslash escapes: renderers that
// pass HTML through all decode them, and none then sees a tag. Line breaks
// become spaces so that a value cannot end a table row or start a heading.
inline std::string text(std::string_view raw) {
  std::string s = printable(raw), out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
      case '~':
      case '&':
      case '$':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

// An id as a code span when it is made only of characters that mean nothing
// inside one; otherwise as escaped text, since a code span cannot hold a
// backslash escape (it would show) and a backtick or pipe would break it.
inline std::string id(std::string_view s) {
  bool plain = !s.empty();
  for (char c : s)
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("-_.:/@+=").find(c) != std::string_view::npos);
  return plain ? "`" + std::string(s) + "`" : text(s);
}

// A customer as a person reads it: "Acme Corp (`acme`)", the id beside the
// name for whoever must type it into a command; the id alone when no name was given.
inline std::string who(std::string_view name, std::string_view customer) {
  if (name.empty() || name == customer) return id(customer);
  return text(name) + " (" + id(customer) + ")";
}

}  // namespace vow::md
