// Messages that point at the input (docs/adr/0026): near-miss fields warned
// of or, strict, refused; every problem of a line with its column and
// excerpt; a plugin's events reported at the line of its input file;
// plugin problems in `vow check` at their [[plugins]] line; plugin log
// lines named.
#include "helpers.hpp"
#include "ledger/ledger.hpp"
#include "plugins/child.hpp"
#include "plugins/plugin.hpp"

using namespace vowtest;

namespace {

// The issue's case: `customer` (tickets' field) written on an outage.
const std::string kStarted =
    R"({"id": "opsgenie:a1:started", "type": "outage.started", "at": "2026-10-14T09:00:00Z", "outage": "a1", "service": "api", "customer": "acme"})";
const std::string kEnded =
    R"({"id": "opsgenie:a1:ended", "type": "outage.ended", "at": "2026-10-14T10:30:00Z", "outage": "a1"})";

size_t column_of(const std::string& line, const std::string& text) {
  return line.find(text) + 1;
}

long long stored(const fs::path& dir) {
  if (!fs::exists(dir / "vow.db")) return 0;
  vow::Ledger ledger((dir / "vow.db").string());
  return ledger.count();
}

fs::path relay_project(const std::string& name, const std::string& library = PLUGIN_NDJSON_RELAY) {
  auto dir = project(name);
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n\n[rules]\npaths = [\"rules\"]\n\n# the connector\n"
        "[[plugins]]\nname = \"relay\"\nlibrary = \"" +
            library + "\"\n");
  return dir;
}

}  // namespace

TEST(NearMiss, IngestWarnsAtTheFieldAndStoresTheEvent) {
  auto dir = project("near-miss-ingest");
  write(dir / "opsgenie.ndjson", kStarted + "\n" + kEnded + "\n");
  auto r = run_vow(dir, "ingest opsgenie.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("opsgenie.ndjson:1:" + std::to_string(column_of(kStarted, "\"customer\"")) +
                       ": warning: unknown field \"customer\": did you mean \"customers\"? (kept, but not read)\n"
                       "    | \"customer\": \"acme\"\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("opsgenie.ndjson: 2 new, 0 duplicate"), std::string::npos) << r.out;
  EXPECT_EQ(stored(dir), 2);
}

TEST(NearMiss, IngestStrictRefusesTheFileWhole) {
  auto dir = project("near-miss-ingest-strict");
  write(dir / "opsgenie.ndjson", kEnded + "\n" + kStarted + "\n");
  auto r = run_vow(dir, "ingest --strict opsgenie.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("opsgenie.ndjson:2:" + std::to_string(column_of(kStarted, "\"customer\"")) +
                       ": unknown field \"customer\": did you mean \"customers\"? (refused: strict)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("opsgenie.ndjson: refused whole (1 bad line; nothing from it was stored"), std::string::npos)
      << r.out;
  EXPECT_EQ(stored(dir), 0);
}

TEST(NearMiss, ImportThroughAPluginWarnsAtTheInputLine) {
  auto dir = relay_project("near-miss-import");
  write(dir / "export.ndjson", "# opsgenie export\n" + kEnded + "\n# next\n" + kStarted + "\n");
  auto r = run_vow(dir, "import relay export.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("export.ndjson:4: warning: unknown field \"customer\": did you mean \"customers\"? (kept, but "
                       "not read) [plugin relay, event column " +
                       std::to_string(column_of(kStarted, "\"customer\"")) + "]"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(stored(dir), 2);
}

TEST(NearMiss, ImportStrictStoresNothing) {
  auto dir = relay_project("near-miss-import-strict");
  write(dir / "export.ndjson", kEnded + "\n" + kStarted + "\n");
  auto r = run_vow(dir, "import relay export.ndjson --strict");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("export.ndjson:2: unknown field \"customer\": did you mean \"customers\"? (refused: strict)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(stored(dir), 0);
  auto dry = run_vow(dir, "import relay export.ndjson --strict --dry-run");
  EXPECT_EQ(dry.code, 65) << dry.out;
  EXPECT_EQ(dry.out.find("\"customer\": \"acme\"}"), std::string::npos) << dry.out;
}

TEST(NearMiss, APluginThatAsksForStrictnessGetsIt) {
  auto dir = relay_project("near-miss-plugin-strict", PLUGIN_NDJSON_STRICT);
  write(dir / "export.ndjson", kEnded + "\n" + kStarted + "\n");
  auto r = run_vow(dir, "import relay export.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("export.ndjson:2: unknown field \"customer\""), std::string::npos) << r.out;
  EXPECT_EQ(stored(dir), 0);
  auto pulled = run_vow(dir, "pull");  // fed nothing: nothing to refuse
  EXPECT_EQ(pulled.code, 0) << pulled.out;
}

TEST(Diagnostics, EveryProblemOfALineWithItsColumnAndExcerpt) {
  auto dir = project("diag-every-problem");
  std::string line =
      R"({"id": "x", "type": "outage.started", "at": "2026-10-14 09:00:00Z", "outage": "a1", "service": 3, "impact": "majr"})";
  write(dir / "bad.ndjson", line + "\n");
  auto r = run_vow(dir, "ingest bad.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  for (const auto& [text, message, excerpt] :
       {std::tuple<std::string, std::string, std::string>{
            "\"2026-10-14 09", "field \"at\": \"2026-10-14 09:00:00Z\" is not an RFC 3339 timestamp",
            "\"at\": \"2026-10-14 09:00:00Z\""},
        {"3,", "field \"service\" must be a string", "\"service\": 3"},
        {"\"majr\"", "field \"impact\": \"majr\" is not one of \"major\", \"partial\"", "\"impact\": \"majr\""}}) {
    std::string want = "bad.ndjson:1:" + std::to_string(column_of(line, text)) + ": " + message;
    auto at = r.out.find(want);
    ASSERT_NE(at, std::string::npos) << want << "\n" << r.out;
    EXPECT_NE(r.out.find("\n    | " + excerpt + "\n", at), std::string::npos) << r.out;
  }
}

TEST(Diagnostics, AnUnknownTypeNamesTheNearestOnes) {
  auto dir = project("diag-unknown-type");
  write(dir / "bad.ndjson", R"({"id": "x", "type": "outage.start", "at": "2026-10-14T09:00:00Z", "outage": "a1"})"
                            "\n");
  auto r = run_vow(dir, "ingest bad.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("bad.ndjson:1:21: field \"type\": unknown event type \"outage.start\"; did you mean "
                       "\"outage.started\"?"),
            std::string::npos)
      << r.out;
}

TEST(Diagnostics, ABadEventFromAPluginIsReportedAtItsInputLine) {
  auto dir = relay_project("diag-plugin-origin");
  std::string bad = R"({"id": "x", "type": "outage.ended", "at": "2026-10-14T10:30:00Z", "outage": 7})";
  write(dir / "a.ndjson", kEnded + "\n");
  write(dir / "b.ndjson", "# b\n\n" + bad + "\n");
  auto r = run_vow(dir, "import relay a.ndjson b.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("b.ndjson:3: field \"outage\" must be a string [plugin relay, event column " +
                       std::to_string(column_of(bad, "7}")) + "]\n    | \"outage\": 7\n"),
            std::string::npos)
      << r.out;
  // Not the line of the plugin's combined output (2).
  EXPECT_EQ(r.out.find("plugin relay:2:"), std::string::npos) << r.out;
  auto dry = run_vow(dir, "import relay a.ndjson b.ndjson --dry-run");
  EXPECT_NE(dry.out.find("b.ndjson:3: field \"outage\" must be a string [plugin relay"), std::string::npos) << dry.out;
}

TEST(Diagnostics, APluginWithoutOriginsIsReportedAtItsOutputLine) {
  auto dir = relay_project("diag-plugin-no-origin", PLUGIN_GOOD_SOURCE);
  write(dir / "a.txt", "o1\n!invalid\n");
  auto r = run_vow(dir, "import relay a.txt");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("plugin relay:2: missing field \"outage\""), std::string::npos) << r.out;
}

TEST(Diagnostics, CheckNamesTheLineOfThePluginsTable) {
  auto dir = relay_project("diag-check-line", PLUGIN_ABI_MAJOR);
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78) << r.out;
  EXPECT_NE(r.out.find("vow.toml:8: plugin relay (" PLUGIN_ABI_MAJOR "): was built for plugin ABI 2.0"),
            std::string::npos)
      << r.out;
}

TEST(Diagnostics, PluginLogLinesNameThePlugin) {
  auto dir = relay_project("diag-log-name");
  write(dir / "a.ndjson", kEnded + "\n");
  auto r = run_vow(dir, "import relay a.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("plugin relay: info: ready\n"), std::string::npos) << r.out;
}

TEST(Diagnostics, A10PluginLoadsWithoutTheNewFields) {
  auto lib = vow::PluginLibrary::load("raw", PLUGIN_RAW_OK);
  EXPECT_LT(lib->api().struct_size, sizeof(vow_plugin_api));
  EXPECT_EQ(lib->options(), 0u);
  EXPECT_FALSE(lib->has_batch_origin());
  auto strict = vow::PluginLibrary::load("strict", PLUGIN_NDJSON_STRICT);
  EXPECT_EQ(strict->options(), static_cast<uint32_t>(VOW_OPT_STRICT));
  EXPECT_TRUE(strict->has_batch_origin());
}

#ifdef PLUGIN_MONITORING_ALERTMANAGER
TEST(Diagnostics, AlertmanagerSaysTheLineOfEachPayloadThroughThePluginHost) {
  std::string payload =
      R"({"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Down","service":"api"},)"
      R"("startsAt":"2026-10-02T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"ff"}]})";
  vow::PluginLimits limits;
  limits.host = vow_binary();
  vow::PluginProcess am("am", PLUGIN_MONITORING_ALERTMANAGER, "{}", {}, limits);
  am.feed("alerts.ndjson", payload + "\n\n" + payload + "\n");
  am.feed("one.json", payload);
  std::string out, file;
  std::vector<uint32_t> lines;
  ASSERT_TRUE(am.next_batch(out));
  ASSERT_TRUE(am.origin(file, lines));
  EXPECT_EQ(file, "alerts.ndjson");
  EXPECT_EQ(lines, (std::vector<uint32_t>{1, 3}));
  // A whole JSON document has no line to name: the host counts output lines.
  ASSERT_TRUE(am.next_batch(out));
  EXPECT_FALSE(am.origin(file, lines));
  EXPECT_FALSE(am.next_batch(out));
}
#endif
