#include <gtest/gtest.h>

#include "vow/render.hpp"

using vow::render_template;
using vow::TemplateEscape;

TEST(Mustache, VariablesSectionsAndInversions) {
  std::string ctx = R"({"name":"Acme","outage":{"title":"API down","minutes":42},
    "customers":[{"id":"a"},{"id":"b"}],"none":[],"late":true,"missing":null})";
  EXPECT_EQ(render_template("Hello {{name}}, {{outage.title}} for {{outage.minutes}} min.", ctx),
            "Hello Acme, API down for 42 min.");
  EXPECT_EQ(render_template("{{#customers}}[{{id}}]{{/customers}}", ctx), "[a][b]");
  EXPECT_EQ(render_template("{{#none}}x{{/none}}{{^none}}empty{{/none}}", ctx), "empty");
  EXPECT_EQ(render_template("{{#outage}}{{title}}/{{name}}{{/outage}}", ctx), "API down/Acme");  // outer scope
  EXPECT_EQ(render_template("{{#late}}late{{/late}}{{^missing}} (no record){{/missing}}", ctx), "late (no record)");
  EXPECT_EQ(render_template("a{{! a comment }}b{{unknown}}c", ctx), "abc");
  EXPECT_EQ(render_template("{{#customers}}\n- {{id}}\n{{/customers}}\nend", ctx), "- a\n- b\nend");
}

TEST(Mustache, MalformedTemplatesAreNamed) {
  EXPECT_THROW(render_template("{{#a}} never closed", "{}"), std::runtime_error);
  EXPECT_THROW(render_template("{{/a}}", "{}"), std::runtime_error);
  EXPECT_THROW(render_template("{{unclosed", "{}"), std::runtime_error);
}

// Drafts are Markdown: {{x}} escapes a value for Markdown and keeps it on
// its line; {{{x}}} leaves it as it is, for authors who need that.
TEST(Mustache, DoubleBracesEscapeForMarkdownTripleBracesDoNot) {
  std::string ctx = R"({"name":"<script>alert(1)</script> | x\n# y","n":-12.5,"at":"2026-10-02T10:00:00Z",
    "customers":[{"id":"a_b*"}]})";
  EXPECT_EQ(render_template("| {{name}} |", ctx), "| &lt;script&gt;alert(1)&lt;/script&gt; \\| x \\# y |");
  EXPECT_EQ(render_template("{{{name}}}", ctx), "<script>alert(1)</script> | x\n# y");
  EXPECT_EQ(render_template("{{n}} at {{at}}", ctx), "-12.5 at 2026-10-02T10:00:00Z");
  EXPECT_EQ(render_template("{{#customers}}- {{id}}{{/customers}}", ctx), "- a\\_b\\*");
  EXPECT_EQ(render_template("{{name}}", ctx, TemplateEscape::None), "<script>alert(1)</script> | x\n# y");
}

// The whole language of mustache(5), through kainjow's library.
TEST(Mustache, SetDelimitersAndPartials) {
  std::string ctx = R"({"name":"Acme *x*","items":[{"id":"a"},{"id":"b"}]})";
  EXPECT_EQ(render_template("{{=<% %>=}}<% name %> {{name}}<%={{ }}=%> {{name}}", ctx),
            "Acme \\*x\\* {{name}} Acme \\*x\\*");
  vow::PartialLoader partials = [](const std::string& name) -> std::optional<vow::TemplateSource> {
    if (name == "item") return vow::TemplateSource{"[{{id}}:{{name}}]", "item.md.mustache"};
    if (name == "self") return vow::TemplateSource{"x{{> self}}", "self.md.mustache"};
    if (name == "broken") return vow::TemplateSource{"ok\n  {{#open}}", "broken.md.mustache"};
    return std::nullopt;
  };
  auto render = [&](const std::string& tmpl) {
    return render_template(vow::TemplateSource{tmpl, "t.md.mustache"}, ctx, TemplateEscape::Markdown, partials);
  };
  // A partial sees the scope it is included in, and escapes the same way.
  EXPECT_EQ(render("{{#items}}{{> item}}{{/items}}"), "[a:Acme \\*x\\*][b:Acme \\*x\\*]");
  // Errors name the file and the line, the partial's own where it is at fault.
  try {
    render("{{> broken}}");
    ADD_FAILURE() << "a partial with an unclosed section rendered";
  } catch (const vow::TemplateError& e) {
    EXPECT_EQ(e.source(), "broken.md.mustache");
    EXPECT_EQ(e.line(), 2);
    EXPECT_STREQ(e.what(), "broken.md.mustache:2:3: Unclosed section \"open\"");
  }
  EXPECT_THROW(render("{{> nowhere}}"), vow::TemplateError);  // not silently empty
  EXPECT_THROW(render("{{> self}}"), vow::TemplateError);     // not a stack overflow
  // A value of the data is never taken for a partial's text.
  EXPECT_THROW(render_template("{{> name}}", ctx), vow::TemplateError);
}

TEST(Mustache, ErrorsGiveTheLineAndColumn) {
  try {
    render_template(vow::TemplateSource{"line one\nline two {{#a}}\n", "x.md.mustache"}, "{}",
                    TemplateEscape::Markdown);
    ADD_FAILURE() << "an unclosed section rendered";
  } catch (const vow::TemplateError& e) {
    EXPECT_STREQ(e.what(), "x.md.mustache:2:10: Unclosed section \"a\"");
  }
  try {
    render_template(vow::TemplateSource{"{{/b}}", "y.md.mustache"}, "{}", TemplateEscape::Markdown);
    ADD_FAILURE() << "a section closed without opening rendered";
  } catch (const vow::TemplateError& e) {
    EXPECT_STREQ(e.what(), "y.md.mustache:1:1: Unopened section \"b\"");
  }
}

// Found by an adversarial pass: the library has no limits, so a template of
// sections nested 10,000 deep took a gigabyte, and four partials that each
// include the next four times never finished. Each is now an error naming
// the template.
TEST(Mustache, TemplatesThatWouldTakeMinutesOrGigabytesAreErrors) {
  std::string ctx = R"({"outage":{"id":"o"},"items":[1,2,3]})";
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "{{#outage}}";
  deep += "x";
  for (int i = 0; i < 10000; ++i) deep += "{{/outage}}";
  try {
    render_template(vow::TemplateSource{deep, "deep.md.mustache"}, ctx, TemplateEscape::Markdown);
    ADD_FAILURE() << "sections 10,000 deep rendered";
  } catch (const vow::TemplateError& e) {
    EXPECT_EQ(e.source(), "deep.md.mustache");
    EXPECT_NE(std::string(e.what()).find("nest more than 64 deep"), std::string::npos) << e.what();
  }
  // 64 deep is still fine.
  std::string ok;
  for (int i = 0; i < 64; ++i) ok += "{{#outage}}";
  ok += "x";
  for (int i = 0; i < 64; ++i) ok += "{{/outage}}";
  EXPECT_EQ(render_template(ok, ctx), "x");

  vow::PartialLoader fan = [](const std::string& name) -> std::optional<vow::TemplateSource> {
    int n = std::stoi(name.substr(1));
    std::string next = "{{> p" + std::to_string(n + 1) + "}}";
    return vow::TemplateSource{n < 40 ? next + next + next + next : "x", name + ".md.mustache"};
  };
  EXPECT_THROW(render_template(vow::TemplateSource{"{{> p0}}", "fan.md.mustache"}, ctx, TemplateEscape::Markdown, fan),
               vow::TemplateError);

  // Output is capped too (a few partials can multiply it without nesting deep).
  vow::PartialLoader big = [](const std::string& name) -> std::optional<vow::TemplateSource> {
    if (name == "kb") return vow::TemplateSource{std::string(100 << 10, 'k'), "kb.md.mustache"};
    return std::nullopt;
  };
  std::string many;
  for (int i = 0; i < 60; ++i) many += "{{> kb}}";
  EXPECT_THROW(render_template(vow::TemplateSource{many, "big.md.mustache"}, ctx, TemplateEscape::Markdown, big),
               vow::TemplateError);
}
