// Drafts' templates through kainjow's Mustache (Debian's
// libkainjow-mustache-dev), so template authors have the whole language and
// its manual, mustache(5). Vow adds three things: {{name}} escapes for
// Markdown rather than HTML (ADR 0010), partials come from files through a
// PartialLoader rather than from the data, and errors name the file and line.
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "output/draft_json.hpp"
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

// Bounds far beyond any letter, so that a template that would take minutes
// or gigabytes (sections nested thousands deep, partials that each include
// the next several times) is an error naming it instead. The library has
// no limits of its own.
constexpr size_t kMaxTemplateBytes = 256 << 10;
constexpr int kMaxSectionDepth = 64;
constexpr long kMaxPartialInclusions = 10'000;
constexpr std::streamsize kMaxOutputBytes = 4 << 20;

// Section nesting under the standard delimiters ({{= =}} can change them;
// the output cap below still bounds what such a template makes).
void check_shape(const TemplateSource& src) {
  if (src.text.size() > kMaxTemplateBytes)
    throw TemplateError(src.name, 0, 0,
                        "the template is " + std::to_string(src.text.size()) + " bytes; at most " +
                            std::to_string(kMaxTemplateBytes) + " (split it into partials)");
  int depth = 0, line = 1, column = 1;
  for (size_t i = 0; i < src.text.size(); ++i, ++column) {
    if (src.text[i] == '\n') ++line, column = 0;
    if (src.text.compare(i, 2, "{{") != 0 || i + 2 >= src.text.size()) continue;
    char kind = src.text[i + 2];
    if ((kind == '#' || kind == '^') && ++depth > kMaxSectionDepth)
      throw TemplateError(src.name, line, column,
                          "sections nest more than " + std::to_string(kMaxSectionDepth) + " deep");
    if (kind == '/') depth = std::max(0, depth - 1);
  }
}

// Output that stops at kMaxOutputBytes: a template cannot fill memory.
class CappedBuffer : public std::stringbuf {
 public:
  explicit CappedBuffer(const TemplateSource& src) : src_(src) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if ((written_ += n) > kMaxOutputBytes) throw too_long();
    return std::stringbuf::xsputn(s, n);
  }
  int_type overflow(int_type c) override {
    if (++written_ > kMaxOutputBytes) throw too_long();
    return std::stringbuf::overflow(c);
  }

 private:
  TemplateError too_long() const {
    return TemplateError(src_.name, 0, 0, "the draft grows past " + std::to_string(kMaxOutputBytes) + " bytes");
  }
  const TemplateSource& src_;
  std::streamsize written_ = 0;
};

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
  check_shape(src);
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
    if (++inclusions_ > kMaxPartialInclusions)
      throw TemplateError(top_.name, 0, 0,
                          "partials are included more than " + std::to_string(kMaxPartialInclusions) + " times");
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
  mutable long inclusions_ = 0;
};

std::string markdown(const std::string& s) {
  return md::text(s);
}
std::string as_is(const std::string& s) {
  return s;
}

std::string render(const TemplateSource& tmpl, const json& context, TemplateEscape escape,
                   const PartialLoader& partials) {
  mus::mustache m = parse(tmpl);
  m.set_custom_escape(escape == TemplateEscape::Markdown ? markdown : as_is);
  mus::data data = to_data(context);
  Context ctx(&data, tmpl, partials);
  CappedBuffer buffer(tmpl);
  std::ostream stream(&buffer);
  stream.exceptions(std::ios::badbit);  // rethrows what the buffer throws
  m.render(ctx, stream);
  std::string out = buffer.str();
  if (!m.is_valid()) throw positioned(tmpl, m.error_message());
  return out;
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
  return render(tmpl, json::parse(context_json), escape, partials);
}

std::string render_template(const TemplateSource& tmpl, const DraftFacts& facts, TemplateEscape escape,
                            const PartialLoader& partials) {
  return render(tmpl, draft_json(facts), escape, partials);
}

std::string render_template(std::string_view tmpl, std::string_view context_json, TemplateEscape escape) {
  return render_template(TemplateSource{std::string(tmpl), "template"}, context_json, escape);
}

}  // namespace vow
