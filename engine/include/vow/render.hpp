// Renderers for the three outputs: JSON (spec/cli.md), Markdown and CSV.
#pragma once

#include <string>

#include "vow/report.hpp"

namespace vow {

std::string to_json(const Report& r);
std::string to_json(const CreditsReport& r);
std::string to_json(const StatusReport& r);
std::string to_json(const BacktestReport& r);

std::string to_markdown(const Report& r);
std::string to_markdown(const CreditsReport& r);
std::string to_markdown(const StatusReport& r);
std::string to_markdown(const BacktestReport& r);

std::string to_csv(const Report& r);
std::string to_csv(const CreditsReport& r);
std::string to_csv(const StatusReport& r);
std::string to_csv(const BacktestReport& r);

// One self-contained page with inline SVG charts (reports only).
std::string to_html(const Report& r);

// How {{name}} writes a value: drafts are Markdown, so escaped for Markdown
// and kept on one line; None for plain text. {{{name}}} is always as is.
enum class TemplateEscape { Markdown, None };

// A Mustache template (a subset: variables, dotted names, sections, inverted
// sections, comments) over a JSON context. Throws std::runtime_error naming
// what is malformed.
std::string render_template(std::string_view tmpl, std::string_view context_json,
                            TemplateEscape escape = TemplateEscape::Markdown);

}  // namespace vow
