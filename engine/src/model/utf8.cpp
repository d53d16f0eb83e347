#include "model/utf8.hpp"

#include <algorithm>

namespace vow {
namespace {

// The length of the well-formed sequence at s[i], or 0 (Unicode table 3-7).
size_t sequence_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  if (c < 0x80) return 1;
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + need >= s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k <= need; ++k)
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  return need + 1;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string mend_utf8(std::string_view s) {
  if (valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

std::string printable(std::string_view s) {
  std::string m = mend_utf8(s), out;
  out.reserve(m.size());
  for (size_t i = 0; i < m.size(); ++i) {
    auto c = static_cast<unsigned char>(m[i]);
    bool c1 = c == 0xC2 && i + 1 < m.size() && static_cast<unsigned char>(m[i + 1]) < 0xA0;
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F || c1) {
      out += "\xEF\xBF\xBD";
      i += c1 ? 1 : 0;
    } else {
      out += m[i];
    }
  }
  return out;
}

std::string clip_text(std::string_view s, std::size_t max) {
  if (s.size() <= max) return printable(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  return printable(s.substr(0, cut)) + " [... " + std::to_string(s.size() - cut) + " bytes cut]";
}

std::string safe_reference(std::string_view reference, std::size_t max_bytes) {
  std::string s = mend_utf8(reference.substr(0, std::max<std::size_t>(1000, max_bytes)));
  std::size_t cut = std::min(s.size(), max_bytes);
  while (cut < s.size() && cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  s.resize(cut);
  return s;
}

}  // namespace vow
