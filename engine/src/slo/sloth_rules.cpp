#include "slo/sloth_rules.hpp"

#include <cctype>
#include <regex>
#include <vector>

#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool label_name(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!alnum(c) && c != '_') return false;
  return true;
}

std::string trimmed(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\n");
  std::size_t e = s.find_last_not_of(" \t\n");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// The query with each template action replaced by a window, as Sloth
// renders it before parsing; a reason when an action is not {{.window}}.
std::optional<std::string> render(std::string_view q, std::string& out) {
  std::size_t at = 0;
  while (true) {
    std::size_t open = q.find("{{", at);
    out += q.substr(at, open == std::string_view::npos ? std::string_view::npos : open - at);
    if (open == std::string_view::npos) return std::nullopt;
    std::size_t close = q.find("}}", open + 2);
    if (close == std::string_view::npos) return "opens a template action with {{ and never closes it";
    std::string action = trimmed(q.substr(open + 2, close - open - 2));
    // Go templates trim surrounding space with {{- and -}}.
    if (!action.empty() && action.front() == '-') action = trimmed(action.substr(1));
    if (!action.empty() && action.back() == '-') action = trimmed(action.substr(0, action.size() - 1));
    if (action != ".window")
      return "uses {{" + std::string(q.substr(open + 2, close - open - 2)) +
             "}}: Sloth fills in {{.window}} and nothing else";
    out += "5m";
    at = close + 2;
  }
}

// Brackets of a PromQL expression, outside its string literals and comments.
std::optional<std::string> bracket_problem(std::string_view q) {
  std::vector<std::pair<char, std::size_t>> open;
  for (std::size_t i = 0; i < q.size(); ++i) {
    char c = q[i];
    if (c == '"' || c == '\'' || c == '`') {
      std::size_t j = i + 1;
      while (j < q.size() && q[j] != c) j += (q[j] == '\\' && c != '`') ? 2 : 1;
      if (j >= q.size()) return "has a string opened with " + std::string(1, c) + " and never closed";
      i = j;
    } else if (c == '#') {
      while (i < q.size() && q[i] != '\n') ++i;
    } else if (c == '(' || c == '[' || c == '{') {
      open.push_back({c, i});
    } else if (c == ')' || c == ']' || c == '}') {
      char want = c == ')' ? '(' : c == ']' ? '[' : '{';
      if (open.empty() || open.back().first != want)
        return "is not a PromQL expression: its " + std::string(1, c) + " closes no " + std::string(1, want);
      open.pop_back();
    }
  }
  if (!open.empty()) return "is not a PromQL expression: a " + std::string(1, open.back().first) + " is never closed";
  return std::nullopt;
}

}  // namespace

bool sloth_name(std::string_view s) {
  if (s.size() < 2 || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

std::optional<std::string> query_problem(std::string_view q) {
  if (trimmed(q).empty()) return "is required: a PromQL query";
  static const std::regex window(R"(\{\{ *\.window *\}\})");
  if (!std::regex_search(q.begin(), q.end(), window))
    return "has no {{.window}}: Sloth puts each alert window's length there, and refuses a query without it";
  std::string rendered;
  if (auto why = render(q, rendered)) return why;
  return bracket_problem(rendered);
}

void check_labels(const YAML::Node& labels, const std::string& path, bool annotations, Diagnostics& d) {
  if (!labels.IsMap()) {
    d.refuse(labels, path, "must be a mapping of names to values");
    return;
  }
  for (auto it = labels.begin(); it != labels.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    std::string field = at_key(path, key);
    if (!label_name(key) || (!annotations && key == "__name__"))
      d.refuse(it->first, field,
               "is not a Prometheus " + std::string(annotations ? "annotation" : "label") +
                   " name: letters, digits and _, not starting with a digit" +
                   (annotations ? "" : ", and not __name__"));
    auto value = text_of(it->second);
    if (!value || value->empty()) d.refuse(it->second, field, "needs a value: Sloth refuses an empty one");
  }
}

}  // namespace vow::slo
