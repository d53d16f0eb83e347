#include <gtest/gtest.h>

#include "contract_problems.hpp"
#include "contracts/contract_set.hpp"
#include "contracts/fields.hpp"

using namespace vow;

TEST(Contracts, UnknownFieldPointsAtItsLineWithTheNearestName) {
  expect_problem("contract \"acme\" {\n  monthly_fee = 1,\n  uptme = { target = 99 },\n}\n",
                 "rules/c.lua:3: contract \"acme\": unknown field \"uptme\" (did you mean \"uptime\"?)");
  expect_problem("contract \"acme\" {\n  uptime = {\n    targte = 99, services = { \"api\" } },\n}\n",
                 "rules/c.lua:3: contract \"acme\": unknown field \"uptime.targte\" (did you mean \"target\"?)");
}

TEST(Contracts, WrongTypesAndValues) {
  expect_problem("contract \"a\" { monthly_fee = \"lots\" }", "field \"monthly_fee\" must be an amount");
  expect_problem("contract \"a\" { compliance_target = 95 }", "field \"compliance_target\" must be a share");
  expect_problem("contract \"a\" { response = { P1 = \"1h30\" } }", "is not a duration");
  expect_problem("contract \"a\" { response = { P1 = \"1.5h\" } }", "is not a duration");
  expect_problem("contract \"a\" { pause_on = { \"waiting\" } }", "is not a ticket status");
  expect_problem("contract \"a\" { credit = 5 }", "must be a function(m) or schedule");
  expect_problem("contract \"a\" { uptime = { target = 99.9 } }", "field \"uptime.services\" is required");
  expect_problem("contract \"a\" { uptime = { services = { \"api\" } } }", "field \"uptime.target\" is required");
}

// Found by fuzz_contracts: a wrong item in the list popped one value too many,
// and the fields checked after it read past the Lua stack.
TEST(Contracts, WrongItemInAListLeavesTheRestChecked) {
  const char* source = "contract \"a\" { uptime = { target = 99.9, services = { true }, combine = \"most\" } }";
  expect_problem(source, "item 1 is a boolean");
  expect_problem(source, "field \"uptime.combine\" must be \"any\" or \"all\"");
  expect_problem("contract \"a\" { pause_on = { \"pending\", 7 } }", "item 2 is a number");
}

TEST(Contracts, UnknownNamesAreReportedWithSuggestions) {
  expect_problem(
      "tier \"enterprise\" {}\ncontract \"a\" { tier = \"enterprize\" }",
      "rules/c.lua:2: contract \"a\": field \"tier\": unknown tier \"enterprize\" (did you mean \"enterprise\"?)");
  expect_problem("contract \"a\" { timezone = \"America/New_Yrok\" }",
                 "field \"timezone\": unknown time zone \"America/New_Yrok\"");
  expect_problem("calendar \"c\" { timezone = \"Mars/Base\", hours = { weekdays = \"09:00-17:00\" } }",
                 "calendar \"c\": field \"timezone\": unknown time zone \"Mars/Base\"");
  expect_problem("contract \"a\" { response = { P1 = { target = hours(1), calendar = \"biz\" } } }",
                 "unknown calendar \"biz\"");
}

TEST(Contracts, MalformedHoursAndDuplicates) {
  expect_problem("calendar \"c\" { hours = { weekdays = \"18:00-09:00\" } }", "must end after it starts");
  expect_problem("calendar \"c\" { hours = { weekdays = \"9-18\" } }", "is not \"HH:MM-HH:MM\"");
  expect_problem("calendar \"c\" { hours = { wekdays = \"09:00-18:00\" } }", "did you mean \"weekdays\"?");
  expect_problem("calendar \"c\" { hours = { daily = \"00:00-24:00\" }, holidays = { \"2026-02-30\" } }",
                 "must list dates as \"YYYY-MM-DD\"");
  expect_problem("contract \"a\" {}\ncontract \"a\" {}",
                 "rules/c.lua:2: contract \"a\" is already defined at rules/c.lua:1");
}

TEST(Contracts, SyntaxErrorsCarryTheLine) {
  expect_problem("contract \"a\" {\n  monthly_fee = 10\n  acv = 5\n}", "rules/c.lua:3:");
}

TEST(Contracts, TierFieldsAreDefaultsAndTablesMergeOneLevel) {
  ContractSet set;
  set.add_source("rules/c.lua", R"(
calendar "biz" { timezone = "Europe/Berlin", hours = { weekdays = "09:00-17:00" } }
contract "acme" { tier = "gold", uptime = { target = 99.95 }, response = { P2 = "2h" }, warn_at = { 0.5 } }
tier "gold" {
  uptime = { target = 99.9, services = { "api" }, combine = "all" },
  response = { P1 = hours(1), P2 = hours(4), P3 = { target = "8h", calendar = "biz" } },
  credit_cap = 30,
}
)");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract* c = set.find("acme");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->tier, "gold");
  EXPECT_DOUBLE_EQ(c->uptime()->target, 99.95);
  EXPECT_EQ(c->uptime()->services, std::vector<std::string>{"api"});
  EXPECT_TRUE(c->uptime()->combine_all);
  EXPECT_EQ(c->response.at("P1").target, 3'600'000);
  EXPECT_EQ(c->response.at("P2").target, 2 * 3'600'000);
  EXPECT_EQ(c->response.at("P3").calendar_name, "biz");
  EXPECT_DOUBLE_EQ(c->credit_cap, 30);
  EXPECT_EQ(c->warn_at, std::vector<double>{0.5});
}

// spec/contracts.md: unknown fields are errors. A schedule row's key that is
// not `below` or `percent` used to be left out without a word, so a
// contract meant something its credits never did.
TEST(Contracts, AScheduleRowWithAnUnknownKeyIsRefused) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "contract \"a\" {\n  monthly_fee = 100,\n  credit = schedule {\n"
                 "    { below = 99.9, percent = 10, cap = 5 },\n  },\n}\n");
  set.resolve();
  ASSERT_EQ(set.diagnostics().size(), 1u);
  EXPECT_EQ(set.diagnostics()[0].str(), "rules/c.lua:4: contract \"a\": field \"credit[1].cap\" is unknown");
  EXPECT_EQ(set.find("a"), nullptr);
}

// terms.md (1.1), "Schedule rows that include their bound": a row has
// exactly one bound, `below` or `at_most`, each a percent of uptime.
TEST(Contracts, AScheduleRowHasOneBoundBelowOrAtMost) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "contract \"a\" {\n  monthly_fee = 100,\n  credit = schedule {\n"
                 "    { at_most = 99.9, percent = 10 },\n    { below = 99.0, percent = 25 },\n  },\n}\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const auto& rows = set.find("a")->credit.rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].inclusive);
  EXPECT_EQ(rows[0].bound, 99.9);
  EXPECT_FALSE(rows[1].inclusive);
  EXPECT_EQ(rows[1].bound, 99.0);
  expect_problem("contract \"b\" {\n  credit = schedule {\n    { below = 99, at_most = 99.5, percent = 10 } },\n}\n",
                 "rules/c.lua:3: contract \"b\": field \"credit[1]\" has both below and at_most");
  expect_problem("contract \"c\" {\n  credit = schedule {\n    { percent = 10 } },\n}\n",
                 "rules/c.lua:3: contract \"c\": field \"credit[1]\" needs its bound: below = B");
  expect_problem("contract \"d\" {\n  credit = schedule {\n    { at_most = 101, percent = 10 } },\n}\n",
                 "rules/c.lua:3: contract \"d\": field \"credit[1].at_most\" must be a percent of uptime");
  expect_problem("contract \"e\" {\n  credit = schedule {\n    { at_mots = 99.9, percent = 10 } },\n}\n",
                 "field \"credit[1].at_mots\" is unknown (did you mean \"at_most\"?)");
}

TEST(Contracts, CreditCapDaysIsANumberOfDays) {
  ContractSet set;
  set.add_source("rules/c.lua", "contract \"a\" { monthly_fee = 100, credit_cap_days = 3 }");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  EXPECT_EQ(set.find("a")->credit_cap_days, 3.0);
  expect_problem("contract \"b\" {\n  credit_cap_days = \"3d\",\n}\n",
                 "rules/c.lua:2: contract \"b\": field \"credit_cap_days\" must be a number of days");
  expect_problem("contract \"c\" {\n  credit_cap_days = -1,\n}\n", "field \"credit_cap_days\" must be");
}

TEST(Contracts, CommitmentIsAMonthOrAQuarterAndATierMaySetIt) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "tier \"ent\" { commitment = \"quarter\" }\n"
                 "contract \"a\" { tier = \"ent\" }\ncontract \"b\" { tier = \"ent\", commitment = \"month\" }\n"
                 "contract \"c\" { }\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  EXPECT_TRUE(set.find("a")->quarterly());
  EXPECT_FALSE(set.find("b")->quarterly());
  EXPECT_FALSE(set.find("c")->quarterly());
  EXPECT_EQ(set.find("a")->period_at(*parse_instant("2026-11-15T00:00:00Z")).label(), "2026-Q4");
  EXPECT_EQ(set.find("c")->period_at(*parse_instant("2026-11-15T00:00:00Z")).label(), "2026-11");
  expect_problem("contract \"d\" {\n  commitment = \"quarterly\",\n}\n",
                 "rules/c.lua:2: contract \"d\": field \"commitment\" must be \"month\" or \"quarter\"");
  expect_problem("contract \"e\" {\n  comitment = \"quarter\",\n}\n", "did you mean \"commitment\"");
}

TEST(Contracts, UptimeMayBeAListOfNamedTermsMergedWithTheTiersByName) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "tier \"t\" { uptime = { { name = \"API\", target = 99.9, services = { \"api\" } },\n"
                 "                      { name = \"Web\", target = 99.5, services = { \"web\" } } } }\n"
                 "contract \"a\" { tier = \"t\", uptime = { { name = \"Status\", target = 99, services = { \"s\" } },\n"
                 "                                  { name = \"Web\", target = 99.0, fee_share = 0.25 } },\n"
                 "  credit = schedule { term = \"Web\", { below = 99, percent = 10 } } }\n"
                 "contract \"b\" { uptime = { target = 99.9, services = { \"api\" } } }\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract* a = set.find("a");
  ASSERT_EQ(a->uptimes.size(), 3u);
  EXPECT_EQ(a->uptimes[0].name, "API");
  EXPECT_EQ(a->uptimes[1].name, "Web");
  EXPECT_EQ(a->uptimes[1].services, std::vector<std::string>{"web"});  // the tier's
  EXPECT_DOUBLE_EQ(a->uptimes[1].target, 99.0);                        // the contract's
  EXPECT_EQ(a->uptimes[2].name, "Status");
  EXPECT_DOUBLE_EQ(a->fee_share(a->uptimes[1]), 0.25);
  EXPECT_DOUBLE_EQ(a->fee_share(a->uptimes[0]), 1.0 / 3);
  EXPECT_TRUE(a->uptime_list);
  EXPECT_EQ(a->credit.term, "Web");
  // A single table is one term named "uptime": ids have no suffix.
  EXPECT_EQ(set.find("b")->uptimes.size(), 1u);
  EXPECT_EQ(set.find("b")->uptime()->name, "uptime");
  EXPECT_FALSE(set.find("b")->uptime_list);
}

TEST(Contracts, UptimeTermErrorsNameTheTermAndItsLine) {
  expect_problem(
      "contract \"a\" {\n  uptime = {\n    { name = \"API\", target = 99.9, services = { \"api\" } },\n"
      "    { target = 99.5, services = { \"web\" } },\n  },\n}\n",
      "field \"uptime[2]\" needs a name");
  expect_problem(
      "contract \"a\" {\n  uptime = {\n    { name = \"API\", target = 99.9, services = { \"api\" } },\n"
      "    { name = \"API\", target = 99.5, services = { \"web\" } },\n  },\n}\n",
      "rules/c.lua:4: contract \"a\": field \"uptime[2].name\": \"API\" names two terms");
  expect_problem(
      "contract \"a\" {\n  uptime = {\n    { name = \"API\", target = 99.9, services = { \"api\" } },\n"
      "    { name = \"Web\",\n      target = 199, services = { \"web\" } },\n  },\n}\n",
      "rules/c.lua:5: contract \"a\": field \"uptime[\"Web\"].target\" must be a percent");
  expect_problem("contract \"a\" {\n  uptime = { { name = \"a:b\", target = 99, services = { \"x\" } } },\n}\n",
                 "field \"uptime[1].name\" must be a name of letters");
  expect_problem(
      "contract \"a\" {\n  uptime = { { name = \"A\", target = 99, services = { \"x\" }, fee_share = 2 } },\n}\n",
      "field \"uptime[\"A\"].fee_share\" must be a share of the fee");
  expect_problem("contract \"a\" {\n  uptime = { { name = \"A\", targte = 99, services = { \"x\" } } },\n}\n",
                 "unknown field \"uptime[1].targte\" (did you mean \"target\"?)");
  expect_problem(
      "contract \"a\" {\n  uptime = { { name = \"A\", target = 99, services = { \"x\" } } },\n"
      "  credit = schedule { term = \"B\", { below = 99, percent = 1 } },\n}\n",
      "rules/c.lua:3: contract \"a\": field \"credit.term\": no uptime term is named \"B\" (its terms: \"A\")");
}

TEST(Contracts, AClauseIsTextAndReachesEveryFigureThatNamesNone) {
  ContractSet set;
  set.add_source(
      "rules/c.lua",
      "tier \"t\" { clause = \"MSA\", response = { P1 = \"1h\", clause = \"§3\" } }\n"
      "contract \"a\" { tier = \"t\", resolution = { P1 = { target = \"8h\", clause = \"§4\" }, P2 = \"1d\" },\n"
      "  credit = schedule { clause = \"§9\", { below = 99, percent = 1 } } }\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract* a = set.find("a");
  EXPECT_EQ(a->clause, "MSA");
  EXPECT_EQ(a->response.at("P1").clause, "§3");
  EXPECT_EQ(a->resolution.at("P1").clause, "§4");
  EXPECT_EQ(a->resolution.at("P2").clause, "MSA");
  EXPECT_EQ(a->credit.clause, "§9");
  expect_problem("contract \"b\" {\n  clause = 3,\n}\n",
                 "rules/c.lua:2: contract \"b\": field \"clause\" must be text");
  expect_problem("contract \"c\" {\n  response = { P1 = \"1h\",\n    clause = true },\n}\n",
                 "rules/c.lua:3: contract \"c\": field \"response.clause\" must be text");
}

TEST(Contracts, BusinessDaysAreATargetsCountOfOpenDaysInItsCalendar) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "calendar \"b\" { timezone = \"UTC\", hours = { weekdays = \"09:00-18:00\" } }\n"
                 "contract \"a\" { calendar = \"b\", response = { P1 = next_business_day(), P2 = business_days(3),\n"
                 "  P3 = business_days(1, \"24x7\"), P4 = { target = business_days(2, \"b\"), calendar = \"b\" } },\n"
                 "  communications = { postmortem = business_days(5), initial = \"15m\" } }\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract* a = set.find("a");
  EXPECT_EQ(a->response.at("P1").business_days, 1);
  EXPECT_EQ(a->response.at("P1").calendar_name, "b");
  EXPECT_EQ(a->response.at("P2").business_days, 3);
  EXPECT_EQ(a->response.at("P3").calendar_name, "24x7");
  EXPECT_EQ(a->response.at("P4").business_days, 2);
  EXPECT_EQ(a->communications->postmortem->business_days, 5);
  EXPECT_NE(a->communications->postmortem->calendar, nullptr);
  EXPECT_EQ(a->communications->initial->business_days, 0);
  EXPECT_EQ(a->communications->initial->length, 15 * 60'000);

  expect_problem("contract \"c\" {\n  response = {\n    P1 = business_days(0) },\n}\n",
                 "rules/c.lua:3: bad argument #1 to 'business_days' (a count of business days from 1 to 366)");
  expect_problem("contract \"c\" {\n  response = { P1 = business_days(1.5) },\n}\n",
                 "rules/c.lua:2: bad argument #1 to 'business_days' (number has no integer representation)");
  expect_problem("contract \"c\" {\n  response = { P1 = next_business_day(\"x\") },\n}\n",
                 "rules/c.lua:2: next_business_day() takes no argument");
  expect_problem(
      "calendar \"support\" { timezone = \"UTC\", hours = { weekdays = \"09:00-18:00\" } }\n"
      "contract \"c\" {\n  response = {\n    P1 = business_days(2, \"suport\") },\n}\n",
      "rules/c.lua:4: contract \"c\": field \"response.P1\": unknown calendar \"suport\" (did you mean "
      "\"support\"?)");
  expect_problem(
      "calendar \"support\" { timezone = \"UTC\", hours = { weekdays = \"09:00-18:00\" } }\n"
      "contract \"c\" {\n  response = {\n    P1 = { target = business_days(1, \"24x7\"), calendar = "
      "\"support\" } },\n}\n",
      "rules/c.lua:4: contract \"c\": field \"response.P1\" names calendar \"24x7\" in its target and "
      "\"support\" in its table: name one");
  expect_problem("contract \"c\" {\n  communications = {\n    postmortem = business_days(5, \"nope\") },\n}\n",
                 "rules/c.lua:3: contract \"c\": field \"communications.postmortem\": unknown calendar \"nope\"");
}

TEST(Contracts, NextReplyAndUpdateEveryAreTicketTargetsMergedFromTheTier) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "tier \"t\" { next_reply = { P1 = \"2h\" }, update_every = { P1 = hours(4) } }\n"
                 "contract \"a\" { tier = \"t\", next_reply = { P2 = \"8h\" } }\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  const Contract* a = set.find("a");
  EXPECT_EQ(a->next_reply.at("P1").target, 2 * 3'600'000LL);
  EXPECT_EQ(a->next_reply.at("P2").target, 8 * 3'600'000LL);
  EXPECT_EQ(a->update.at("P1").target, 4 * 3'600'000LL);
  expect_problem("contract \"b\" {\n  update_every = {\n    P1 = \"4 hours\" },\n}\n",
                 "rules/c.lua:3: contract \"b\": field \"update_every.P1\": \"4 hours\" is not a duration");
  expect_problem("contract \"b\" {\n  next_replies = { P1 = \"2h\" },\n}\n",
                 "rules/c.lua:2: contract \"b\": unknown field \"next_replies\" (did you mean \"next_reply\"?)");
}

// terms.md 1.1, "Not computed in 1.1": a contract says those terms in `note` text.
TEST(Contracts, ANoteIsTextCarriedAsWritten) {
  ContractSet set;
  set.add_source("rules/c.lua", "contract \"a\" { note = \"Claims within 30 days.\" }\n");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
  EXPECT_EQ(set.find("a")->note, "Claims within 30 days.");
  expect_problem("contract \"b\" {\n  note = { \"x\" },\n}\n",
                 "rules/c.lua:2: contract \"b\": field \"note\" must be text");
}

TEST(Contracts, DurationStrings) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "contract \"a\" { response = { P1 = \"1d12h\", P2 = \"90s\", P3 = \"1h30m\", P4 = days(2) } }");
  set.resolve();
  ASSERT_TRUE(set.diagnostics().empty());
  const auto& r = set.find("a")->response;
  EXPECT_EQ(r.at("P1").target, 36 * 3'600'000LL);
  EXPECT_EQ(r.at("P2").target, 90'000);
  EXPECT_EQ(r.at("P3").target, 90 * 60'000);
  EXPECT_EQ(r.at("P4").target, 48 * 3'600'000LL);
}

// Every name in the field tables is what the did-you-mean check suggests for
// a slip of it, at the top level and in sub-tables, for each kind.
TEST(Contracts, EveryKnownFieldIsSuggestedForItsMisspelling) {
  for (auto kind : {Definition::Kind::Contract, Definition::Kind::Tier, Definition::Kind::Calendar}) {
    std::string head = kind == Definition::Kind::Calendar ? "calendar"
                       : kind == Definition::Kind::Tier   ? "tier"
                                                          : "contract";
    for (const auto& f : field_specs(kind)) {
      std::string slip = std::string(f.name) + "x";
      expect_problem(head + " \"d\" {\n  " + slip + " = 1,\n}\n",
                     "rules/c.lua:2: " + head + " \"d\": unknown field \"" + slip + "\" (did you mean \"" +
                         std::string(f.name) + "\"?)");
      for (auto key : f.keys) {
        std::string sub = std::string(key) + "x";
        expect_problem(head + " \"d\" {\n  " + std::string(f.name) + " = {\n    " + sub + " = 1 },\n}\n",
                       "rules/c.lua:3: " + head + " \"d\": unknown field \"" + std::string(f.name) + "." + sub +
                           "\" (did you mean \"" + std::string(key) + "\"?)");
      }
    }
  }
  // The keys of a ticket target's table and of a schedule's rows.
  for (auto key : kTargetKeys)
    expect_problem("contract \"d\" {\n  response = { P1 = {\n    " + std::string(key) + "x = 1 } },\n}\n",
                   "rules/c.lua:3: contract \"d\": field \"response.P1." + std::string(key) +
                       "x\" is unknown (did you mean \"" + std::string(key) + "\"?)");
  for (auto key : kScheduleRowKeys)
    expect_problem("contract \"d\" {\n  credit = schedule {\n    { below = 99, percent = 10, " + std::string(key) +
                       "x = 1 } },\n}\n",
                   "rules/c.lua:3: contract \"d\": field \"credit[1]." + std::string(key) +
                       "x\" is unknown (did you mean \"" + std::string(key) + "\"?)");
  // A tier cannot set what names a contract.
  expect_problem("tier \"t\" { name = \"x\" }", "tier \"t\": unknown field \"name\"");
  expect_problem("tier \"t\" { tier = \"x\" }", "tier \"t\": unknown field \"tier\"");
}

namespace {

// Functions the registry holds in its numbered slots: what the terms refer to.
int functions_in_registry(lua_State* L) {
  int n = 0;
  lua_pushnil(L);
  while (lua_next(L, LUA_REGISTRYINDEX)) {
    n += lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TFUNCTION;
    lua_pop(L, 1);
  }
  return n;
}

}  // namespace

// Registry references are owned: a contract that fails to build and the
// scratch check of a tier nobody uses give back the functions they took,
// and the contracts that were built hold exactly theirs.
TEST(Contracts, OnlyBuiltContractsKeepTheirFunctionsInTheRegistry) {
  ContractSet set;
  set.add_source("rules/c.lua",
                 "tier \"unused\" { credit = function(m) return 1 end,\n"
                 "  uptime = { target = 99, services = { \"api\" }, exclude = function(o) return false end } }\n"
                 "contract \"broken\" { monthly_fee = \"lots\", credit = function(m) return 2 end }\n"
                 "contract \"good\" { monthly_fee = 10, credit = function(m) return 3 end,\n"
                 "  uptime = { target = 99, services = { \"api\" }, exclude = function(o) return true end } }\n");
  set.resolve();
  ASSERT_NE(set.find("good"), nullptr);
  EXPECT_EQ(set.find("broken"), nullptr);
  EXPECT_EQ(functions_in_registry(set.sandbox().L()), 2);
}

// Found while splitting resolve.cpp: `warn_at` left the nil that ended its
// list on the Lua stack, one slot per contract or tier. Nothing checks the
// stack's room outside a call, so a portfolio of a hundred such contracts
// wrote past it and `vow check` crashed. Every builder, on good values and
// on bad ones, leaves the stack as it found it.
TEST(Contracts, ResolvingLeavesTheLuaStackAsItFoundIt) {
  const char* sources[] = {
      R"(calendar "biz" { timezone = "Europe/Berlin", hours = { weekdays = "09:00-17:00" }, holidays = { "2026-12-25" } }
tier "gold" { warn_at = { 0.5, 0.75 }, uptime = { target = 99, services = { "api" } }, credit_cap = 30 }
contract "a" { tier = "gold", name = "A", timezone = "America/New_York", currency = "EUR", monthly_fee = 10,
  acv = 120, calendar = "biz", uptime = { target = 99.9, combine = "all", partial_weight = 0.5,
  maintenance_notice = days(7), min_outage = "5m", exclude = function(o) return false end },
  response = { P1 = hours(1), P2 = { target = "2h", calendar = "24x7" } }, resolution = { P1 = "1d" },
  pause_on = { "pending" }, compliance_target = 0.9, warn_at = { 0.8 }, budget_warn = 0.7,
  credit = schedule { { below = 99.9, percent = 10 } },
  communications = { initial = minutes(15), update_every = "30m", postmortem = days(5) } }
contract "b" { tier = "gold", credit = function(m) return 1 end })",
      R"(tier "t" { warn_at = { 0.5, "x" }, uptime = 5 }
contract "a" { tier = "t", name = 1, timezone = "Mars/Base", currency = "usd", monthly_fee = -1, acv = "x",
  calendar = "nope", response = { P1 = { target = "1x", calendar = 5, extra = 1 }, [1] = 2 }, resolution = 5,
  pause_on = { "open", 7 }, compliance_target = 2, warn_at = 5, budget_warn = "x", credit_cap = -1,
  credit = schedule { 5, { below = "x" } }, communications = { initial = true } }
contract "b" { tier = "missing", uptime = { target = 200, services = { 1 }, combine = "most", exclude = 1 },
  credit = 5, communications = 5, pause_on = "pending" })",
  };
  for (const char* source : sources) {
    ContractSet set;
    set.add_source("rules/c.lua", source);
    set.resolve();
    if (source == sources[0]) {
      EXPECT_TRUE(set.diagnostics().empty()) << set.diagnostics()[0].str();
    }
    EXPECT_EQ(lua_gettop(set.sandbox().L()), 0) << source;
  }
}
