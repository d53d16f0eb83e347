// A draft's facts are a struct: output/ writes them as the JSON that
// `--format json` prints and renders templates over them with no JSON text
// in between.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "vow/render.hpp"

using namespace vow;

namespace {

DraftFacts postmortem() {
  DraftFacts f;
  f.kind = "postmortem";
  f.as_of = "2026-11-05T00:00:00Z";
  f.as_of_local = "2026-11-04 19:00 EST";
  f.timezone = "America/New_York";
  f.customer = DraftCustomer{"acme", "Acme *Corp*", std::nullopt};
  DraftAccount a;
  a.customer = *f.customer;
  a.period = "2026-10";
  a.uptime = DraftUptime{"99.731", "99.900", false, "120.0"};
  a.status = Status::Red;
  a.postmortem_required = true;
  f.account = a;
  f.outage = DraftOutage{"inc-7",
                         "API down",
                         "api",
                         "major",
                         "2026-10-02T10:00:00Z",
                         "2026-10-02 06:00 EDT",
                         "2026-10-02T12:00:00Z",
                         "2026-10-02 08:00 EDT",
                         "2 h",
                         120};
  f.timeline = {{"2026-10-02T10:00:00Z", "2026-10-02 06:00 EDT", "outage of api began"}};
  f.incident = DraftIncidentRecord{"A failover.", std::nullopt, {"a lock"}, {}};
  return f;
}

}  // namespace

TEST(DraftFacts, JsonHasEveryFieldTheTemplatesRead) {
  auto j = nlohmann::json::parse(to_json(postmortem()));
  EXPECT_TRUE(j["does_not_apply"].is_null());
  EXPECT_EQ(j["customer"]["id"], "acme");
  EXPECT_TRUE(j["customer"]["tier"].is_null());
  EXPECT_EQ(j["account"]["status"], "red");
  EXPECT_EQ(j["account"]["uptime"]["percent"], "99.731");
  EXPECT_FALSE(j["account"].contains("credit"));
  EXPECT_EQ(j["outage"]["duration_minutes"], 120);
  EXPECT_EQ(j["outage"]["ongoing"], false);
  EXPECT_EQ(j["incident"]["summary"], "A failover.");
  EXPECT_EQ(j["incident"]["root_cause_missing"], true);
  EXPECT_EQ(j["incident"]["contributing_factors"][0]["text"], "a lock");
  EXPECT_EQ(j["incident"]["preventive_measures_missing"], true);
  EXPECT_FALSE(j.contains("ticket"));
  EXPECT_FALSE(j.contains("outages"));
}

TEST(DraftFacts, TemplatesRenderOverTheStruct) {
  TemplateSource t{
      "{{customer.name}}: {{outage.title}} for {{outage.duration}} ({{account.uptime.percent}}%)"
      "{{#incident.root_cause_missing}}; root cause to follow{{/incident.root_cause_missing}}",
      "postmortem.md.mustache"};
  EXPECT_EQ(render_template(t, postmortem(), TemplateEscape::Markdown),
            "Acme \\*Corp\\*: API down for 2 h (99.731%); root cause to follow");
  EXPECT_EQ(render_template(t, postmortem(), TemplateEscape::None),
            "Acme *Corp*: API down for 2 h (99.731%); root cause to follow");
}
