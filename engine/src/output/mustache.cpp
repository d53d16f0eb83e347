// A Mustache subset over JSON: {{name}}, {{a.b}}, {{.}}, {{#section}}...{{/section}}
// (lists repeat, objects open a scope, true shows), {{^inverted}}...{{/inverted}},
// {{! comments }}, {{{raw}}}. Drafts are Markdown, so {{name}} escapes for
// Markdown (not HTML); {{{name}}} writes the value as it is.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "output/markdown_text.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

using json = nlohmann::json;

struct Renderer {
  std::string_view tmpl;
  std::vector<const json*> scopes;
  TemplateEscape escape;

  const json* lookup(std::string_view name) const {
    if (name == ".") return scopes.back();
    std::string head(name.substr(0, name.find('.')));
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
      if (!(*it)->is_object() || !(*it)->contains(head)) continue;
      const json* v = &(**it)[head];
      for (size_t pos = head.size(); pos < name.size();) {
        size_t next = name.find('.', pos + 1);
        std::string part(
            name.substr(pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1));
        if (!v->is_object() || !v->contains(part)) return nullptr;
        v = &(*v)[part];
        pos = next == std::string_view::npos ? name.size() : next;
      }
      return v;
    }
    return nullptr;
  }

  static bool truthy(const json* v) {
    if (!v || v->is_null()) return false;
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_array()) return !v->empty();
    if (v->is_string()) return !v->get<std::string>().empty();
    return true;
  }

  static std::string text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    return v.dump();
  }

  // Renders tmpl[from, to) into out.
  void render(size_t from, size_t to, std::string& out) {
    size_t pos = from;
    while (pos < to) {
      size_t open = tmpl.find("{{", pos);
      if (open == std::string_view::npos || open >= to) {
        out.append(tmpl.substr(pos, to - pos));
        return;
      }
      out.append(tmpl.substr(pos, open - pos));
      bool triple = tmpl.compare(open, 3, "{{{") == 0;
      size_t close = tmpl.find(triple ? "}}}" : "}}", open);
      if (close == std::string_view::npos) throw std::runtime_error("unclosed {{ at offset " + std::to_string(open));
      std::string tag(tmpl.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2)));
      while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
      while (!tag.empty() && tag.back() == ' ') tag.pop_back();
      pos = close + (triple ? 3 : 2);
      if (tag.empty()) continue;
      char sigil = tag[0];
      if (sigil == '!') continue;
      if (sigil == '#' || sigil == '^') {
        std::string name = tag.substr(1);
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        size_t end = find_end(name, pos, to);
        size_t body_end = end, after = tmpl.find("}}", end) + 2;
        // A section tag alone on its line takes its whole line with it.
        if (size_t eol; standalone(open, pos, eol)) {
          while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
          pos = eol;
        }
        if (size_t eol; standalone(end, after, eol)) {
          body_end = line_start(end);
          after = eol;
        }
        const json* v = lookup(name);
        if (sigil == '^') {
          if (!truthy(v)) render(pos, body_end, out);
        } else if (v && v->is_array()) {
          for (const auto& item : *v) {
            scopes.push_back(&item);
            render(pos, body_end, out);
            scopes.pop_back();
          }
        } else if (truthy(v)) {
          scopes.push_back(v);
          render(pos, body_end, out);
          scopes.pop_back();
        }
        pos = after;
        continue;
      }
      if (sigil == '/') throw std::runtime_error("{{/" + tag.substr(1) + "}} closes no section");
      if (const json* v = lookup(tag)) out += triple || escape == TemplateEscape::None ? text(*v) : md::text(text(*v));
    }
  }

  size_t line_start(size_t at) const {
    size_t nl = tmpl.rfind('\n', at == 0 ? 0 : at - 1);
    return at == 0 || nl == std::string_view::npos ? 0 : nl + 1;
  }

  // Whether the tag [open, after) stands alone on its line; `eol` is then
  // where the next line starts.
  bool standalone(size_t open, size_t after, size_t& eol) const {
    for (size_t i = line_start(open); i < open; ++i)
      if (tmpl[i] != ' ' && tmpl[i] != '\t') return false;
    size_t i = after;
    while (i < tmpl.size() && (tmpl[i] == ' ' || tmpl[i] == '\t' || tmpl[i] == '\r')) ++i;
    if (i < tmpl.size() && tmpl[i] != '\n') return false;
    eol = i < tmpl.size() ? i + 1 : i;
    return true;
  }

  // The offset of the {{/name}} that closes a section opened before `from`.
  size_t find_end(const std::string& name, size_t from, size_t to) const {
    int depth = 1;
    for (size_t pos = from; pos < to;) {
      size_t open = tmpl.find("{{", pos);
      if (open == std::string_view::npos || open >= to) break;
      size_t close = tmpl.find("}}", open);
      std::string tag(tmpl.substr(open + 2, close - open - 2));
      while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
      while (!tag.empty() && tag.back() == ' ') tag.pop_back();
      if ((tag[0] == '#' || tag[0] == '^') && tag.substr(1) == name) ++depth;
      if (tag[0] == '/' && tag.substr(1) == name && --depth == 0) return open;
      pos = close + 2;
    }
    throw std::runtime_error("{{#" + name + "}} is never closed with {{/" + name + "}}");
  }
};

}  // namespace

std::string render_template(std::string_view tmpl, std::string_view context_json, TemplateEscape escape) {
  json ctx = json::parse(context_json);
  Renderer r{tmpl, {&ctx}, escape};
  std::string out;
  r.render(0, tmpl.size(), out);
  return out;
}

}  // namespace vow
