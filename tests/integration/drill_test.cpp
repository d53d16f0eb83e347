// `vow drill`: synthetic events on a copy of the ledger, their alerts
// delivered through the real routes and a real sink (notify_webhook to a
// receiver on loopback), marked as a drill; the ledger untouched.
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "receiver.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const char* kRules =
    "contract \"acme\" { name = \"Acme Corp\", monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } "
    "},\n"
    "  response = { P1 = hours(1) } }\n";

fs::path drill_project(const std::string& name, const Receiver& sink) {
  auto dir = project(name, kRules);
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n\n[serve]\n"
        "[[serve.routes]]\nsinks = [\"hook\"]\nkinds = [\"clock.breached\"]\n\n"
        "[[plugins]]\nname = \"hook\"\nlibrary = \"" PLUGIN_NOTIFY_WEBHOOK "\"\n[plugins.config]\nurl = \"" +
            sink.url("/alerts") + "\"\ntimeout = 5\n");
  write(dir / "history.ndjson",
        "{\"id\":\"h1\",\"type\":\"ticket.opened\",\"at\":\"2026-10-01T09:00:00Z\",\"ticket\":\"OLD\",\"customer\":"
        "\"acme\",\"priority\":\"P1\"}\n");
  EXPECT_EQ(run_vow(dir, "ingest history.ndjson").code, 0);
  write(dir / "drill.ndjson",
        "{\"id\":\"d1\",\"type\":\"ticket.opened\",\"at\":\"2026-10-20T10:00:00Z\",\"ticket\":\"DRILL-1\","
        "\"customer\":\"acme\",\"priority\":\"P1\"}\n");
  return dir;
}

}  // namespace

TEST(Drill, TheAlertsItRaisesReachTheSinkMarkedAsADrillAndTheLedgerIsUntouched) {
  Receiver sink;
  auto dir = drill_project("drill-ok", sink);
  std::string before = run_vow(dir, "export").out;
  auto r = run_vow(dir, "drill drill.ndjson --as-of 2026-10-20T11:30:00Z");
  EXPECT_EQ(r.code, 0) << r.out;
  // The drill's own breach went out; the history's (OLD, breached on 1 October) did not.
  auto got = sink.requests();
  ASSERT_EQ(got.size(), 1u) << r.out;
  auto alert = json::parse(got[0].body);
  EXPECT_EQ(alert["id"], "clock.breached:acme:DRILL-1:response:1");
  EXPECT_EQ(alert["drill"], true);
  EXPECT_EQ(alert["late"], false);
  EXPECT_NE(r.out.find("| `clock.breached:acme:DRILL-1:response:1` | Acme Corp | hook | yes (HTTP 200) |"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("`clock.warning:acme:DRILL-1:response:1:0.8`"), std::string::npos) << r.out;  // unrouted
  EXPECT_EQ(run_vow(dir, "export").out, before);
  auto j = run_vow(dir, "drill drill.ndjson --as-of 2026-10-20T11:30:00Z --format json");
  ASSERT_EQ(j.code, 0) << j.out;
  auto parsed = json::parse(j.out);
  EXPECT_EQ(parsed["deliveries"][0]["sink"], "hook");
  EXPECT_EQ(parsed["deliveries"][0]["delivered"], true);
  EXPECT_GT(parsed["deliveries"][0]["total_ms"].get<double>(), 0);
}

TEST(Drill, ASinkThatFailsFailsTheDrill) {
  Receiver sink;
  sink.status = 503;
  auto dir = drill_project("drill-fail", sink);
  auto r = run_vow(dir, "drill drill.ndjson --as-of 2026-10-20T11:30:00Z");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("**no**: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("503"), std::string::npos) << r.out;
}

TEST(Drill, InvalidEventsPlayNothing) {
  Receiver sink;
  auto dir = drill_project("drill-bad", sink);
  write(dir / "bad.ndjson",
        "{\"id\":\"d1\",\"type\":\"ticket.opened\",\"at\":\"2026-10-20T10:00:00Z\",\"ticket\":\"T\",\"customer\":"
        "\"acme\",\"priority\":\"P1\"}\n{\"id\":\"d2\",\"type\":\"ticket.opened\",\"at\":\"yesterday\"}\n");
  auto r = run_vow(dir, "drill bad.ndjson --as-of 2026-10-20T11:30:00Z");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("bad.ndjson:2: "), std::string::npos) << r.out;
  EXPECT_TRUE(sink.requests().empty());
}
