// Contract language 1.1, "Amendments with effective dates": the versions of
// a contract's terms, which one is in force when, and what vow check says.
#include <gtest/gtest.h>

#include "contract_problems.hpp"
#include "contracts/contract_set.hpp"
#include "time/period.hpp"

using namespace vow;

namespace {

Period month(const char* label) {
  return *parse_period(label);
}

const char* kAmended = R"(tier "ent" {
  resolution = { P1 = "8h", P2 = "24h" },
  compliance_target = 0.9,
}
contract "acme" {
  tier = "ent",
  clause = "MSA",
  timezone = "UTC",
  uptime = { target = 99.9, services = { "api" }, clause = "§2" },
  response = { P1 = "1h", P2 = "4h" },
  amendments = {
    { from = "2026-11", clause = "Amendment 1", uptime = { target = 99.95 }, resolution = { P1 = "4h" } },
    { from = "2027-01", response = { P1 = { target = "30m", clause = "A2 §1" } }, credit_cap = 25 },
  },
}
)";

}  // namespace

TEST(Amendments, EachMonthHasTheTermsOfTheLastAmendmentFromAtOrBeforeIt) {
  ContractSet set;
  set.add_source("rules/c.lua", kAmended);
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract& c = *set.find("acme");
  const Contract& oct = c.in_force(month("2026-10"));
  const Contract& nov = c.in_force(month("2026-11"));
  const Contract& dec = c.in_force(month("2026-12"));
  const Contract& jan = c.in_force(month("2027-01"));
  EXPECT_FALSE(oct.terms_from);
  EXPECT_EQ(nov.terms_from, "2026-11");
  EXPECT_EQ(&dec, &nov);
  EXPECT_EQ(jan.terms_from, "2027-01");
  EXPECT_EQ(c.in_force(month("2031-05")).terms_from, "2027-01");

  EXPECT_DOUBLE_EQ(oct.uptime()->target, 99.9);
  EXPECT_DOUBLE_EQ(nov.uptime()->target, 99.95);
  EXPECT_DOUBLE_EQ(jan.uptime()->target, 99.95);                       // the later amendment leaves it
  EXPECT_EQ(nov.uptime()->services, std::vector<std::string>{"api"});  // merged by name
  EXPECT_EQ(oct.resolution.at("P1").target, 8 * 3'600'000);
  EXPECT_EQ(nov.resolution.at("P1").target, 4 * 3'600'000);
  EXPECT_EQ(nov.resolution.at("P2").target, 24 * 3'600'000);  // the tier's, key by key
  EXPECT_EQ(jan.response.at("P1").target, 30 * 60'000);
  EXPECT_EQ(jan.response.at("P2").target, 4 * 3'600'000);
  EXPECT_DOUBLE_EQ(oct.credit_cap, 100);
  EXPECT_DOUBLE_EQ(jan.credit_cap, 25);
  EXPECT_DOUBLE_EQ(jan.compliance_target, 0.9);
  EXPECT_EQ(jan.tier, "ent");

  // A figure's clause: its own table's, else its amendment's, else the contract's.
  EXPECT_EQ(oct.uptime()->clause, "§2");
  EXPECT_EQ(nov.uptime()->clause, "Amendment 1");
  EXPECT_EQ(nov.resolution.at("P1").clause, "Amendment 1");
  EXPECT_EQ(nov.resolution.at("P2").clause, "MSA");
  EXPECT_EQ(jan.response.at("P1").clause, "A2 §1");
  EXPECT_EQ(jan.clause, "MSA");  // the contract's own, never an amendment's

  // A clock starting on the last millisecond of October is under October's terms.
  const Zone& utc = Zone::utc();
  Instant nov1 = month("2026-11").bounds(utc).a;
  EXPECT_EQ(&c.in_force_at(nov1 - 1), &oct);
  EXPECT_EQ(&c.in_force_at(nov1), &nov);
  EXPECT_EQ(&nov.in_force_at(nov1 - 1), &oct);  // any version finds the others
}

TEST(Amendments, ANewTermOrTargetInAnAmendmentCounts) {
  ContractSet set;
  set.add_source("rules/c.lua", R"(contract "a" {
  uptime = { { name = "API", target = 99.9, services = { "api" } } },
  amendments = {
    { from = "2026-11", uptime = { { name = "Web", target = 99.5, services = { "web" } } },
      next_reply = { P1 = "2h" } },
  },
}
)");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract& c = *set.find("a");
  EXPECT_EQ(c.in_force(month("2026-10")).uptimes.size(), 1u);
  ASSERT_EQ(c.in_force(month("2026-11")).uptimes.size(), 2u);
  EXPECT_EQ(c.in_force(month("2026-11")).uptimes[1].name, "Web");
  // What any version has decides which events and clocks the contract reads.
  EXPECT_EQ(c.uptime_services(), (std::vector<std::string>{"api", "web"}));
  EXPECT_TRUE(c.has_ticket_targets());
  EXPECT_TRUE(c.in_force(month("2026-10")).next_reply.empty());
}

TEST(Amendments, AFigureALaterAmendmentRewritesWithoutAClauseQuotesTheContract) {
  ContractSet set;
  set.add_source("rules/c.lua", R"(contract "a" {
  clause = "MSA",
  uptime = { target = 99.9, services = { "api" } },
  credit = schedule { { below = 99.9, percent = 10 } },
  amendments = {
    { from = "2026-11", clause = "A1", uptime = { target = 99.95 },
      credit = schedule { { below = 99.95, percent = 10 } } },
    { from = "2027-01", uptime = { target = 99.99 }, credit_cap = 5 },
  },
}
)");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract& c = *set.find("a");
  EXPECT_EQ(c.in_force(month("2026-12")).uptime()->clause, "A1");
  EXPECT_EQ(c.in_force(month("2027-01")).uptime()->clause, "MSA");  // 99.99 is not A1's figure
  EXPECT_EQ(c.in_force(month("2027-01")).credit.clause, "A1");      // a new cap is not a new schedule
  EXPECT_EQ(c.in_force(month("2026-10")).credit.clause, "MSA");
}

TEST(Amendments, ContractsWithoutAmendmentsAreTheirOwnTermsEverywhere) {
  ContractSet set;
  set.add_source("rules/c.lua", "contract \"a\" { response = { P1 = \"1h\" } }\n");
  set.resolve();
  const Contract& c = *set.find("a");
  EXPECT_EQ(&c.in_force(month("2026-10")), &c);
  EXPECT_EQ(c.versions, nullptr);
  EXPECT_FALSE(c.terms_from);
}

TEST(Amendments, CheckNamesTheAmendmentFieldAndLine) {
  auto contract = [](const std::string& amendments, const std::string& extra = "") {
    return "contract \"a\" {\n  timezone = \"UTC\",\n" + extra +
           "  uptime = { target = 99.9, services = { \"api\" } },\n  amendments = {\n" + amendments + "  },\n}\n";
  };
  expect_problem(contract("    { from = \"2027-01\" },\n    { from = \"2026-11\" },\n"),
                 "rules/c.lua:6: contract \"a\": field \"amendments[2].from\": \"2026-11\" comes after \"2027-01\"");
  expect_problem(contract("    { from = \"2027-02\" },\n", "  commitment = \"quarter\",\n"),
                 "rules/c.lua:6: contract \"a\": field \"amendments[1].from\": \"2027-02\" does not open a quarter; "
                 "a quarterly commitment is amended from a quarter's first month, such as \"2027-04\"");
  expect_problem(contract("    { from = \"2027-Q1\" },\n"),
                 "rules/c.lua:5: contract \"a\": field \"amendments[1].from\" must be the month the amendment takes");
  expect_problem(contract("    { from = \"Nov\" },\n"), "field \"amendments[1].from\" must be the month");
  expect_problem(contract("    { uptime = { target = 99 } },\n"), "field \"amendments[1].from\" is required");
  for (const char* fixed : {"name", "tier", "timezone", "commitment"})
    expect_problem(
        contract("    { from = \"2026-11\", " + std::string(fixed) + " = \"x\" },\n"),
        "rules/c.lua:5: contract \"a\": field \"amendments[1]." + std::string(fixed) + "\" cannot be amended");
  expect_problem(contract("    { from = \"2026-11\", amendments = {} },\n"),
                 "field \"amendments[1].amendments\" cannot be inside an amendment");
  expect_problem(contract("    { from = \"2026-11\",\n      respnse = { P1 = \"1h\" } },\n"),
                 "rules/c.lua:6: contract \"a\", amendment from \"2026-11\": unknown field \"respnse\" (did you mean "
                 "\"response\"?)");
  expect_problem(
      contract("    { from = \"2026-10\" },\n    { from = \"2026-11\",\n      uptime = { target = 101 } },\n"),
      "rules/c.lua:7: contract \"a\", amendment from \"2026-11\": field \"uptime.target\" must be a percent");
  expect_problem(contract("    \"2026-11\",\n"), "field \"amendments[1]\" must be a table");
  expect_problem("contract \"a\" {\n  amendments = { from = \"2026-11\" },\n}\n",
                 "rules/c.lua:2: contract \"a\": field \"amendments\" must be a list of amendments");
  expect_problem("tier \"t\" {\n  amendments = {},\n}\n", "tier \"t\": unknown field \"amendments\"");
}
