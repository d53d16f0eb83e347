#include "events/spans.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "model/utf8.hpp"

namespace vow {
namespace {

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return i;
}

// Past the string starting at s[i] == '"'.
size_t skip_string(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\')
      ++i;
    else if (s[i] == '"')
      return i + 1;
  }
  return s.size();
}

// Past the value starting at s[i]: strings, nested objects and arrays, or a
// bare literal (number, true, false, null).
size_t skip_value(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    size_t depth = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        i = skip_string(s, i);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return i;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t') ++i;
  return i;
}

// A SAX handler that keeps nothing: only where parsing fails matters.
struct FindError : nlohmann::json_sax<nlohmann::json> {
  size_t at = std::string_view::npos;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  // `position` counts the bytes read: the last of them broke the parse.
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    at = position > 0 ? position - 1 : 0;
    return false;
  }
};

}  // namespace

std::vector<MemberSpan> top_level_members(std::string_view s) {
  std::vector<MemberSpan> out;
  size_t i = skip_space(s, 0);
  if (i >= s.size() || s[i] != '{') return out;
  for (i = skip_space(s, i + 1); i < s.size() && s[i] == '"';) {
    MemberSpan m;
    m.key_at = i;
    size_t key_end = skip_string(s, i);
    m.key = s.substr(i + 1, key_end > i + 1 ? key_end - i - 2 : 0);
    i = skip_space(s, key_end);
    if (i >= s.size() || s[i] != ':') break;
    m.value_at = skip_space(s, i + 1);
    m.value_end = skip_value(s, m.value_at);
    out.push_back(m);
    i = skip_space(s, m.value_end);
    if (i >= s.size() || s[i] != ',') break;
    i = skip_space(s, i + 1);
  }
  return out;
}

std::string excerpt_of(std::string_view line, size_t from, size_t to) {
  if (from > line.size()) from = line.size();
  if (to > line.size() || to < from) to = line.size();
  std::string text = printable(line.substr(from, to - from));
  return clip_text(text, 60);
}

size_t syntax_error_at(std::string_view line) {
  FindError sax;
  nlohmann::json::sax_parse(line.begin(), line.end(), &sax, nlohmann::json::input_format_t::json, true);
  // Past the end (the line stops short): at its end.
  return sax.at == std::string_view::npos ? sax.at : std::min(sax.at, line.size());
}

}  // namespace vow
