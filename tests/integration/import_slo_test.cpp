// `vow import-slo` over every real OpenSLO and Sloth file in
// ../shared/realdata/slo_specs (slis.md, "Importing SLO definitions"):
// each file is imported into Lua that `vow check` accepts, or refused
// naming the file and the field. Sloth's validate/bad cases are all refused
// for what makes them bad; its good cases are accepted.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "helpers.hpp"

using namespace vowtest;

namespace {

const fs::path kSpecs = fs::path(VOW_SOURCE_DIR) / ".." / "shared" / "realdata" / "slo_specs";

// What each file gives: objectives imported, nothing to import (services,
// data sources, alert policies: notes only), or refused at a field.
struct Expected {
  int objectives = 0;         // > 0: imported
  std::string refused_field;  // non-empty: refused there
};

const std::map<std::string, Expected> kExpected = {
    // OpenSLO's examples measure rolling or weekly windows, or start at noon.
    {"openslo/examples__budgeting-method__occurences-slo.yaml", {0, "spec.timeWindow[0].isRolling"}},
    {"openslo/examples__budgeting-method__ratio-timeslices.yaml", {0, "spec.timeWindow[0].isRolling"}},
    {"openslo/examples__budgeting-method__timeslices-slo.yaml", {0, "spec.timeWindow[0].duration"}},
    {"openslo/examples__treat-low-traffic-as-equally-important__timeslices-slo.yaml",
     {0, "spec.timeWindow[0].duration"}},
    {"openslo/pkg__openslo__v1__examples__alert_conditions.yaml", {}},
    {"openslo/pkg__openslo__v1__examples__alert_notification_targets.yaml", {}},
    {"openslo/pkg__openslo__v1__examples__alert_policies.yaml", {}},
    {"openslo/pkg__openslo__v1__examples__data_sources.yaml", {}},
    {"openslo/pkg__openslo__v1__examples__services.yaml", {}},
    {"openslo/pkg__openslo__v1__examples__slis.yaml", {}},  // SLIs no SLO uses
    {"openslo/pkg__openslo__v1__examples__slos.yaml", {0, "spec.timeWindow[0].duration"}},
    {"openslo/pkg__openslo__v1alpha__examples__services.yaml", {}},
    {"openslo/pkg__openslo__v1alpha__examples__slos.yaml", {0, "spec.timeWindows[0].unit"}},
    {"openslo/pkg__openslo__v2alpha__examples__alert_conditions.yaml", {}},
    {"openslo/pkg__openslo__v2alpha__examples__alert_notification_targets.yaml", {}},
    {"openslo/pkg__openslo__v2alpha__examples__alert_policies.yaml", {}},
    {"openslo/pkg__openslo__v2alpha__examples__data_sources.yaml", {}},
    {"openslo/pkg__openslo__v2alpha__examples__services.yaml", {}},
    {"openslo/pkg__openslo__v2alpha__examples__slis.yaml", {0, "apiVersion"}},
    {"openslo/pkg__openslo__v2alpha__examples__slos.yaml", {0, "apiVersion"}},
    {"sloth/getting-started.yml", {1, ""}},
    {"sloth/home-wifi.yml", {2, ""}},
    {"sloth/k8s-getting-started.yml", {1, ""}},
    {"sloth/kubernetes-apiserver.yml", {2, ""}},
    {"sloth/multifile.yml", {2, ""}},
    {"sloth/no-alerts.yml", {1, ""}},
    {"sloth/openslo-getting-started.yml", {1, ""}},  // 30 days without a calendar: Sloth's month (ADR 0050)
    {"sloth/openslo-kubernetes-apiserver.yml", {3, ""}},
    {"sloth/test_integration_in-invalid-version.yaml", {0, "version"}},
    {"sloth/test_integration_in-openslo.yaml", {1, ""}},
    {"sloth/test_integration_out-openslo.yaml.tpl", {0, "apiVersion"}},  // Prometheus rules, not an SLO
    {"sloth/validate/bad__bad-aa.yaml", {0, "slos[1].objective"}},
    {"sloth/validate/bad__bad-ab.yaml", {0, "slos[1].objective"}},
    {"sloth/validate/bad__bad-ba.yaml", {0, "slos[1].objective"}},
    {"sloth/validate/bad__bad-k8s.yaml", {0, "spec.service"}},
    {"sloth/validate/bad__bad-multi-k8s.yaml", {0, "spec.slos[0].alerting.name"}},
    {"sloth/validate/bad__bad-multi.yaml", {0, "slos[1].sli"}},
    {"sloth/validate/bad__bad-openslo.yaml", {0, "spec.timeWindows[0]"}},  // 28 days
    {"sloth/validate/good__good-aa.yaml", {2, ""}},
    {"sloth/validate/good__good-ab.yaml", {2, ""}},
    {"sloth/validate/good__good-ba.yaml", {2, ""}},
    {"sloth/validate/good__good-k8s.yaml", {2, ""}},
    {"sloth/validate/good__good-multi-k8s.yaml", {4, ""}},
    {"sloth/validate/good__good-multi.yaml", {4, ""}},
    {"sloth/validate/good__good-openslo.yaml", {1, ""}},
    {"sloth/windows__7d.yaml", {}},  // AlertWindows: no objective
    {"sloth/windows__custom-30d.yaml", {}},
};

// The tiers a rules file defines, each used by a contract of its own so
// that `vow check` builds their terms as a contract's.
std::string contracts_for(const std::string& lua) {
  std::string out;
  std::regex tier(R"re(tier "([^"]+)")re");
  int n = 0;
  for (std::sregex_iterator it(lua.begin(), lua.end(), tier), end; it != end; ++it)
    out += "contract \"c" + std::to_string(++n) + "\" { tier = \"" + (*it)[1].str() + "\" }\n";
  return out;
}

}  // namespace

TEST(ImportSlo, EveryRealFileIsImportedOrRefusedByField) {
  if (!fs::exists(kSpecs)) GTEST_SKIP() << "no ../shared/realdata/slo_specs beside the checkout: " << kSpecs;
  int seen = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSpecs)) {
    if (!entry.is_regular_file() || entry.path().filename() == "LICENSE") continue;
    std::string rel = fs::relative(entry.path(), kSpecs).generic_string();
    SCOPED_TRACE(rel);
    auto want = kExpected.find(rel);
    ASSERT_NE(want, kExpected.end()) << "a file this test does not know: add what it should give";
    ++seen;
    fs::path dir = project("import-slo", "");
    auto r = run_vow(dir, "import-slo '" + entry.path().string() + "' --output rules/imported.lua");
    if (!want->second.refused_field.empty()) {
      EXPECT_EQ(r.code, 65) << r.out;
      EXPECT_NE(r.out.find(entry.path().string() + ":"), std::string::npos) << r.out;  // FILE:LINE
      EXPECT_NE(r.out.find(want->second.refused_field + ":"), std::string::npos) << r.out;
      EXPECT_FALSE(fs::exists(dir / "rules" / "imported.lua"));
      continue;
    }
    EXPECT_EQ(r.code, 0) << r.out;
    if (want->second.objectives == 0) {
      EXPECT_NE(r.out.find("note:"), std::string::npos) << r.out;  // says why nothing was imported
      continue;
    }
    std::string lua = slurp(dir / "rules" / "imported.lua");
    std::regex objective(R"(\{ name = "[^"]+", sli = ")");
    EXPECT_EQ(std::distance(std::sregex_iterator(lua.begin(), lua.end(), objective), std::sregex_iterator()),
              want->second.objectives)
        << lua;
    write(dir / "rules" / "acme.lua", contracts_for(lua));
    auto check = run_vow(dir, "check");
    EXPECT_EQ(check.code, 0) << check.out << "\n" << lua;
  }
  EXPECT_EQ(seen, static_cast<int>(kExpected.size()));
}

// The same objectives as uptime terms, which `vow check` builds too.
TEST(ImportSlo, AsUptimeTermsTheGoodSlothFilesCheck) {
  if (!fs::exists(kSpecs)) GTEST_SKIP() << "no ../shared/realdata/slo_specs beside the checkout: " << kSpecs;
  for (const char* name : {"good__good-multi.yaml", "good__good-openslo.yaml", "good__good-k8s.yaml"}) {
    SCOPED_TRACE(name);
    fs::path dir = project("import-slo-uptime", "");
    auto r = run_vow(dir, std::string("import-slo --as-uptime '") + (kSpecs / "sloth" / "validate" / name).string() +
                              "' --output rules/imported.lua");
    ASSERT_EQ(r.code, 0) << r.out;
    std::string lua = slurp(dir / "rules" / "imported.lua");
    EXPECT_NE(lua.find("uptime = {"), std::string::npos) << lua;
    write(dir / "rules" / "acme.lua", contracts_for(lua));
    auto check = run_vow(dir, "check");
    EXPECT_EQ(check.code, 0) << check.out << "\n" << lua;
  }
}

TEST(ImportSlo, NoFileIsWrongUsageAndAMissingOneIsBadInput) {
  fs::path dir = scratch("import-slo-usage");
  EXPECT_EQ(run_vow(dir, "import-slo").code, 2);
  auto r = run_vow(dir, "import-slo nowhere.yaml");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("nowhere.yaml"), std::string::npos) << r.out;
}

// Fixtures of our own for what the real files do not show: every method, a
// quarter, an SLI referenced from another file, thresholds, v1alpha.
TEST(ImportSlo, EachMethodBecomesTheObjectiveThatSaysTheSame) {
  const fs::path data = fs::path(VOW_SOURCE_DIR) / "tests" / "integration" / "data" / "slo";
  const std::map<std::string, std::vector<std::string>> want = {
      {"ok__openslo-v1-month-occurrences.yaml",
       {R"({ name = "checkout-availability - SLA", sli = "checkout-requests", target = 99.5, method = "ratio" })",
        R"({ name = "checkout-availability - Internal", sli = "checkout-requests", target = 99.95, method = "ratio" })"}},
      // Each threshold counts its own good events: an indicator each.
      {"ok__openslo-v1-threshold.yaml",
       {R"({ name = "page-load - Under 3 s", sli = "page-load-ms_lt_3000", target = 95, method = "ratio" })",
        R"({ name = "page-load - Under 1 s", sli = "page-load-ms_lte_1000", target = 80, method = "ratio" })"}},
      // timeSliceTarget 0.9: a slice is bad above a 10% error rate.
      {"ok__openslo-v1alpha-month.yaml",
       {R"({ name = "search-availability", sli = "search-availability", target = 99, method = "ratio" })",
        R"({ name = "search-latency", sli = "search-latency_lt_0.5", target = 99, method = "timeslices", slice = "5m", max_error_rate = 10 })"}},
      {"ref__openslo-v1-ratio-timeslices-quarter.yaml",
       {R"({ name = "packages-daily", sli = "api-errors", target = 99.5, method = "ratio_timeslices", slice = "1d" })",
        R"(commitment = "quarter")"}},
      {"ref__openslo-v1-timeslices.yaml",
       {R"({ name = "api-minutes", sli = "api-errors", target = 99.9, method = "timeslices", slice = "1m", max_error_rate = 5 })"}},
  };
  for (const auto& [file, lines] : want) {
    SCOPED_TRACE(file);
    fs::path dir = project("import-slo-methods", "");
    // The SLIs the ref__ files name live in a file of their own.
    auto r = run_vow(dir, "import-slo '" + (data / file).string() + "' '" + (data / "slis__openslo-v1.yaml").string() +
                              "' --output rules/imported.lua");
    ASSERT_EQ(r.code, 0) << r.out;
    std::string lua = slurp(dir / "rules" / "imported.lua");
    for (const std::string& line : lines) EXPECT_NE(lua.find(line), std::string::npos) << line << "\n" << lua;
    write(dir / "rules" / "acme.lua", contracts_for(lua));
    auto check = run_vow(dir, "check");
    EXPECT_EQ(check.code, 0) << check.out << "\n" << lua;
  }
}

TEST(ImportSlo, EachBadFixtureIsRefusedAtItsField) {
  const fs::path data = fs::path(VOW_SOURCE_DIR) / "tests" / "integration" / "data" / "slo";
  const std::map<std::string, std::string> want = {
      {"bad__not-slo.yaml", ":1: document 1: apiVersion: is required"},
      {"bad__quarter-from-february.yaml",
       ":18: document 1 (SLO \"fiscal\", service \"api\"): "
       "spec.timeWindow[0].calendar.startTime:"},
      {"bad__raw-occurrences.yaml", ":24: document 1 (SLO \"wifi\", service \"wifi\"): spec.budgetingMethod:"},
      {"bad__sloth-rules.yml",
       ":4: document 1 (Sloth, service \"x\"): labels.bad-label: is not a Prometheus label name"},
      {"bad__target-as-percent.yaml",
       ":16: document 1 (SLO \"percent-by-mistake\", service \"api\"): spec.objectives[0].target: \"99.5\" is not a "
       "ratio from 0 to 1"},
      {"bad__yaml-syntax.yaml", ":6: is not valid YAML"},
  };
  for (const auto& [file, fragment] : want) {
    SCOPED_TRACE(file);
    fs::path dir = project("import-slo-bad", "");
    auto r = run_vow(dir, "import-slo '" + (data / file).string() + "' --output rules/imported.lua");
    EXPECT_EQ(r.code, 65) << r.out;
    EXPECT_NE(r.out.find((data / file).string() + fragment), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir / "rules" / "imported.lua"));
  }
}
