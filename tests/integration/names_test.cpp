// Names, not ids, wherever a person reads; and the ids a person needs to act
// listed beside them (issue 8, point 9): `vow report` and `vow status` name
// the tickets and outages they count, so `vow draft` can be asked for
// without opening the ledger.
#include <nlohmann/json.hpp>
#include <regex>

#include "helpers.hpp"

using namespace vowtest;

namespace {

fs::path named_project(const std::string& name) {
  auto dir = project(name, R"(
contract "acme" {
  name = "Acme Corp", monthly_fee = 1000,
  uptime = { target = 99.9, services = { "api" } },
  response = { P1 = hours(1) },
  credit = schedule { { below = 99.9, percent = 10 } },
}
)");
  write(
      dir / "e.ndjson",
      R"({"id":"1","type":"outage.started","at":"2026-10-02T10:00:00Z","outage":"o-17","service":"api","title":"API errors"}
{"id":"2","type":"outage.ended","at":"2026-10-02T12:00:00Z","outage":"o-17"}
{"id":"3","type":"ticket.opened","at":"2026-10-05T09:00:00Z","ticket":"T-7","customer":"acme","priority":"P1"}
{"id":"4","type":"ticket.replied","at":"2026-10-05T11:00:00Z","ticket":"T-7","author":"agent"}
{"id":"5","type":"outage.started","at":"2026-10-20T10:00:00Z","outage":"o-18","service":"api"}
{"id":"6","type":"ticket.opened","at":"2026-10-20T10:05:00Z","ticket":"T-8","customer":"acme","priority":"P1"}
)");
  write(dir / "vow.toml",
        slurp(dir / "vow.toml") + "\n[drafts]\ntemplates = [\"" VOW_SOURCE_DIR "/rules/templates\"]\n");
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  return dir;
}

}  // namespace

TEST(Names, StatusAndCreditsNameTheCustomer) {
  auto dir = named_project("names-status");
  auto status = run_vow(dir, "status --as-of 2026-10-20T11:00:00Z --format md");
  ASSERT_EQ(status.code, 0) << status.out;
  EXPECT_NE(status.out.find("- Acme Corp (`acme`) ticket `T-8` response P1: 92% of target used"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("- Acme Corp (`acme`) 2026-10: breached"), std::string::npos) << status.out;
  auto credits = run_vow(dir, "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --format md");
  EXPECT_NE(credits.out.find("| Acme Corp (`acme`) | 100.00 USD |"), std::string::npos) << credits.out;
  auto json = nlohmann::json::parse(run_vow(dir, "status --as-of 2026-10-20T11:00:00Z").out);
  EXPECT_EQ(json["clocks"][0]["name"], "Acme Corp");
}

TEST(Names, StatusListsTheOutagesGoingOnByIdAndADraftTakesOne) {
  auto dir = named_project("names-open");
  auto status = run_vow(dir, "status --as-of 2026-10-20T11:00:00Z --format md");
  EXPECT_NE(status.out.find("## Open outages\n\n- `o-18` (api) since 2026-10-20T10:00:00Z; 1 account"),
            std::string::npos)
      << status.out;
  auto csv = run_vow(dir, "status --as-of 2026-10-20T11:00:00Z --format csv");
  EXPECT_NE(csv.out.find("\noutage,acme,,o-18,api,,,,,,,,,,,open,2026-10-20T10:00:00Z,,,,,\n"), std::string::npos)
      << csv.out;
  auto json = nlohmann::json::parse(run_vow(dir, "status --as-of 2026-10-20T11:00:00Z").out);
  ASSERT_EQ(json["open_outages"].size(), 1u);
  std::string id = json["open_outages"][0]["outage"];
  auto draft = run_vow(dir, "draft initial --outage " + id + " --customer acme --as-of 2026-10-20T11:00:00Z");
  EXPECT_EQ(draft.code, 0) << draft.out;
}

TEST(Names, TheReportListsItsLateTicketsAndOutagesAndADraftTakesThem) {
  auto dir = named_project("names-report");
  auto md = run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z --format md");
  ASSERT_EQ(md.code, 0) << md.out;
  EXPECT_NE(md.out.find("## Late tickets\n\n- Acme Corp (`acme`): ticket `T-7`, P1 response breached at "
                        "2026-10-05T10:00:00Z\n"),
            std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("## Outages\n\n- `o-17` (api): 2026-10-02T10:00:00Z, 2h00m, API errors; 1 account\n"),
            std::string::npos)
      << md.out;
  auto j = nlohmann::json::parse(run_vow(dir, "report --period 2026-10 --as-of 2026-11-02T00:00:00Z").out);
  ASSERT_EQ(j["accounts"][0]["late_tickets"].size(), 2u) << j["accounts"][0].dump();  // T-7, and T-8 never answered
  EXPECT_EQ(j["incidents"][0]["customers"], nlohmann::json::array({"acme"}));
  // The ids listed are what `vow draft` takes.
  std::string ticket = j["accounts"][0]["late_tickets"][0]["ticket"];
  EXPECT_EQ(run_vow(dir, "draft breach --ticket " + ticket + " --as-of 2026-11-02T00:00:00Z").code, 0);
  std::string outage = j["incidents"][0]["outage"];
  EXPECT_EQ(run_vow(dir, "draft resolved --outage " + outage + " --customer acme --as-of 2026-11-02T00:00:00Z").code,
            0);
}
