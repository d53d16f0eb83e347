#include <gtest/gtest.h>

#include "vow/render.hpp"

using vow::render_template;

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
