// Webhook requests into source plugins (ABI 1.2): each bundled connector
// takes what its system sends, in process and through `vow import
// --webhook`, as `vow serve`'s POST /v1/hooks/NAME will hand it over.
#include <nlohmann/json.hpp>

#include "events/decode.hpp"
#include "events/lines.hpp"
#include "helpers.hpp"
#include "plugins/plugin.hpp"
#include "vow/error.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const fs::path kRealdata = fs::path(VOW_SOURCE_DIR) / ".." / "shared" / "realdata";

#define NEED_REALDATA() \
  if (!fs::exists(kRealdata)) GTEST_SKIP() << "no ../shared/realdata beside the checkout: " << kRealdata

std::vector<json> events_of(vow::PluginInstance& p) {
  std::string ndjson;
  while (p.next_batch(ndjson)) {
  }
  std::vector<json> out;
  vow::EventDecoder decoder;
  vow::Event ev;
  std::string reason;
  vow::for_each_line(ndjson, [&](size_t n, std::string_view line) {
    EXPECT_TRUE(decoder.decode(line, ev, reason)) << "line " << n << ": " << reason << "\n" << line;
    out.push_back(json::parse(line));
  });
  return out;
}

// What a connector makes of one webhook request.
std::vector<json> hooked(const char* library, const fs::path& body, const std::string& headers = "{}") {
  vow::PluginInstance p(vow::PluginLibrary::load("under-test", library), "{}");
  p.webhook(headers, slurp(body));
  return events_of(p);
}

// What it makes of the same payload given as a file.
std::vector<json> fed(const char* library, const fs::path& file) {
  vow::PluginInstance p(vow::PluginLibrary::load("under-test", library), "{}");
  p.feed(file.filename().string(), slurp(file));
  return events_of(p);
}

const char* kReceived = R"({"x-vow-received-at": "2026-10-05T10:00:00Z"})";

}  // namespace

// Payloads that carry their own times make the same events either way.
TEST(Webhooks, TimedPayloadsMakeTheSameEventsAsTheirFiles) {
  NEED_REALDATA();
  struct Case {
    const char* library;
    fs::path body;
    bool makes_events = true;
  } cases[] = {
      {PLUGIN_MONITORING_ALERTMANAGER, kRealdata / "monitoring" / "alertmanager_webhook_v4_sample_famedly.json"},
      {PLUGIN_MONITORING_GRAFANA, kRealdata / "monitoring" / "grafana_alerting_webhook_example.json"},
      // Impact "none", its component operational throughout: no outage.
      {PLUGIN_MONITORING_STATUSPAGE, kRealdata / "monitoring" / "statuspage" / "webhook_incident_created.json", false},
      {PLUGIN_MONITORING_STATUSPAGE, kRealdata / "monitoring" / "statuspage" / "webhook_incident_update_resolved.json",
       false},
      // A GitHub incident as its webhook's "incident" would carry it.
      {PLUGIN_MONITORING_STATUSPAGE,
       kRealdata / "incidents" / "github_statuspage_history" / "samples" / "gqx5l06jjxhp.json"},
      {PLUGIN_MONITORING_PAGERDUTY, kRealdata / "monitoring" / "pagerduty_v3" / "triggered_v3.json"},
      {PLUGIN_TICKETING_ZENDESK, kRealdata / "ticketing" / "zendesk" / "ticket_audits_list_recorded_zenpy.json"},
  };
  for (const auto& c : cases) {
    auto by_hook = hooked(c.library, c.body, kReceived);
    EXPECT_EQ(!by_hook.empty(), c.makes_events) << c.body;
    EXPECT_EQ(by_hook, fed(c.library, c.body)) << c.body;
  }
}

// UptimeRobot and Freshdesk webhooks carry no time: the request's arrival
// is the event's instant, not a file's.
TEST(Webhooks, UntimedPayloadsHappenWhenTheRequestArrived) {
  NEED_REALDATA();
  auto down = hooked(PLUGIN_MONITORING_UPTIMEROBOT,
                     kRealdata / "monitoring" / "uptimerobot" / "webhook_monitor_down_zulip.json", kReceived);
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(down[0]["type"], "outage.started");
  EXPECT_EQ(down[0]["at"], "2026-10-05T10:00:00Z");
  auto status = hooked(PLUGIN_TICKETING_FRESHDESK,
                       kRealdata / "ticketing" / "freshdesk" / "zulip_webhook_status_changed.json", kReceived);
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0]["type"], "ticket.status_changed");
  EXPECT_EQ(status[0]["at"], "2026-10-05T10:00:00Z");
  // Without the host's header the connector says what is missing.
  try {
    hooked(PLUGIN_MONITORING_UPTIMEROBOT, kRealdata / "monitoring" / "uptimerobot" / "webhook_monitor_down_zulip.json");
    FAIL() << "no error";
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::BadData);
    EXPECT_NE(std::string(e.what()).find("x-vow-received-at"), std::string::npos) << e.what();
  }
}

TEST(Webhooks, ABodyTheConnectorCannotReadIsRefusedNamingIt) {
  vow::PluginInstance p(vow::PluginLibrary::load("statuspage", PLUGIN_MONITORING_STATUSPAGE), "{}");
  try {
    p.webhook("{}", "<html>not json</html>");
    FAIL() << "no error";
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::BadData);
    EXPECT_NE(std::string(e.what()).find("plugin statuspage"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not JSON"), std::string::npos) << e.what();
  }
}

TEST(Webhooks, APluginWithoutAWebhookCallSaysSo) {
  vow::PluginInstance p(vow::PluginLibrary::load("good", PLUGIN_GOOD_SOURCE), "{}");
  try {
    p.webhook("{}", "x");
    FAIL() << "no error";
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::Usage);
    EXPECT_NE(std::string(e.what()).find("takes no webhooks"), std::string::npos) << e.what();
  }
}

namespace {

fs::path hook_project(const std::string& name) {
  auto dir = project(name);
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n"
        "[[plugins]]\nname = \"statuspage\"\nlibrary = \"" PLUGIN_MONITORING_STATUSPAGE
        "\"\n"
        "[[plugins]]\nname = \"uptimerobot\"\nlibrary = \"" PLUGIN_MONITORING_UPTIMEROBOT
        "\"\n"
        "[[plugins]]\nname = \"good\"\nlibrary = \"" PLUGIN_GOOD_SOURCE
        "\"\n"
        "[[plugins]]\nname = \"crashes\"\nlibrary = \"" PLUGIN_SEGV_IN_NEXT "\"\n");
  return dir;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

}  // namespace

TEST(Webhooks, ImportReplaysEachBodyAsOneRequest) {
  NEED_REALDATA();
  auto dir = hook_project("hook-import");
  auto sp = kRealdata / "monitoring" / "statuspage";
  auto r = run_vow(dir, "import statuspage --webhook " + quoted(sp / "webhook_incident_created.json") + " " +
                            quoted(sp / "webhook_incident_update_resolved.json"));
  ASSERT_EQ(r.code, 0) << r.out;
  // Each request is stored on its own, as the server will store each.
  EXPECT_EQ(std::count_if(r.out.begin(), r.out.end(), [](char c) { return c == '\n'; }), 2) << r.out;
  // The same events as the payloads imported as files.
  auto files = hook_project("hook-import-files");
  ASSERT_EQ(run_vow(files, "import statuspage " + quoted(sp / "webhook_incident_created.json") + " " +
                               quoted(sp / "webhook_incident_update_resolved.json"))
                .code,
            0);
  EXPECT_EQ(run_vow(dir, "export").out, run_vow(files, "export").out);
  // A header given on the command line reaches the plugin, lower-cased.
  auto up = run_vow(dir, "import uptimerobot --webhook --header 'X-Vow-Received-At: 2026-10-05T10:00:00Z' " +
                             quoted(kRealdata / "monitoring" / "uptimerobot" / "webhook_monitor_down_zulip.json") +
                             " --dry-run");
  ASSERT_EQ(up.code, 0) << up.out;
  EXPECT_NE(up.out.find("\"at\":\"2026-10-05T10:00:00Z\""), std::string::npos) << up.out;
}

TEST(Webhooks, MistakesAtTheCommandLine) {
  auto dir = hook_project("hook-mistakes");
  write(dir / "body.json", "{}");
  auto no_hook = run_vow(dir, "import good --webhook body.json");
  EXPECT_EQ(no_hook.code, 2) << no_hook.out;
  EXPECT_NE(no_hook.out.find("plugin good"), std::string::npos) << no_hook.out;
  EXPECT_NE(no_hook.out.find("takes no webhooks"), std::string::npos) << no_hook.out;
  auto bad_header = run_vow(dir, "import statuspage --webhook --header nocolon body.json");
  EXPECT_EQ(bad_header.code, 2) << bad_header.out;
  EXPECT_NE(bad_header.out.find("--header nocolon: expected \"Name: value\""), std::string::npos) << bad_header.out;
  EXPECT_EQ(run_vow(dir, "import statuspage --header 'A: b' body.json").code, 2);  // --header needs --webhook
  EXPECT_EQ(run_vow(dir, "import statuspage --webhook").code, 2);
  // A plugin that crashes on a webhook's events is named, and nothing is stored.
  auto crash = run_vow(dir, "import crashes --webhook body.json");
  EXPECT_EQ(crash.code, 78) << crash.out;
  EXPECT_NE(crash.out.find("plugin crashes"), std::string::npos) << crash.out;
  EXPECT_FALSE(fs::exists(dir / "vow.db") && run_vow(dir, "export").out.size() > 0);
}
