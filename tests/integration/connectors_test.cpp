// Bundled connectors on what real systems send (../shared/realdata), each
// quirk its own test. Every line a connector produces must be a valid event.
#include <nlohmann/json.hpp>
#include <set>

#include "events/decode.hpp"
#include "events/lines.hpp"
#include "helpers.hpp"
#include "plugins/plugin.hpp"
#include "vow/error.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const fs::path kRealdata = fs::path(VOW_SOURCE_DIR) / ".." / "shared" / "realdata";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs a connector over `files` and returns its events, each checked valid.
std::vector<json> run(const char* library, const std::string& config,
                      const std::vector<std::pair<std::string, std::string>>& files) {
  vow::PluginInstance p(vow::PluginLibrary::load("under-test", library), config);
  for (const auto& [name, data] : files) p.feed(name, data);
  std::string ndjson;
  while (p.next_batch(ndjson)) {
  }
  std::vector<json> events;
  vow::EventDecoder decoder;
  vow::Event ev;
  std::string reason;
  vow::for_each_line(ndjson, [&](size_t n, std::string_view line) {
    EXPECT_TRUE(decoder.decode(line, ev, reason)) << "line " << n << ": " << reason << "\n" << line;
    events.push_back(json::parse(line));
  });
  return events;
}

#define NEED_REALDATA() \
  if (!fs::exists(kRealdata)) GTEST_SKIP() << "no ../shared/realdata beside the checkout: " << kRealdata

}  // namespace

// --- monitoring_alertmanager ---

TEST(Alertmanager, RealFiringPayloadStartsAnOutageThatStaysOpen) {
  NEED_REALDATA();
  auto file = kRealdata / "monitoring" / "alertmanager_webhook_v4_sample_famedly.json";
  auto events = run(PLUGIN_MONITORING_ALERTMANAGER, "{}", {{file.filename().string(), read(file)}});
  ASSERT_EQ(events.size(), 1u);  // endsAt 0001-01-01T00:00:00Z: still firing, no end
  const json& e = events[0];
  EXPECT_EQ(e["type"], "outage.started");
  EXPECT_EQ(e["at"], "2023-02-06T13:08:45.828Z");
  EXPECT_EQ(e["outage"], "1a30ba71cca2921f@2023-02-06T13:08:45.828Z");
  EXPECT_EQ(e["service"], "http_checks");  // no "service" label: the job
  EXPECT_EQ(e["impact"], "major");         // severity critical
  EXPECT_EQ(e["title"], "BlackBox Probe Failure: https://server.example.org");
  EXPECT_FALSE(e.contains("customers"));
}

TEST(Alertmanager, ResolvedAlertEndsItsEpisodeAndAFutureEndsAtOfAFiringOneDoesNot) {
  NEED_REALDATA();
  // Derived from the real payload: the same alert resolved, and firing with
  // the future endsAt Alertmanager sets while it keeps resending.
  json resolved = json::parse(read(kRealdata / "monitoring" / "alertmanager_webhook_v4_sample_famedly.json"));
  json firing = resolved;
  resolved["status"] = resolved["alerts"][0]["status"] = "resolved";
  resolved["alerts"][0]["endsAt"] = "2023-02-06T13:20:00Z";
  firing["alerts"][0]["endsAt"] = "2023-02-06T13:30:00Z";
  auto events =
      run(PLUGIN_MONITORING_ALERTMANAGER, "{}", {{"firing.json", firing.dump()}, {"resolved.json", resolved.dump()}});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], events[1]);  // the same start twice: a duplicate at ingest, never a conflict
  EXPECT_EQ(events[2]["type"], "outage.ended");
  EXPECT_EQ(events[2]["at"], "2023-02-06T13:20:00Z");
  EXPECT_EQ(events[2]["outage"], events[0]["outage"]);
}

TEST(Alertmanager, LabelsMapToServiceCustomersAndImpact) {
  json p{{"version", "4"},
         {"status", "firing"},
         {"alerts",
          {{{"status", "firing"},
            {"labels", {{"alertname", "Slow"}, {"svc", "api"}, {"tenants", "acme,globex"}, {"severity", "warning"}}},
            {"startsAt", "2026-10-02T10:00:00Z"},
            {"endsAt", "0001-01-01T00:00:00Z"},
            {"fingerprint", "ff"}}}}};
  auto events = run(PLUGIN_MONITORING_ALERTMANAGER, R"({"service_label":"svc","customers_label":"tenants"})",
                    {{"p.json", p.dump() + "\n" + p.dump() + "\n"}});  // NDJSON of payloads
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["service"], "api");
  EXPECT_EQ(events[0]["customers"], json::array({"acme", "globex"}));
  EXPECT_EQ(events[0]["impact"], "partial");
  EXPECT_EQ(events[0]["title"], "Slow");
}

TEST(Alertmanager, NotAPayloadIsAnErrorNamingTheFile) {
  vow::PluginInstance p(vow::PluginLibrary::load("am", PLUGIN_MONITORING_ALERTMANAGER), "{}");
  try {
    p.feed("tickets.json", R"({"tickets": []})");
    FAIL() << "accepted a file that is no webhook payload";
  } catch (const vow::Error& e) {
    EXPECT_NE(std::string(e.what()).find("plugin am ("), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tickets.json: not an Alertmanager webhook payload"), std::string::npos)
        << e.what();
  }
}

TEST(Alertmanager, ImportsThroughTheCommand) {
  NEED_REALDATA();
  auto dir = project("import-alertmanager");
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = \"alertmanager\"\n"
        "library = \"" PLUGIN_MONITORING_ALERTMANAGER "\"\n");
  auto file = (kRealdata / "monitoring" / "alertmanager_webhook_v4_sample_famedly.json").string();
  auto dry = run_vow(dir, "import alertmanager '" + file + "' --dry-run");
  EXPECT_EQ(dry.code, 0) << dry.out;
  auto stored = run_vow(dir, "import alertmanager '" + file + "'");
  EXPECT_NE(stored.out.find("plugin alertmanager: 1 new, 0 duplicate"), std::string::npos) << stored.out;
}

// --- monitoring_statuspage ---

namespace {

std::vector<json> statuspage(const std::vector<fs::path>& files, const std::string& config = "{}") {
  std::vector<std::pair<std::string, std::string>> fed;
  for (const auto& f : files) fed.emplace_back(f.filename().string(), read(f));
  return run(PLUGIN_MONITORING_STATUSPAGE, config, fed);
}

const fs::path kGithub = kRealdata / "incidents" / "github_statuspage_history" / "samples";
const fs::path kGithubAll = kRealdata / "incidents" / "github_statuspage_history" / "incidents";

// One outage as the connector reports it: "service impact start end".
std::map<std::string, std::string> outages(const std::vector<json>& events) {
  std::map<std::string, std::string> out;
  for (const auto& e : events)
    if (e["type"] == "outage.started")
      out[e["outage"]] = e["service"].get<std::string>() + " " + e["impact"].get<std::string>() + " " +
                         e["at"].get<std::string>() + out[e["outage"]];
    else
      out[e["outage"]] += " " + e["at"].get<std::string>();
  return out;
}

}  // namespace

TEST(Statuspage, CriticalGithubIncidentFollowsEachComponentFromMajorToPartialToOperational) {
  NEED_REALDATA();
  // gqx5l06jjxhp (2023-06-29), read from its updates (display_at):
  //   17:52:11.671  all ten components operational -> major_outage
  //   18:20:34.691  Issues, Git Operations, Webhooks, Actions, Pull Requests,
  //                 Copilot -> partial_outage
  //   18:22:22.171  API Requests, Pages, Packages, Codespaces -> partial_outage
  //   18:35:47.915  all ten -> operational (resolved_at 18:36:19.000)
  // Each stretch at one impact is one outage: twenty in all, not ten of
  // 44 min 7.534 s from started_at to resolved_at.
  auto o = outages(statuspage({kGithub / "gqx5l06jjxhp.json"}));
  ASSERT_EQ(o.size(), 20u);
  EXPECT_EQ(o["gqx5l06jjxhp:brv1bkgrwx7q:1"],
            "API Requests major 2023-06-29T17:52:11.671Z 2023-06-29T18:22:22.171Z");  // 30 min 10.5 s
  EXPECT_EQ(o["gqx5l06jjxhp:brv1bkgrwx7q:2"],
            "API Requests partial 2023-06-29T18:22:22.171Z 2023-06-29T18:35:47.915Z");  // 13 min 25.744 s
  EXPECT_EQ(o["gqx5l06jjxhp:kr09ddfgbfsf:1"], "Issues major 2023-06-29T17:52:11.671Z 2023-06-29T18:20:34.691Z");
  EXPECT_EQ(o["gqx5l06jjxhp:kr09ddfgbfsf:2"], "Issues partial 2023-06-29T18:20:34.691Z 2023-06-29T18:35:47.915Z");
  const std::map<std::string, std::string> partial_at{
      {"8l4ygp009s5s", "18:20:34.691"}, {"brv1bkgrwx7q", "18:22:22.171"}, {"4230lsnqdsld", "18:20:34.691"},
      {"kr09ddfgbfsf", "18:20:34.691"}, {"hhtssxt0f5v2", "18:20:34.691"}, {"br0l2tvcx85d", "18:20:34.691"},
      {"st3j38cctv9l", "18:22:22.171"}, {"vg70hn9s2tyj", "18:22:22.171"}, {"h2ftsgbw7kmk", "18:22:22.171"},
      {"pjmpxvq2cmr2", "18:20:34.691"}};
  for (const auto& [code, at] : partial_at) {
    std::string id = "gqx5l06jjxhp:" + code, t = " 2023-06-29T" + at + "Z";
    EXPECT_TRUE(o[id + ":1"].ends_with(" major 2023-06-29T17:52:11.671Z" + t)) << o[id + ":1"];
    EXPECT_TRUE(o[id + ":2"].ends_with(" partial" + t + " 2023-06-29T18:35:47.915Z")) << o[id + ":2"];
  }
  EXPECT_EQ(o.size(), 20u);  // nothing else
}

TEST(Statuspage, ComponentsOfOneIncidentRecoverEachAtItsOwnTime) {
  NEED_REALDATA();
  // k1qts16jgtcp (2023-04-18, impact major, started 09:28:05.158, resolved
  // 09:51:53.694), its updates:
  //   09:28:05.218  Issues, Pull Requests named, operational
  //   09:30:04.457  Issues, Pull Requests major_outage; Git Operations named, operational
  //   09:43:30.331  Git Operations partial_outage
  //   09:45:03.924  Issues operational (Pull Requests still major)
  //   09:51:53.694  resolved, naming none
  auto o = outages(statuspage({kGithubAll / "k1qts16jgtcp.json"}));
  EXPECT_EQ(
      o, (std::map<std::string, std::string>{
             {"k1qts16jgtcp:kr09ddfgbfsf:1", "Issues major 2023-04-18T09:30:04.457Z 2023-04-18T09:45:03.924Z"},
             {"k1qts16jgtcp:hhtssxt0f5v2:1", "Pull Requests major 2023-04-18T09:30:04.457Z 2023-04-18T09:51:53.694Z"},
             {"k1qts16jgtcp:8l4ygp009s5s:1",
              "Git Operations partial 2023-04-18T09:43:30.331Z 2023-04-18T09:51:53.694Z"}}));
}

TEST(Statuspage, AComponentDownTwiceInOneIncidentIsTwoOutages) {
  NEED_REALDATA();
  // ws2l6203cs7g (2023-06-28, minor, resolved 2023-06-29T06:43:57.768):
  //   23:01:10.382  API Requests, Actions partial_outage
  //   23:11:49.017  Actions operational
  //   23:15:35.548  Actions partial_outage again
  //   23:35:01.358  Pages partial_outage
  // and nothing changes until the resolution.
  auto o = outages(statuspage({kGithubAll / "ws2l6203cs7g.json"}));
  EXPECT_EQ(
      o, (std::map<std::string, std::string>{
             {"ws2l6203cs7g:br0l2tvcx85d:1", "Actions partial 2023-06-28T23:01:10.382Z 2023-06-28T23:11:49.017Z"},
             {"ws2l6203cs7g:br0l2tvcx85d:2", "Actions partial 2023-06-28T23:15:35.548Z 2023-06-29T06:43:57.768Z"},
             {"ws2l6203cs7g:brv1bkgrwx7q:1", "API Requests partial 2023-06-28T23:01:10.382Z 2023-06-29T06:43:57.768Z"},
             {"ws2l6203cs7g:vg70hn9s2tyj:1", "Pages partial 2023-06-28T23:35:01.358Z 2023-06-29T06:43:57.768Z"}}));
}

TEST(Statuspage, ComponentsNeverGivenAStatusKeepTheWholeIncidentAtItsImpact) {
  NEED_REALDATA();
  // 2nd6fyb4drjx (2022-08-17, minor): Pull Requests named once, operational
  // to operational. The incident's impact over its whole span, as before.
  EXPECT_EQ(
      outages(statuspage({kGithubAll / "2nd6fyb4drjx.json"})),
      (std::map<std::string, std::string>{
          {"2nd6fyb4drjx:hhtssxt0f5v2", "Pull Requests partial 2022-08-17T17:19:35.994Z 2022-08-17T17:27:24.254Z"}}));
  // rmc0cpn9sn8w (2023-03-31, minor, 01:16:04.333 to 02:08:13.692): Git
  // Operations set to partial_outage at 01:18:51.383; Issues and Pull
  // Requests named at that update, operational, and never again.
  EXPECT_EQ(
      outages(statuspage({kGithubAll / "rmc0cpn9sn8w.json"})),
      (std::map<std::string, std::string>{
          {"rmc0cpn9sn8w:8l4ygp009s5s:1", "Git Operations partial 2023-03-31T01:18:51.383Z 2023-03-31T02:08:13.692Z"},
          {"rmc0cpn9sn8w:kr09ddfgbfsf", "Issues partial 2023-03-31T01:16:04.333Z 2023-03-31T02:08:13.692Z"},
          {"rmc0cpn9sn8w:hhtssxt0f5v2", "Pull Requests partial 2023-03-31T01:16:04.333Z 2023-03-31T02:08:13.692Z"}}));
}

TEST(Statuspage, ComponentsOnlyDegradedAreNoOutageUnlessDegradedCounts) {
  NEED_REALDATA();
  // Both GitHub incidents (impact "minor") set all eleven components to
  // degraded_performance and back to operational, nothing worse:
  // cwp52gsftl5n 2022-09-06 22:05:29.456 to 22:20:01.289 (14 min 31.833 s),
  // wl09fvhb20x8 2022-09-06 22:56:58.435 to 2022-09-07 00:08:33.635 (71 min
  // 35.2 s). With degraded = "none" that is no downtime at all.
  std::vector<fs::path> files{kGithubAll / "cwp52gsftl5n.json", kGithubAll / "wl09fvhb20x8.json"};
  EXPECT_TRUE(statuspage(files).empty());
  EXPECT_TRUE(statuspage(files, R"({"degraded":"none"})").empty());
  // With degraded = "partial" each component is a partial outage for exactly
  // the time it was degraded.
  auto events = statuspage(files, R"({"degraded":"partial"})");
  std::map<std::string, json> started, ended;
  for (const auto& e : events) (e["type"] == "outage.started" ? started : ended)[e["outage"]] = e;
  ASSERT_EQ(started.size(), 22u);
  ASSERT_EQ(ended.size(), 22u);
  for (const auto& [outage, s] : started) {
    EXPECT_EQ(s["impact"], "partial") << outage;
    auto ms =
        *vow::parse_instant(ended[outage]["at"].get<std::string>()) - *vow::parse_instant(s["at"].get<std::string>());
    EXPECT_EQ(ms, outage.starts_with("cwp52gsftl5n") ? 14 * 60'000 + 31'833 : 71 * 60'000 + 35'200) << outage;
  }
}

TEST(Statuspage, AComponentNamedOnlyInTheUpdatesAndNeverGivenAStatusTakesTheIncidentsImpact) {
  NEED_REALDATA();
  // 2c87xlbyg66p (2017, impact minor): "components" is empty; its one update
  // names Notifications, operational -> operational. Started and resolved
  // at 15:45:42.000, so a partial outage of no length, but an outage.
  auto events = statuspage({kGithubAll / "2c87xlbyg66p.json"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["outage"], "2c87xlbyg66p:5bfcr2x9x8kc");
  EXPECT_EQ(events[0]["service"], "Notifications");
  EXPECT_EQ(events[0]["impact"], "partial");
  EXPECT_EQ(events[0]["at"], "2017-09-12T15:45:42.000Z");
  EXPECT_EQ(events[1]["at"], "2017-09-12T15:45:42.000Z");
}

TEST(Statuspage, ResolvedBeforeItStartedIsPassedOnAndListedAsAProblem) {
  NEED_REALDATA();
  auto dir = project("statuspage-backwards",
                     "contract \"acme\" { monthly_fee = 10, uptime = { target = 99.9, services = { \"page\" } } }\n");
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = \"statuspage\"\n"
        "library = \"" PLUGIN_MONITORING_STATUSPAGE "\"\n");
  auto r = run_vow(dir, "import statuspage '" + (kGithub / "qb2vmff9bnf5.json").string() + "'");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("incident qb2vmff9bnf5 was resolved (2020-03-31T08:00:00.000Z) before it started"),
            std::string::npos)
      << r.out;
  auto report = run_vow(dir, "report --period 2020-03 --as-of 2020-04-02T00:00:00Z");
  EXPECT_NE(report.out.find("\"event\": \"statuspage:qb2vmff9bnf5:started\""), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("\"event\": \"statuspage:qb2vmff9bnf5:ended\""), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("\"downtime_seconds\": 0.0"), std::string::npos) << report.out;  // left out whole
}

TEST(Statuspage, TheWholeGithubSampleHistoryImports) {
  NEED_REALDATA();
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(kGithub)) files.push_back(f.path());
  ASSERT_GE(files.size(), 10u);
  auto events = statuspage(files);  // every line checked valid inside run()
  EXPECT_GT(events.size(), 20u);
}

TEST(Statuspage, WebhooksOfAnIncidentWithoutImpactMakeNoOutage) {
  NEED_REALDATA();
  // Incident z3lct0r596n4: impact "none", its one component operational in
  // every update, from "identified" to "resolved". Not downtime.
  auto dir = kRealdata / "monitoring" / "statuspage";
  auto events = statuspage({dir / "webhook_incident_created.json", dir / "webhook_incident_update_resolved.json"});
  EXPECT_TRUE(events.empty());
}

TEST(Statuspage, ScheduledMaintenanceIsAnnouncedAtItsCreation) {
  NEED_REALDATA();
  // Derived: a real one-component incident turned into scheduled maintenance
  // (the samples hold none).
  json doc = json::parse(read(kGithub / "lc8s9rtyjmgq.json"));
  doc["incident"]["scheduled_for"] = "2021-08-20T02:00:00.000Z";
  doc["incident"]["scheduled_until"] = "2021-08-20T04:00:00.000Z";
  auto events = run(PLUGIN_MONITORING_STATUSPAGE, "{}", {{"m.json", doc.dump()}});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "maintenance.scheduled");
  EXPECT_EQ(events[0]["at"], doc["incident"]["created_at"]);
  EXPECT_EQ(events[0]["start"], "2021-08-20T02:00:00.000Z");
  EXPECT_EQ(events[0]["end"], "2021-08-20T04:00:00.000Z");
}

TEST(Statuspage, GithubHistoryAgainstItsEnterpriseSlaIn2022Q3) {
  NEED_REALDATA();
  // GitHub's whole incident history (1,282 files, 2010-2023) imported
  // through the example config (examples/github), then 2022-Q3 reported
  // against the six minute-counted features of its Enterprise SLA.
  fs::path example = fs::path(VOW_SOURCE_DIR) / "examples" / "github";
  auto dir = project("statuspage-github-2022q3");
  fs::remove_all(dir / "rules");
  fs::copy(example / "rules", dir / "rules");
  std::string config = read(example / "vow.toml");
  const std::string lib = "../../build/plugins/monitoring_statuspage/libvow_monitoring_statuspage.so";
  ASSERT_NE(config.find(lib), std::string::npos);
  write(dir / "vow.toml", config.replace(config.find(lib), lib.size(), PLUGIN_MONITORING_STATUSPAGE));
  // Through the shell's glob: one command line of 1,282 full paths would
  // pass the 128 KiB limit on a single argument of `sh -c`.
  fs::create_directory_symlink(kGithubAll, dir / "incidents");
  ASSERT_EQ(std::distance(fs::directory_iterator(kGithubAll), fs::directory_iterator()), 1282);
  auto imported = run_vow(dir, "import statuspage incidents/*.json");
  ASSERT_EQ(imported.code, 0) << imported.out;
  auto report = run_vow(dir, "report --period 2022-Q3 --format json --as-of 2022-10-02T00:00:00Z");
  ASSERT_EQ(report.code, 0) << report.out;
  // Worked out from the incident files by hand, and again by
  // data/github_2022q3/downtime.py (which prints this table). Every outage
  // of the quarter on these features is an incident whose component was
  // never given a status (impact minor: partial, counted whole):
  //   Issues          1nyvf21q5dn7  09-07 11:55:21.462 - 12:21:11.595   1550.133 s
  //                   3z36qpp2c0z1  09-13 15:10:41.213 - 16:08:25.138   3463.925 s
  //                   2n0tnk7tt6q9  09-22 19:04:09.467 - 22:23:36.067  11966.600 s
  //   Pull Requests   2nd6fyb4drjx  08-17 17:19:35.994 - 17:27:24.254    468.260 s
  //                   p38y9j23bt7b  09-08 19:44:27.097 - 09-09 01:12:28.890  19681.793 s
  //   Git Operations  dsj40hwxnldc  07-01 09:30:13.553 - 09:48:45.656   1112.103 s
  //   API Requests    mqmzg413z93k  08-20 03:04:36.750 - 03:24:58.979   1222.229 s
  //   Webhooks, Pages none
  // No two overlap on one feature. cwp52gsftl5n and wl09fvhb20x8 (09-06,
  // every component degraded_performance only) add nothing: degraded =
  // "none". 2n0tnk7tt6q9 is titled "Issues and Pull Requests" but names only
  // Issues as a component, so Pull Requests is not down in it.
  // The quarter is 92 days: 7,948,800 s; 99.9% allows 7,948.8 s.
  const std::map<std::string, double> downtime{{"Issues", 16980.658},         // 99.7864%
                                               {"Pull Requests", 20150.053},  // 99.7465%
                                               {"Git Operations", 1112.103},  // 99.9860%
                                               {"API Requests", 1222.229},    // 99.9846%
                                               {"Webhooks", 0.0},
                                               {"Pages", 0.0}};
  json r = json::parse(report.out);
  ASSERT_EQ(r["accounts"].size(), 1u) << report.out;
  const json& a = r["accounts"][0];
  ASSERT_EQ(a["uptimes"].size(), downtime.size()) << report.out;
  for (const auto& u : a["uptimes"]) {
    std::string name = u["name"];
    ASSERT_TRUE(downtime.contains(name)) << name;
    EXPECT_EQ(u["downtime_seconds"].get<double>(), downtime.at(name)) << name;
    EXPECT_EQ(u["eligible_seconds"].get<double>(), 7'948'800.0) << name;
    EXPECT_EQ(u["met"].get<bool>(), downtime.at(name) <= 7'948.8) << name;
  }
  // The quarter's credit (terms.md 1.1): Issues and Pull Requests are at or
  // under 99.9% and above 99.0%, 10% of their sixth of the fee each:
  // 3 x 2,100.00 x (10% / 6 + 10% / 6) = 210.00, under the 90-day cap.
  EXPECT_EQ(a["credit"]["amount"], "210.00") << report.out;
  EXPECT_EQ(a["credit"]["fee"], "6300.00") << report.out;
  auto q2 = json::parse(run_vow(dir, "report --period 2023-Q2 --format json --as-of 2023-10-01T00:00:00Z").out);
  // Four features under 99.0% (25%), two at or under 99.9% (10%):
  // 6,300.00 x (4 x 25% + 2 x 10%) / 6 = 1,260.00.
  EXPECT_EQ(q2["accounts"][0]["credit"]["amount"], "1260.00");
}

// --- monitoring_uptimerobot ---

namespace {

const fs::path kUptimeRobot = kRealdata / "monitoring" / "uptimerobot";

}  // namespace

TEST(UptimeRobot, RealPayloadsWithoutATimestampUseWhenTheFileWasWritten) {
  NEED_REALDATA();
  // The real samples carry no alertDateTime: the file's time stands in.
  auto dir = scratch("uptimerobot");
  fs::copy_file(kUptimeRobot / "webhook_monitor_down_zulip.json", dir / "down.json");
  auto t = fs::file_time_type::clock::from_sys(
      std::chrono::system_clock::time_point(std::chrono::seconds(1791194400)));  // 2026-10-05T10:00:00Z
  fs::last_write_time(dir / "down.json", t);
  auto events = run(PLUGIN_MONITORING_UPTIMEROBOT, "{}", {{(dir / "down.json").string(), read(dir / "down.json")}});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "outage.started");
  EXPECT_EQ(events[0]["at"], "2026-10-05T10:00:00Z");
  EXPECT_EQ(events[0]["service"], "ZUTesting");
  EXPECT_EQ(events[0]["title"], "HTTP 502 - Bad Gateway");
  EXPECT_EQ(events[0]["outage"], "784350743@1791194400");
}

TEST(UptimeRobot, DownAndUpPairThroughTheDuration) {
  NEED_REALDATA();
  // Derived: the real payloads with the alertDateTime a template would add.
  json down = json::parse(read(kUptimeRobot / "webhook_monitor_down_zulip.json"));
  json up = json::parse(read(kUptimeRobot / "webhook_monitor_up_zulip.json"));
  down["alertDateTime"] = "1791194400";
  up["alertDateTime"] = "1791194460";  // "1 minutes and 0 seconds" later
  auto events = run(PLUGIN_MONITORING_UPTIMEROBOT, R"({"services":{"ZUTesting":"api"}})",
                    {{"down.json", down.dump()}, {"up.json", up.dump()}});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["service"], "api");
  EXPECT_EQ(events[1]["type"], "outage.ended");
  EXPECT_EQ(events[1]["outage"], events[0]["outage"]);
  EXPECT_EQ(events[1]["at"], "2026-10-05T10:01:00Z");
}

TEST(UptimeRobot, AnUpAlertWithoutADurationIsRefusedNamingTheFile) {
  NEED_REALDATA();
  json up = json::parse(read(kUptimeRobot / "webhook_monitor_down_zulip.json"));
  up["alertType"] = "2";  // the sample's duration is the literal "*alertFriendlyDuration*"
  up["alertDateTime"] = "1791194460";
  vow::PluginInstance p(vow::PluginLibrary::load("ur", PLUGIN_MONITORING_UPTIMEROBOT), "{}");
  try {
    p.feed("up.json", up.dump());
    FAIL() << "accepted an up alert that cannot be paired";
  } catch (const vow::Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("up.json: an up alert whose alertFriendlyDuration (\"*alertFriendlyDuration*\")"),
        std::string::npos)
        << e.what();
  }
}

// --- monitoring_pagerduty ---

namespace {

const fs::path kPagerDuty = kRealdata / "monitoring" / "pagerduty_v3";

}  // namespace

TEST(PagerDuty, TriggeredAndResolvedWebhooksBecomeOutageEvents) {
  NEED_REALDATA();
  auto events = run(PLUGIN_MONITORING_PAGERDUTY, "{}",
                    {{"triggered_v3.json", read(kPagerDuty / "triggered_v3.json")},
                     {"resolved_v3.json", read(kPagerDuty / "resolved_v3.json")},
                     {"priority_updated_v3.json", read(kPagerDuty / "priority_updated_v3.json")}});
  ASSERT_EQ(events.size(), 2u);  // a priority update is no outage event
  EXPECT_EQ(events[0]["type"], "outage.started");
  EXPECT_EQ(events[0]["outage"], "PFQZPSY");
  EXPECT_EQ(events[0]["at"], "2021-06-04T13:35:29.781Z");  // no created_at in this sample: occurred_at
  EXPECT_EQ(events[0]["service"], "pig208");
  EXPECT_EQ(events[0]["impact"], "major");  // urgency high
  EXPECT_EQ(events[0]["title"], "Test Incident 3");
  EXPECT_EQ(events[1]["type"], "outage.ended");
  EXPECT_EQ(events[1]["outage"], "PCPZE64");
  EXPECT_EQ(events[1]["at"], "2021-06-04T13:16:53.816Z");
}

TEST(PagerDuty, LowUrgencyAndServiceMapping) {
  NEED_REALDATA();
  json w = json::parse(read(kPagerDuty / "triggered_v3.json"));
  w["event"]["data"]["urgency"] = "low";  // derived from the real payload
  auto partial = run(PLUGIN_MONITORING_PAGERDUTY, R"({"services":{"PA2P440":"api"}})", {{"w.json", w.dump()}});
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0]["impact"], "partial");
  EXPECT_EQ(partial[0]["service"], "api");
  EXPECT_TRUE(run(PLUGIN_MONITORING_PAGERDUTY, R"({"low_urgency":"none"})", {{"w.json", w.dump()}}).empty());
}

// --- monitoring_grafana ---

TEST(Grafana, RealAlertingWebhookWithOffsetsAndMicroseconds) {
  NEED_REALDATA();
  auto file = kRealdata / "monitoring" / "grafana_alerting_webhook_example.json";
  auto events = run(PLUGIN_MONITORING_GRAFANA, R"({"service_label":"zone"})", {{"grafana.json", read(file)}});
  ASSERT_EQ(events.size(), 2u);  // both firing, endsAt 0001-01-01: no ends
  EXPECT_EQ(events[0]["service"], "us-1");
  EXPECT_EQ(events[0]["at"], "2021-10-12T09:51:03.157076+02:00");  // kept as sent; the engine reads it to the ms
  EXPECT_EQ(events[0]["outage"], "c6eadffa33fcdf37@2021-10-12T09:51:03.157076+02:00");
  EXPECT_EQ(events[0]["id"].get<std::string>().rfind("grafana:", 0), 0u);
  EXPECT_EQ(events[1]["title"], "This alert was triggered for zone eu-1");
  // The same file is no Alertmanager payload: its version says so.
  vow::PluginInstance am(vow::PluginLibrary::load("am", PLUGIN_MONITORING_ALERTMANAGER), "{}");
  EXPECT_THROW(am.feed("grafana.json", read(file)), vow::Error);
}

// --- ticketing_zendesk ---

namespace {

const fs::path kZendesk = kRealdata / "ticketing" / "zendesk" / "ticket_audits_list_recorded_zenpy.json";

std::vector<json> of_ticket(const std::vector<json>& events, const std::string& ticket) {
  std::vector<json> out;
  for (const auto& e : events)
    if (e["ticket"] == ticket) out.push_back(e);
  return out;
}

}  // namespace

TEST(Zendesk, RealAuditsImportWhole) {
  NEED_REALDATA();
  auto events =
      run(PLUGIN_TICKETING_ZENDESK, R"({"customers":{"6130869157658":"acme"}})", {{"audits.json", read(kZendesk)}});
  json audits = json::parse(read(kZendesk))["audits"];
  std::set<std::string> created;
  for (const auto& a : audits)
    for (const auto& e : a["events"])
      if (e["type"] == "Create") created.insert(std::to_string(a["ticket_id"].get<long long>()));
  size_t opened = 0;
  for (const auto& e : events) opened += e["type"] == "ticket.opened";
  EXPECT_EQ(opened, created.size());
  // Ticket 29 belongs to organization 6130869157658 and has no priority yet.
  auto t29 = of_ticket(events, "29");
  ASSERT_FALSE(t29.empty());
  EXPECT_EQ(t29[0]["customer"], "acme");
  EXPECT_EQ(t29[0]["priority"], "none");
}

TEST(Zendesk, PriorityChangeAndDeletedThenRestoredTicket) {
  NEED_REALDATA();
  auto t1 = of_ticket(run(PLUGIN_TICKETING_ZENDESK, "{}", {{"audits.json", read(kZendesk)}}), "1");
  ASSERT_EQ(t1.size(), 6u);
  EXPECT_EQ(t1[0]["type"], "ticket.opened");
  EXPECT_EQ(t1[0]["customer"], "unknown");  // no organization on ticket 1
  EXPECT_EQ(t1[1]["type"], "ticket.priority_changed");
  EXPECT_EQ(t1[1]["priority"], "P3");    // normal
  EXPECT_EQ(t1[2]["status"], "closed");  // deleted
  EXPECT_EQ(t1[3]["status"], "open");    // restored: a new resolution cycle
  // Months later the agent answers publicly, then adds a private note.
  EXPECT_EQ(t1[4]["type"], "ticket.replied");
  EXPECT_EQ(t1[4]["author"], "agent");
  EXPECT_EQ(t1[4]["public"], true);
  EXPECT_EQ(t1[4]["at"], "2024-02-07T00:09:24Z");
  EXPECT_EQ(t1[5]["public"], false);
}

TEST(Zendesk, TicketCreatedPendingStartsPaused) {
  NEED_REALDATA();
  auto t = of_ticket(run(PLUGIN_TICKETING_ZENDESK, "{}", {{"audits.json", read(kZendesk)}}), "4036");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1]["type"], "ticket.status_changed");
  EXPECT_EQ(t[1]["status"], "pending");
  EXPECT_EQ(t[1]["at"], t[0]["at"]);
}

TEST(Zendesk, CommentsAfterCreationAreRepliesByAgentOrRequester) {
  NEED_REALDATA();
  // Derived: ticket 1's creation audit, then comments in later audits.
  json audits = json::parse(read(kZendesk))["audits"];
  json create = audits[0];
  json by_agent = {{"id", 1},
                   {"ticket_id", 1},
                   {"created_at", "2023-09-10T08:00:00Z"},
                   {"author_id", 6130907993114},
                   {"events", {{{"id", 11}, {"type", "Comment"}, {"author_id", 6130907993114}, {"public", false}}}}};
  json by_requester = {{"id", 2},
                       {"ticket_id", 1},
                       {"created_at", "2023-09-10T09:00:00Z"},
                       {"author_id", 6130869168922},
                       {"events", {{{"id", 12}, {"type", "Comment"}, {"author_id", 6130869168922}, {"public", true}}}}};
  auto events =
      run(PLUGIN_TICKETING_ZENDESK, "{}", {{"a.json", json{{"audits", {by_requester, create, by_agent}}}.dump()}});
  auto replies = std::vector<json>();
  for (const auto& e : events)
    if (e["type"] == "ticket.replied") replies.push_back(e);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0]["author"], "agent");
  EXPECT_EQ(replies[0]["public"], false);  // a private note does not stop the response clock
  EXPECT_EQ(replies[1]["author"], "customer");
}

TEST(Zendesk, AnUnmappedStatusIsRefusedNamingTheFile) {
  json audit = {{"id", 1},
                {"ticket_id", 7},
                {"created_at", "2023-09-10T08:00:00Z"},
                {"events", {{{"id", 2}, {"type", "Change"}, {"field_name", "status"}, {"value", "escalated"}}}}};
  vow::PluginInstance p(vow::PluginLibrary::load("zd", PLUGIN_TICKETING_ZENDESK), "{}");
  try {
    p.feed("audit.json", json{{"audit", audit}}.dump());
    FAIL() << "accepted an unknown status";
  } catch (const vow::Error& e) {
    EXPECT_NE(std::string(e.what()).find("audit.json: Zendesk status \"escalated\" has no Vow status"),
              std::string::npos)
        << e.what();
  }
}

TEST(Zendesk, SatisfactionRatingsBecomeTicketRatedGoodFiveBadOne) {
  // The shape of GET /api/v2/satisfaction_ratings in Zendesk's API reference.
  std::string listing = R"({"satisfaction_ratings": [
    {"id": 35121, "assignee_id": 135, "group_id": 44, "requester_id": 7881, "ticket_id": 208,
     "score": "good", "created_at": "2026-10-20T22:55:29Z", "updated_at": "2026-10-20T22:55:29Z",
     "comment": "Awesome support!"},
    {"id": 120447, "ticket_id": 209, "score": "bad", "created_at": "2026-10-21T08:00:00Z",
     "updated_at": "2026-10-22T09:30:00Z", "reason": "Issue took too long"},
    {"id": 120448, "ticket_id": 210, "score": "offered", "created_at": "2026-10-21T08:00:00Z"}],
    "next_page": null, "previous_page": null, "count": 3})";
  auto events = run(PLUGIN_TICKETING_ZENDESK, "{}", {{"ratings.json", listing}});
  ASSERT_EQ(events.size(), 2u);  // offered: no answer yet
  EXPECT_EQ(events[0]["type"], "ticket.rated");
  EXPECT_EQ(events[0]["ticket"], "208");
  EXPECT_EQ(events[0]["score"], 5);
  EXPECT_EQ(events[0]["comment"], "Awesome support!");
  EXPECT_EQ(events[0]["id"], "zendesk:208:rating:35121:2026-10-20T22:55:29Z");
  EXPECT_EQ(events[1]["score"], 1);
  EXPECT_EQ(events[1]["at"], "2026-10-22T09:30:00Z");  // changed after it was offered: when it was given
  EXPECT_FALSE(events[1].contains("comment"));

  // One rating (GET /api/v2/satisfaction_ratings/{id}), and a SatisfactionRating audit event.
  auto one = run(PLUGIN_TICKETING_ZENDESK, "{}",
                 {{"one.json", R"({"satisfaction_rating": {"id": 1, "ticket_id": 7, "score": "good",
                                  "created_at": "2026-10-20T10:00:00Z"}})"}});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["score"], 5);
  json audit = {{"id", 90},
                {"ticket_id", 7},
                {"created_at", "2026-10-23T10:00:00Z"},
                {"events", {{{"id", 91}, {"type", "SatisfactionRating"}, {"score", "bad"}, {"body", "Still broken"}}}}};
  auto audited = run(PLUGIN_TICKETING_ZENDESK, "{}", {{"audit.json", json{{"audit", audit}}.dump()}});
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0]["type"], "ticket.rated");
  EXPECT_EQ(audited[0]["at"], "2026-10-23T10:00:00Z");
  EXPECT_EQ(audited[0]["score"], 1);
  EXPECT_EQ(audited[0]["comment"], "Still broken");
}

TEST(Zendesk, ATicketsOwnSatisfactionRatingHasNoTimeAndIsNotARating) {
  NEED_REALDATA();
  // zenpy's ticket carries "satisfaction_rating": {} — and a ticket object
  // never says when a rating was given: only listings and audits make one.
  auto events = run(PLUGIN_TICKETING_ZENDESK, "{}",
                    {{"t.json", read(kRealdata / "ticketing" / "zendesk" / "zenpy_spec_ticket.json")}});
  for (const auto& e : events) EXPECT_NE(e["type"], "ticket.rated");
}

// --- ticketing_freshdesk ---

namespace {

const fs::path kFreshdesk = kRealdata / "ticketing" / "freshdesk";

}  // namespace

TEST(Freshdesk, EveryRealFileImports) {
  NEED_REALDATA();
  for (const auto& f : fs::directory_iterator(kFreshdesk))
    EXPECT_FALSE(run(PLUGIN_TICKETING_FRESHDESK, "{}", {{f.path().string(), read(f.path())}}).empty()) << f.path();
}

TEST(Freshdesk, TwoSnapshotsOfATicketAreAnOpeningAndItsChanges) {
  NEED_REALDATA();
  auto events = run(PLUGIN_TICKETING_FRESHDESK, R"({"priorities":{"1":"P4","3":"P2"}})",
                    {{"t.json", read(kFreshdesk / "python-freshdesk_ticket_1.json")},
                     {"u.json", read(kFreshdesk / "python-freshdesk_ticket_1_updated.json")}});
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0]["type"], "ticket.opened");
  EXPECT_EQ(events[0]["priority"], "P4");  // code 1, low
  // stats.* say 2020 while the ticket was made in 2016: passed on as they are.
  EXPECT_EQ(events[1]["type"], "ticket.replied");
  EXPECT_EQ(events[1]["at"], "2020-06-17T20:23:43Z");
  EXPECT_EQ(events[3]["author"], "customer");
  EXPECT_EQ(events[4]["type"], "ticket.priority_changed");
  EXPECT_EQ(events[4]["priority"], "P2");    // code 3, high
  EXPECT_EQ(events[5]["status"], "solved");  // code 4, resolved
}

TEST(Freshdesk, WebhookMiniSyntaxAndTheFilesTime) {
  NEED_REALDATA();
  auto dir = scratch("freshdesk-webhook");
  fs::copy_file(kFreshdesk / "zulip_webhook_status_changed.json", dir / "w.json");
  fs::last_write_time(dir / "w.json", fs::file_time_type::clock::from_sys(
                                          std::chrono::system_clock::time_point(std::chrono::seconds(1791194400))));
  auto events = run(PLUGIN_TICKETING_FRESHDESK, "{}", {{(dir / "w.json").string(), read(dir / "w.json")}});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "ticket.status_changed");
  EXPECT_EQ(events[0]["status"], "pending");  // {status:{from:4,to:6}}: 6 is "Waiting on Customer"
  EXPECT_EQ(events[0]["at"], "2026-10-05T10:00:00Z");
}

TEST(Freshdesk, SatisfactionRatingsOfCustomAndClassicSurveys) {
  // The shape of GET /api/v2/surveys/satisfaction_ratings in Freshdesk's API reference.
  std::string listing = R"([
    {"id": 9000000001, "survey_id": 9000000002, "user_id": 9000000003, "agent_id": 9000000004,
     "feedback": "Quick and to the point", "group_id": 9000000005, "ticket_id": 21,
     "created_at": "2026-10-20T10:00:00Z", "updated_at": "2026-10-20T10:00:00Z",
     "ratings": {"default_question": 103, "question_9000000006": 100}},
    {"id": 9000000011, "ticket_id": 22, "created_at": "2026-10-21T10:00:00Z", "updated_at": "2026-10-21T10:00:00Z",
     "ratings": {"default_question": -101}},
    {"id": 9000000012, "ticket_id": 23, "created_at": "2026-10-21T11:00:00Z", "ratings": {"default_question": 101}},
    {"id": 9000000013, "ticket_id": 24, "created_at": "2026-10-21T12:00:00Z", "ratings": {"default_question": 3}},
    {"id": 9000000014, "ticket_id": 25, "created_at": "2026-10-21T13:00:00Z", "ratings": {"question_1": 2}}
  ])";
  auto events = run(PLUGIN_TICKETING_FRESHDESK, "{}", {{"ratings.json", listing}});
  ASSERT_EQ(events.size(), 4u);  // the last answers no default question: left out
  EXPECT_EQ(events[0]["type"], "ticket.rated");
  EXPECT_EQ(events[0]["ticket"], "21");
  EXPECT_EQ(events[0]["score"], 5);  // 103, extremely happy
  EXPECT_EQ(events[0]["comment"], "Quick and to the point");
  EXPECT_EQ(events[1]["score"], 2);  // -101, unhappy
  EXPECT_EQ(events[2]["score"], 4);  // 101, happy
  EXPECT_EQ(events[3]["score"], 1);  // classic survey: 3, unhappy
  EXPECT_EQ(events[2]["at"], "2026-10-21T11:00:00Z");
  auto one = run(PLUGIN_TICKETING_FRESHDESK, "{}",
                 {{"one.json", R"({"id": 1, "ticket_id": 5, "created_at": "2026-10-20T10:00:00Z",
                                  "ratings": {"default_question": 100}})"}});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["score"], 3);
}

TEST(Freshdesk, AnUnmappedCodeIsRefusedNamingTheFile) {
  vow::PluginInstance p(vow::PluginLibrary::load("fd", PLUGIN_TICKETING_FRESHDESK), "{}");
  try {
    p.feed("t.json", R"({"id": 5, "created_at": "2026-10-01T00:00:00Z", "priority": 1, "status": 9})");
    FAIL() << "accepted status 9";
  } catch (const vow::Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "t.json: Freshdesk status 9 has no Vow status; add it to the config's statuses table"),
              std::string::npos)
        << e.what();
  }
}

// --- billing_stripe ---

namespace {

const fs::path kStripe = kRealdata / "billing" / "stripe";

}  // namespace

TEST(Stripe, InvoiceFixtureBecomesAnIssuedInvoice) {
  NEED_REALDATA();
  auto events = run(PLUGIN_BILLING_STRIPE, R"({"customers":{"cus_QXg1o8vcGmoR32":"acme"}})",
                    {{"f.json", read(kStripe / "stripe_openapi_fixtures3_invoice_credit_note.json")}});
  ASSERT_EQ(events.size(), 1u);  // the invoice; the credit note is Stripe's own output
  EXPECT_EQ(events[0]["type"], "invoice.issued");
  EXPECT_EQ(events[0]["invoice"], "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  EXPECT_EQ(events[0]["customer"], "acme");
  EXPECT_EQ(events[0]["amount"], "10.00");  // 1000 minor units
  EXPECT_EQ(events[0]["currency"], "USD");
  EXPECT_EQ(events[0]["period"], "2009-02");  // period_start 1234567890
}

TEST(Stripe, AZeroTotalInvoiceIsNotPassedOn) {
  NEED_REALDATA();
  // The 2016 event: total 0 while its line says 2000. As a monthly fee it
  // would zero every credit of the month, so it is left out, with a warning.
  auto events =
      run(PLUGIN_BILLING_STRIPE, "{}", {{"e.json", read(kStripe / "zulip_event_invoice_payment_failed_api2016.json")}});
  EXPECT_TRUE(events.empty());
}

TEST(Stripe, CreditsGoOutAsOneCreditNoteEachNamingTheInvoice) {
  NEED_REALDATA();
  auto dir = project("stripe-apply",
                     "contract \"acme\" { monthly_fee = 1, uptime = { target = 99.9, services = { \"api\" } },\n"
                     "  credit = schedule { { below = 99.9, percent = 10 } } }\n");
  auto outbox = dir / "outbox";
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = \"stripe\"\n"
        "library = \"" PLUGIN_BILLING_STRIPE "\"\n[plugins.config]\noutbox = \"" +
            outbox.string() + "\"\ncustomers = { \"cus_QXg1o8vcGmoR32\" = \"acme\" }\n");
  // Derived: the real fixture invoice, for October 2026.
  json doc = json::parse(read(kStripe / "stripe_openapi_fixtures3_invoice_credit_note.json"));
  doc["invoice"]["period_start"] = doc["invoice"]["created"] = 1790812800;  // 2026-10-01
  doc["invoice"]["total"] = 2000000;                                        // 20,000.00
  write(dir / "invoice.json", doc.dump());
  ASSERT_EQ(run_vow(dir, "import stripe invoice.json").code, 0);
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n"
        "{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}\n");
  ASSERT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  auto apply = run_vow(dir, "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --apply");
  EXPECT_EQ(apply.code, 0) << apply.out;
  auto note_file = outbox / "credit-note-acme-2026-10.json";
  ASSERT_TRUE(fs::exists(note_file)) << apply.out;
  json note = json::parse(read(note_file));
  EXPECT_EQ(note["invoice"], "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  EXPECT_EQ(note["customer"], "cus_QXg1o8vcGmoR32");
  EXPECT_EQ(note["amount"], 200000);  // 10% of 20,000.00, in cents
  EXPECT_EQ(note["currency"], "usd");
  // The sink itself never writes a credit twice, whatever vow asks.
  vow::PluginInstance sink(vow::PluginLibrary::load("s", PLUGIN_BILLING_STRIPE),
                           "{\"outbox\":\"" + outbox.string() + "\"}");
  std::string credit = R"({"customer":"acme","period":"2026-10","amount":"999.00","currency":"USD"})";
  EXPECT_EQ(sink.deliver("credit", credit), "outbox:credit-note-acme-2026-10.json");
  EXPECT_EQ(json::parse(read(note_file))["amount"], 200000);
}

// --- the done-when of the connectors: every real file, through vow import --dry-run ---

TEST(Realdata, EveryPayloadImportsThroughItsConnectorWithDryRun) {
  NEED_REALDATA();
  const std::vector<std::pair<std::string, std::string>> connectors = {
      {"monitoring_alertmanager", PLUGIN_MONITORING_ALERTMANAGER},
      {"monitoring_grafana", PLUGIN_MONITORING_GRAFANA},
      {"monitoring_pagerduty", PLUGIN_MONITORING_PAGERDUTY},
      {"monitoring_statuspage", PLUGIN_MONITORING_STATUSPAGE},
      {"monitoring_uptimerobot", PLUGIN_MONITORING_UPTIMEROBOT},
      {"ticketing_zendesk", PLUGIN_TICKETING_ZENDESK},
      {"ticketing_freshdesk", PLUGIN_TICKETING_FRESHDESK},
      {"billing_stripe", PLUGIN_BILLING_STRIPE}};
  std::string toml = "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n";
  for (const auto& [name, lib] : connectors)
    toml += "[[plugins]]\nname = \"" + name + "\"\nlibrary = \"" + lib + "\"\n";
  auto dir = project("realdata-all");
  write(dir / "vow.toml", toml);
  const std::vector<std::pair<fs::path, std::string>> folders = {
      {kRealdata / "monitoring", ""},
      {kRealdata / "monitoring" / "pagerduty_v3", "monitoring_pagerduty"},
      {kRealdata / "monitoring" / "statuspage", "monitoring_statuspage"},
      {kRealdata / "monitoring" / "uptimerobot", "monitoring_uptimerobot"},
      {kRealdata / "ticketing" / "zendesk", "ticketing_zendesk"},
      {kRealdata / "ticketing" / "freshdesk", "ticketing_freshdesk"},
      {kRealdata / "billing" / "stripe", "billing_stripe"},
      {kGithub, "monitoring_statuspage"}};
  size_t imported = 0;
  for (const auto& [folder, connector] : folders) {
    for (const auto& f : fs::directory_iterator(folder)) {
      if (!f.is_regular_file() || f.path().extension() != ".json") continue;  // the schema .txt is documentation
      std::string c = connector;
      if (c.empty())
        c = f.path().filename().string().rfind("grafana", 0) == 0 ? "monitoring_grafana" : "monitoring_alertmanager";
      auto r = run_vow(dir, "import " + c + " '" + f.path().string() + "' --dry-run");
      EXPECT_EQ(r.code, 0) << c << " " << f.path() << "\n" << r.out.substr(0, 1000);
      ++imported;
    }
  }
  EXPECT_GE(imported, 32u);
}
