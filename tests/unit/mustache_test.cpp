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
