// Credit formulas that hang, crash or return nonsense, through the real
// command: each fails its own contract (exit 78, FILE:LINE, listed under
// errors) within seconds, and every other account is still reported.
#include <chrono>

#include "helpers.hpp"

using namespace vowtest;

namespace {

struct Formula {
  const char* name;
  const char* body;    // the formula's body, on line 4 of rules/acme.lua
  int code;            // exit code of `vow credits`
  const char* expect;  // a fragment of the output
};

const Formula kFormulas[] = {
    {"xpcall_handler_loops", "xpcall(function() error('x') end, function() while true do end end) return 1", 78,
     "rules/acme.lua:"},
    {"pattern_backtracks", "string.find(string.rep('a', 1e6), '.-.-.-.-.-.-.-.-b') return 1", 78, "backtrack"},
    {"huge_error", "error(string.rep('e', 1e5))", 78, "eeeeeeee"},
    {"error_line_past_int", "error('x:99999999999: boom', 0)", 78, "boom"},
    {"note_not_utf8", "return { amount = 1, note = 'caf\\xe9' }", 78, "not valid UTF-8"},
    {"infinite_amount", "return 1/0", 78, "not a finite number"},
    {"huge_percent_is_capped", "return { percent = 1e300 }", 0, "\"amount\": \"25.00\""},
    {"tiny_percent_is_zero", "return { percent = 1e-40 }", 0, "\"amount\": \"0.00\""},
    {"huge_negative_amount_is_zero", "return -1e300", 0, "\"amount\": \"0.00\""},
    // Text the engine keeps per account is bounded: 20 MB per contract added up.
    {"huge_note", "return { percent = 1, note = string.rep('n', 2e7) }", 78, "at most 1000"},
    {"huge_error_is_cut", "error(string.rep('e', 2e7), 0)", 78, "bytes cut]"},
    {"log_flood", "for i = 1, 2e4 do log(string.rep('x', 1e4)) end return 1", 0, "more log lines not kept"},
};

class HostileFormula : public ::testing::TestWithParam<Formula> {};

}  // namespace

TEST_P(HostileFormula, FailsOnlyItsContractAndEndsWithinSeconds) {
  const Formula& f = GetParam();
  auto dir =
      project(std::string("formula-") + f.name,
              std::string("contract \"acme\" {\n  monthly_fee = 100, credit_cap = 25,\n  credit = function(m)\n    ") +
                  f.body + "\n  end,\n}\ncontract \"beta\" { monthly_fee = 100, credit = function(m) return 5 end }\n");
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  EXPECT_EQ(run_vow(dir, "check").code, 0) << "a formula's failure shows at evaluation, not at check";
  for (const char* cmd : {"credits", "report"}) {
    auto started = std::chrono::steady_clock::now();
    auto r = run_vow(dir, std::string(cmd) + " --period 2026-10 --as-of 2026-11-02T00:00:00Z");
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30)) << cmd;
    EXPECT_EQ(r.code, f.code) << cmd << ": " << r.out.substr(0, 2000);
    EXPECT_EQ(r.out.find("internal error"), std::string::npos) << cmd << ": " << r.out.substr(0, 2000);
    EXPECT_NE(r.out.find(f.expect), std::string::npos) << cmd << ": " << r.out.substr(0, 2000);
    EXPECT_NE(r.out.find("\"customer\": \"beta\""), std::string::npos) << cmd << ": the other account was lost";
    EXPECT_LT(r.out.size(), 4u << 20) << cmd << ": output is bounded";
    if (f.code == 78) {
      EXPECT_NE(r.out.find("\"errors\""), std::string::npos) << cmd << ": " << r.out.substr(0, 2000);
      EXPECT_NE(r.out.find("rules/acme.lua:"), std::string::npos) << cmd << ": " << r.out.substr(0, 2000);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, HostileFormula, ::testing::ValuesIn(kFormulas),
                         [](const auto& p) { return std::string(p.param.name); });

// DESIGN.md: runtime errors of contract code carry a traceback. Through the
// real command, a credit formula and an exclude that fail name the Lua
// frames the error came through, innermost first, after the first line.
TEST(FormulaErrors, CarryTheFramesTheyCameThrough) {
  auto dir = project("formula-traceback",
                     "local function depth(m)\n"
                     "  return m.nothing.here\n"
                     "end\n"
                     "local function rate(m) return depth(m) + 1 end\n"
                     "contract \"acme\" {\n"
                     "  monthly_fee = 100,\n"
                     "  credit = function(m)\n"
                     "    local r = rate(m) return r\n"
                     "  end,\n"
                     "  uptime = { target = 99.9, services = { \"api\" }, exclude = function(o) return o.x.y end },\n"
                     "}\n");
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto r = run_vow(dir, "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  EXPECT_EQ(r.code, 78) << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find("rules/acme.lua:7: contract \\\"acme\\\": credit formula failed: rules/acme.lua:2: attempt to "
                       "index a nil value (field 'nothing')\\nstack traceback:\\n\\trules/acme.lua:2: in function "
                       "'depth'\\n\\trules/acme.lua:4: in function 'rate'\\n\\trules/acme.lua:8: in function "
                       "<rules/acme.lua:7>\""),
            std::string::npos)
      << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find("rules/acme.lua:10: contract \\\"acme\\\": exclude failed: rules/acme.lua:10: attempt to index "
                       "a nil value (field 'x')\\nstack traceback:\\n\\trules/acme.lua:10: in function "
                       "<rules/acme.lua:10>\""),
            std::string::npos)
      << r.out.substr(0, 2000);
}

// A failing exclude is met again for each period a report evaluates (the
// trend's earlier months, the forecast): it is one error, said once.
TEST(FormulaErrors, AFailureMetAgainIsSaidOnce) {
  auto dir = project("formula-once",
                     "contract \"acme\" {\n"
                     "  monthly_fee = 100,\n"
                     "  uptime = { target = 99.9, services = { \"api\" }, exclude = function(o) return o.x.y end },\n"
                     "}\n");
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  for (const char* period : {"2026-10", "2026-Q4"}) {
    auto r = run_vow(dir, std::string("report --period ") + period + " --as-of 2026-11-02T00:00:00Z");
    EXPECT_EQ(r.code, 78) << r.out;
    size_t count = 0;
    for (size_t at = r.out.find("exclude failed"); at != std::string::npos; at = r.out.find("exclude failed", at + 1))
      ++count;
    EXPECT_EQ(count, 2u) << period << ": once in the JSON, once on standard error\n" << r.out;
  }
}
