#include "workspace/draft_text.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <vector>

#include "vow/error.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

namespace fs = std::filesystem;

std::string read_template(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec))
    throw Error(Exit::BadConfig, p.string() + ": not a template file (a folder, or not readable)");
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(Exit::BadConfig, p.string() + ": cannot read this template");
  return {std::istreambuf_iterator<char>(in), {}};
}

// Where a draft's template and its partials are looked for: the customer's
// own folder, else its tier's, else default/, in each configured folder in
// turn.
std::vector<fs::path> template_candidates(const WorkspaceConfig& cfg, const std::string& file,
                                          const std::string& customer, const std::string& tier) {
  std::vector<fs::path> out;
  for (const auto& dir : cfg.templates)
    for (const std::string& set : {customer, tier, std::string("default")})
      if (!set.empty()) out.push_back(dir / set / file);
  return out;
}

fs::path draft_template(const WorkspaceConfig& cfg, const std::string& kind, const std::string& customer,
                        const std::string& tier) {
  auto tried = template_candidates(cfg, kind + ".md.mustache", customer, tier);
  for (const auto& p : tried)
    if (fs::exists(p)) return p;
  std::string list;
  for (const auto& t : tried) list += "\n  " + t.string();
  throw Error(Exit::BadConfig, "no template for draft " + kind + "; looked for:" + list);
}

// {{> name}} is NAME.md.mustache, found as a draft's template is. A name is
// a file name, never a path: a partial cannot reach outside the folders.
PartialLoader partial_loader(const WorkspaceConfig& cfg, const fs::path& tmpl, const std::string& customer,
                             const std::string& tier) {
  return [&cfg, tmpl, customer, tier](const std::string& name) -> std::optional<TemplateSource> {
    static const std::regex valid("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    if (!std::regex_match(name, valid))
      throw TemplateError(tmpl.string(), 0, 0,
                          "{{> " + name + "}}: a partial's name is letters, digits, '_', '-' and '.', not a path");
    auto tried = template_candidates(cfg, name + ".md.mustache", customer, tier);
    for (const auto& p : tried)
      if (fs::exists(p)) return TemplateSource{read_template(p), p.string()};
    std::string list;
    for (const auto& t : tried) list += "\n  " + t.string();
    throw TemplateError(tmpl.string(), 0, 0, "no partial " + name + "; looked for:" + list);
  };
}

// One blank line between paragraphs, none before the first. The Mustache
// library keeps the line of a section tag whose section is not shown, and a
// comment's line; in Markdown more blank lines mean nothing more.
std::string tidy_blank_lines(const std::string& text) {
  std::string out;
  bool blank_pending = false;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      blank_pending = !out.empty();
      continue;
    }
    if (blank_pending) out += "\n";
    blank_pending = false;
    out += line + "\n";
  }
  return out;
}

// Markdown to plain text: headings, emphasis and code marks dropped.
std::string plain_text(const std::string& md) {
  std::string out;
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);) {
    size_t hashes = line.find_first_not_of('#');
    if (hashes != std::string::npos && hashes > 0 && line[hashes] == ' ') line = line.substr(hashes + 1);
    std::string clean;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '`' || (line[i] == '*' && i + 1 < line.size() && line[i + 1] == '*')) {
        if (line[i] == '*') ++i;
        continue;
      }
      clean += line[i];
    }
    out += clean + "\n";
  }
  return out;
}

}  // namespace

std::string render_draft(const WorkspaceConfig& cfg, const std::string& kind, const std::string& customer,
                         const std::string& tier, const DraftFacts& facts, bool plain) {
  fs::path tmpl = draft_template(cfg, kind, customer, tier);
  std::string text;
  try {
    text = render_template(TemplateSource{read_template(tmpl), tmpl.string()}, facts,
                           plain ? TemplateEscape::None : TemplateEscape::Markdown,
                           partial_loader(cfg, tmpl, customer, tier));
  } catch (const TemplateError& e) {
    throw Error(Exit::BadConfig, e.what());
  }
  text = tidy_blank_lines(text);
  return plain ? plain_text(text) : text;
}

}  // namespace vow
