// The command as a user runs it: exit codes and messages that point at the
// file, line and field.
#include <nlohmann/json.hpp>

#include "../sandbox_escapes.hpp"
#include "helpers.hpp"

using namespace vowtest;

TEST(Check, CleanContractsExitZero) {
  auto dir = project("check-ok");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("ok: 1 contracts"), std::string::npos);
}

TEST(Check, ContractProblemsExit78NamingFileAndLine) {
  auto dir = project("check-bad", "contract \"acme\" {\n  monthly_fee = 100,\n  respnse = { P1 = hours(1) },\n}\n");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("rules/acme.lua:3: contract \"acme\": unknown field \"respnse\" (did you mean \"response\"?)"),
            std::string::npos)
      << r.out;
}

TEST(Check, SandboxEscapeExits78AndActsOnNothing) {
  auto dir = project("check-escape", "os.execute('touch pwned')\n");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("rules/acme.lua:1: undefined global 'os'"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "pwned"));
}

class CheckEscape : public ::testing::TestWithParam<Escape> {};

// Every escape through the real command: exit 78, the file named, nothing done.
TEST_P(CheckEscape, Exits78NamingTheFile) {
  auto dir = project(std::string("escape-") + GetParam().name, GetParam().code);
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("rules/acme.lua:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(GetParam().expect), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "pwned"));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CheckEscape, ::testing::ValuesIn(kEscapes),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(Check, EndlessLoopIsStoppedWithinSeconds) {
  auto dir = project("check-loop", "contract \"a\" {}\nwhile true do end\n");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("rules/acme.lua:2: instruction budget"), std::string::npos) << r.out;
}

struct ConfigCase {
  const char* name;
  const char* toml;
  const char* expect;
};

class ConfigError : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(ConfigError, Exits78WithFileLineColumn) {
  auto dir = project(std::string("cfg-") + GetParam().name);
  write(dir / "vow.toml", GetParam().toml);
  auto r = run_vow(dir, "--config vow.toml check");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find(GetParam().expect), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Catalogue, ConfigError,
    ::testing::Values(
        ConfigCase{"unknown_key", "[store]\npath = \"vow.db\"\nfile = \"x\"\n",
                   "vow.toml:3:8: unknown key \"file\" in [store]"},
        ConfigCase{"wrong_type", "[rules]\npaths = \"rules\"\n", "vow.toml:2:9: rules.paths must be an array"},
        ConfigCase{"missing_rule_path", "[rules]\npaths = [\"nowhere\"]\n", "vow.toml:2:10: rules.paths:"},
        ConfigCase{"syntax", "[store\npath = 1\n", "vow.toml:1:"},
        ConfigCase{"unknown_table", "[stor]\npath = \"x\"\n", "vow.toml:1:1: unknown key \"stor\""},
        // A second sink of the same name never received anything.
        ConfigCase{"duplicate_plugin_name",
                   "[[plugins]]\nname = \"bill\"\nlibrary = \"vow.toml\"\n"
                   "[[plugins]]\nname = \"bill\"\nlibrary = \"vow.toml\"\n",
                   "vow.toml:5:8: plugin name \"bill\" is already used"},
        ConfigCase{"nul_in_store_path", "[store]\npath = \"v\\u0000.db\"\n",
                   "vow.toml:2:8: store.path must be a path without NUL"},
        ConfigCase{"plugin_name_with_colon", "[[plugins]]\nname = \"a:b\"\nlibrary = \"vow.toml\"\n",
                   "vow.toml:2:8: plugin name \"a:b\": use 1 to 64"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(Config, MissingFileExits78) {
  auto dir = scratch("no-config");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("vow.toml: no config file here"), std::string::npos) << r.out;
}

TEST(Usage, BadPeriodAndUnknownCustomerExit2) {
  auto dir = project("usage");
  empty_ledger(dir);
  EXPECT_EQ(run_vow(dir, "report --period 2026-13").code, 2);
  EXPECT_EQ(run_vow(dir, "report --period 2026-10 --customer nobody").code, 2);
  EXPECT_EQ(run_vow(dir, "credits --period 2026-Q5").code, 2);
  EXPECT_EQ(run_vow(dir, "frobnicate").code, 2);
}

TEST(Report, AllFormatsOnARealLedger) {
  auto dir = project("formats",
                     "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
                     "  credit = schedule { { below = 99.9, percent = 10 } } }\n");
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n"
        "{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto json = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  EXPECT_EQ(json.code, 0);
  EXPECT_NE(json.out.find("\"downtime_seconds\": 7200.0"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"amount\": \"100.00\""), std::string::npos) << json.out;
  auto md = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --format md");
  EXPECT_NE(md.out.find("| acme (`acme`) | - | red | 99.731% |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| Notices | Credit |"), std::string::npos) << md.out;
  auto csv = run_vow(dir, "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --format csv --output c.csv");
  EXPECT_EQ(csv.code, 0);
  std::ifstream in(dir / "c.csv");
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header, "period,customer,name,amount,currency,monthly_fee,percent,final,formula,note,fee");
  EXPECT_EQ(row.rfind("2026-10,acme,acme,100.00,USD,1000.00,10.000000,true,", 0), 0u) << row;
}

TEST(Report, AFailingFormulaNamesItsLineAndSparesTheOthers) {
  auto dir = project(
      "formula-error",
      "contract \"acme\" {\n  monthly_fee = 100,\n  credit = function(m)\n    return m.nothing.here\n  end,\n}\n"
      "contract \"beta\" { monthly_fee = 100, credit = function(m) return 5 end }\n");
  empty_ledger(dir);
  auto r = run_vow(dir, "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("rules/acme.lua:4: attempt to index a nil value"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"customer\": \"beta\""), std::string::npos) << r.out;
}

// The README's main job: the example portfolio, generated, ingested, reported.
TEST(Portfolio, GeneratesIngestsAndReports) {
  // The portfolio's config reads ../../rules, so mirror the checkout's layout.
  auto top = scratch("portfolio");
  auto dir = top / "examples" / "portfolio";
  fs::create_directories(dir);
  fs::copy(VOW_SOURCE_DIR "/examples/portfolio", dir, fs::copy_options::recursive);
  fs::copy(VOW_SOURCE_DIR "/rules", top / "rules", fs::copy_options::recursive);
  fs::remove(dir / "vow.db");
  ASSERT_EQ(
      std::system(("python3 '" + (dir / "generate.py").string() + "' --out '" + (dir / "events.ndjson").string() + "'")
                      .c_str()),
      0);
  EXPECT_EQ(run_vow(dir, "check").code, 0);
  auto ingest = run_vow(dir, "ingest events.ndjson");
  EXPECT_EQ(ingest.code, 0) << ingest.out;
  auto again = run_vow(dir, "ingest events.ndjson");
  EXPECT_NE(again.out.find(" 0 new, "), std::string::npos) << again.out;
  auto report = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  EXPECT_EQ(report.code, 0) << report.out.substr(0, 2000);
  EXPECT_EQ(nlohmann::json::parse(report.out)["accounts"].size(), 100u);
  EXPECT_EQ(run_vow(dir, "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --format md").code, 0);
  EXPECT_EQ(run_vow(dir, "status --as-of 2026-11-20T12:00:00Z").code, 0);
  for (const char* section : {"\"tiers\"", "\"flags\"", "\"trends\"", "\"risks\""})
    EXPECT_NE(report.out.find(section), std::string::npos) << section;

  // The customer's cut names no other customer, by id or by name.
  auto cut = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --audience customer --customer c008");
  EXPECT_EQ(cut.code, 0) << cut.out.substr(0, 500);
  auto md = run_vow(
      dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --audience customer --customer c008 --format md");
  std::ifstream contracts(dir / "rules" / "customers.lua");
  std::string line, id;
  size_t others = 0;
  while (std::getline(contracts, line)) {
    if (line.rfind("contract \"", 0) == 0) id = line.substr(10, line.find('"', 10) - 10);
    auto at = line.find("name = \"");
    if (at == std::string::npos || id == "c008") continue;
    std::string name = line.substr(at + 8, line.rfind('"') - at - 8);
    ++others;
    for (const auto& out : {cut.out, md.out}) {
      EXPECT_EQ(out.find("\"" + id + "\""), std::string::npos) << id;
      EXPECT_EQ(out.find("`" + id + "`"), std::string::npos) << id;
      EXPECT_EQ(out.find(name), std::string::npos) << name;
    }
  }
  EXPECT_EQ(others, 99u);
  EXPECT_NE(cut.out.find("\"c008\""), std::string::npos);
  EXPECT_EQ(cut.out.find("\"tiers\""), std::string::npos);
  EXPECT_EQ(run_vow(dir, "report --period 2026-10 --audience customer").code, 2);
}

TEST(Rules, SampleTiersCheckClean) {
  auto dir = project("sample-tiers");
  fs::copy_file(VOW_SOURCE_DIR "/rules/sample-tiers.lua", dir / "rules" / "sample-tiers.lua");
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 0) << r.out;
}

// Communication cadence through the real command: report and status.
TEST(Communications, ReportedPerAccountAndOverdueInStatus) {
  auto dir =
      project("cadence",
              "contract \"acme\" { monthly_fee = 10, uptime = { target = 99.9, services = { \"api\" } },\n"
              "  communications = { initial = minutes(15), update_every = minutes(30), postmortem = days(5) } }\n");
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o1\",\"service\":"
        "\"api\"}\n"
        "{\"id\":\"2\",\"type\":\"incident.notified\",\"at\":\"2026-10-02T10:10:00Z\",\"outage\":\"o1\",\"customer\":"
        "\"acme\",\"kind\":\"initial\"}\n"
        "{\"id\":\"3\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o1\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  // Mid-incident: the next update was due at 10:40.
  auto status = run_vow(dir, "status --as-of 2026-10-02T10:45:00Z");
  EXPECT_NE(status.out.find("\"kind\": \"update\""), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\"deadline\": \"2026-10-02T10:40:00Z\""), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\"overdue\": true"), std::string::npos) << status.out;
  // After the month: initial on time; the 10:10 -> 11:00 gap late; no postmortem.
  auto report = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z");
  EXPECT_NE(report.out.find("\"communications\""), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("\"initial\": {\n          \"target_seconds\": 900.0,\n          \"achieved\": 1,\n        "
                            "  \"breached\": 0"),
            std::string::npos)
      << report.out;
  EXPECT_NE(report.out.find("\"postmortem\": {\n          \"target_seconds\": 432000.0,\n          \"achieved\": 0,\n  "
                            "        \"breached\": 1"),
            std::string::npos)
      << report.out;
}

// Several problems on one line come in one order, whatever order Lua's
// tables hand their fields over in (its hash seed changes from run to run).
TEST(Check, ProblemsOnOneLineComeInOneOrder) {
  auto dir = project("check-order", "contract \"acme\" { monthly_fee = 1, respnse = 1, resolutoin = 2, credti = 3 }\n");
  empty_ledger(dir);
  auto first = run_vow(dir, "check");
  EXPECT_EQ(first.code, 78);
  for (int i = 0; i < 12; ++i) ASSERT_EQ(run_vow(dir, "check").out, first.out) << "run " << i;
  auto at = [&](const char* field) { return first.out.find(std::string("unknown field \"") + field); };
  EXPECT_LT(at("credti"), at("resolutoin"));
  EXPECT_LT(at("resolutoin"), at("respnse"));
}
