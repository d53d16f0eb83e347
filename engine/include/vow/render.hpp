// Renderers for the three outputs: JSON (docs/reports.md), Markdown and CSV.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "vow/draft.hpp"
#include "vow/report.hpp"

namespace vow {

// "green", "yellow", "red": the word every output prints.
std::string_view to_string(Status s);

// The sentences every output writes from the report's figures, as plain
// text (each renderer escapes them for its format):
// "uptime 97.659% against 99.900% (2.241 points short, 23.4× the error budget)",
// "P1 response 50.0% (1/2) against 95% (10.0× the error budget)", ...
std::string miss_text(const Miss& m);
// "All 3 accounts met every target.", "1 of 2 accounts red; worst: Acme, uptime ...".
std::string tier_reason(const TierSummary& t);
// A forecast's reasoning on one line: "62% of the error budget used after
// 40% of the month; ...", "3 on time and 1 late so far, ...".
std::string basis_text(const RiskBasis& b);
// "outage o1 ends before it starts", "second opening of ticket T1 (the earliest, e4, counts)", ...
std::string problem_text(const EventProblem& p);

std::string to_json(const Report& r);
std::string to_json(const CreditsReport& r);
std::string to_json(const StatusReport& r);
std::string to_json(const AlertsReport& r);
// What one delivery of an alert to a notifier sink says about itself
// (docs/plugins.md, "The alert a notifier receives").
struct AlertDelivery {
  bool retraction = false;
  std::optional<Millis> late_by;  // known this much after its `at`
  bool drill = false;
  int occurrence = 1;  // 2 for an alert raised again after its retraction, ...
};
// One alert as a sink receives it: as `vow alerts` lists it, plus the delivery's fields; one line.
std::string to_json(const Alert& a, const AlertDelivery& d);
std::string to_json(const BacktestReport& r);
// A draft's facts: the object its templates read.
std::string to_json(const DraftFacts& f);

std::string to_markdown(const Report& r);
std::string to_markdown(const CreditsReport& r);
std::string to_markdown(const StatusReport& r);
std::string to_markdown(const AlertsReport& r);
std::string to_markdown(const BacktestReport& r);

std::string to_csv(const Report& r);
std::string to_csv(const CreditsReport& r);
std::string to_csv(const StatusReport& r);
std::string to_csv(const AlertsReport& r);
std::string to_csv(const BacktestReport& r);

// One self-contained page with inline SVG charts (reports only).
std::string to_html(const Report& r);

// How {{name}} writes a value: drafts are Markdown, so escaped for Markdown
// and kept on one line; None for plain text. {{{name}}} is always as is.
enum class TemplateEscape { Markdown, None };

// A template's text and the name its errors give (a file's path).
struct TemplateSource {
  std::string text;
  std::string name;
};

// The text of partial `name` ({{> name}}), or nullopt when there is none.
using PartialLoader = std::function<std::optional<TemplateSource>(const std::string& name)>;

// A template that cannot be rendered. what() is "NAME:LINE:COLUMN: reason"
// (the partial's name and position for an error inside a partial).
class TemplateError : public std::runtime_error {
 public:
  TemplateError(std::string source, int line, int column, const std::string& reason);
  const std::string& source() const { return source_; }
  int line() const { return line_; }  // 0 when the reason has no position
  int column() const { return column_; }

 private:
  std::string source_;
  int line_, column_;
};

// A Mustache template (mustache(5): variables, dotted names, sections,
// inverted sections, comments, partials, set delimiters) over a JSON
// context. Throws TemplateError naming what is malformed; a partial that
// `partials` cannot find is an error too, not an empty string.
std::string render_template(const TemplateSource& tmpl, std::string_view context_json, TemplateEscape escape,
                            const PartialLoader& partials = {});

// The same over a draft's facts (the context to_json(DraftFacts) prints).
std::string render_template(const TemplateSource& tmpl, const DraftFacts& facts, TemplateEscape escape,
                            const PartialLoader& partials = {});

// The same for a template with no name and no partials.
std::string render_template(std::string_view tmpl, std::string_view context_json,
                            TemplateEscape escape = TemplateEscape::Markdown);

}  // namespace vow
