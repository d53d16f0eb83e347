// Drafts' templates through kainjow's Mustache (Debian's
// libkainjow-mustache-dev), so template authors have the whole language and
// its manual, mustache(5). Vow adds three things: {{name}} escapes for
// Markdown rather than HTML (ADR 0010), partials come from files through a
// PartialLoader rather than from the data, and errors name the file and line.
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "output/markdown_text.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

namespace mus = kainjow::mustache;
using json = nlohmann::json;

// How far partials may nest, in bytes of stack: far beyond any real
// template, far below the stack's size, so that a partial that includes
// itself is an error rather than a crash.
constexpr std::ptrdiff_t kPartialStack = 1 << 20;

// The facts as Mustache data. Null and "" are false, as they were for the
// templates written before: {{#invoice}} shows nothing for an empty one.
mus::data to_data(const json& v) {
  switch (v.type()) {
    case json::value_t::object: {
      mus::data out{mus::data::type::object};
      for (const auto& [key, item] : v.items()) out.set(key, to_data(item));
      return out;
    }
    case json::value_t::array: {
      mus::data out{mus::data::type::list};
      for (const auto& item : v) out.push_back(to_data(item));
      return out;
    }
    case json::value_t::string:
      return v.get_ref<const std::string&>().empty() ? mus::data{false} : mus::data{v.get<std::string>()};
    case json::value_t::boolean:
      return mus::data{v.get<bool>()};
    case json::value_t::null:
    case json::value_t::discarded:
      return mus::data{false};
    default:
      return mus::data{v.dump()};
  }
}

// The library says where with a byte offset ("Unclosed tag at 57"); an
// author needs the line and column.
TemplateError positioned(const TemplateSource& src, const std::string& message) {
  static const std::regex at(R"(^(.*) at (\d+)$)");
  std::smatch m;
  if (!std::regex_match(message, m, at)) return TemplateError(src.name, 0, 0, message);
  size_t offset = std::min<size_t>(std::stoull(m[2]), src.text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i, ++column)
    if (src.text[i] == '\n') ++line, column = 0;
  return TemplateError(src.name, line, column, m[1]);
}

mus::mustache parse(const TemplateSource& src) {
  mus::mustache m{src.text};
  if (!m.is_valid()) throw positioned(src, m.error_message());
  return m;
}

// The data's scopes as the library keeps them, and partials from the loader
// only: a value in the data is never taken for a template.
class Context : public mus::basic_context<std::string> {
 public:
  Context(const mus::data* root, const TemplateSource& top, const PartialLoader& loader)
      : scopes_(root), top_(top), loader_(loader), base_(static_cast<const char*>(__builtin_frame_address(0))) {}

  void push(const mus::data* d) override { scopes_.push(d); }
  void pop() override { scopes_.pop(); }
  const mus::data* get(const std::string& name) const override { return scopes_.get(name); }

  const mus::data* get_partial(const std::string& name) const override {
    if (base_ - static_cast<const char*>(__builtin_frame_address(0)) > kPartialStack)
      throw TemplateError(top_.name, 0, 0, "partial \"" + name + "\" nests too deeply: does it include itself?");
    if (auto it = partials_.find(name); it != partials_.end()) return &it->second;
    std::optional<TemplateSource> src = loader_ ? loader_(name) : std::nullopt;
    if (!src) throw TemplateError(top_.name, 0, 0, "no partial named \"" + name + "\"");
    parse(*src);  // its own errors, with its own name and lines
    return &partials_.emplace(name, mus::data{src->text}).first->second;
  }

 private:
  mus::context<std::string> scopes_;
  const TemplateSource& top_;
  const PartialLoader& loader_;
  const char* base_;
  mutable std::map<std::string, mus::data> partials_;  // a map: the pointers handed out stay valid
};

std::string markdown(const std::string& s) {
  return md::text(s);
}
std::string as_is(const std::string& s) {
  return s;
}

}  // namespace

TemplateError::TemplateError(std::string source, int line, int column, const std::string& reason)
    : std::runtime_error((source.empty() ? "template" : source) +
                         (line ? ":" + std::to_string(line) + ":" + std::to_string(column) : "") + ": " + reason),
      source_(std::move(source)),
      line_(line),
      column_(column) {}

std::string render_template(const TemplateSource& tmpl, std::string_view context_json, TemplateEscape escape,
                            const PartialLoader& partials) {
  mus::mustache m = parse(tmpl);
  m.set_custom_escape(escape == TemplateEscape::Markdown ? markdown : as_is);
  mus::data data = to_data(json::parse(context_json));
  Context ctx(&data, tmpl, partials);
  std::string out = m.render(ctx);
  if (!m.is_valid()) throw positioned(tmpl, m.error_message());
  return out;
}

std::string render_template(std::string_view tmpl, std::string_view context_json, TemplateEscape escape) {
  return render_template(TemplateSource{std::string(tmpl), "template"}, context_json, escape);
}

}  // namespace vow
