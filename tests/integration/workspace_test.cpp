// vow::Workspace used as a library, with no command line: a real SQLite
// ledger in a scratch folder, the real GitHub example (its contracts, its
// Statuspage plugin, its incident payloads) and the billing_csv sink. What
// comes out is checked against the in-memory Engine given the same input.
#include "vow/workspace.hpp"

#include <algorithm>
#include <thread>

#include "helpers.hpp"
#include "vow/render.hpp"
#include "wal_syncs.hpp"

using namespace vowtest;

namespace {

const fs::path kGithub = fs::path(VOW_SOURCE_DIR) / "examples" / "github";

std::vector<std::string> incident_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kGithub / "incidents")) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// The GitHub example's config with its ledger in `dir` and its plugin from
// this build; plugins run in the built `vow` (this test binary has no
// plugin-host subcommand).
vow::Workspace github_workspace(const fs::path& dir) {
  vow::WorkspaceConfig cfg = vow::load_config(kGithub / "vow.toml");
  cfg.store = dir / "github.db";
  cfg.plugins.at(0).library = PLUGIN_MONITORING_STATUSPAGE;
  cfg.templates = {fs::path(VOW_SOURCE_DIR) / "rules" / "templates"};
  vow::WorkspaceOptions options;
  options.plugin_host = vow_binary();
  return vow::Workspace(cfg, options);
}

// The same contracts in an Engine of their own, with `ndjson` in memory.
void load_in_memory(vow::Engine& engine, const std::string& ndjson) {
  engine.add_contract_paths({kGithub / "rules"}, fs::current_path());
  ASSERT_TRUE(engine.finish_contracts().empty());
  ASSERT_TRUE(engine.add_events_ndjson(ndjson, "memory").empty());
}

vow::Query october() {
  vow::Query q;
  q.period = "2023-10";
  q.as_of = unix_ms("2023-11-02T00:00:00Z");
  return q;
}

}  // namespace

TEST(Workspace, ImportIngestThenReportGiveWhatTheEngineGivesInMemory) {
  auto dir = scratch("ws-report");
  vow::SourceOutput made;
  {
    auto ws = github_workspace(dir);
    made = ws.import("statuspage", incident_files());
    EXPECT_EQ(made.source, "plugin statuspage");
    auto checked = vow::Workspace::validate(made.ndjson);
    ASSERT_FALSE(checked.empty());
    for (const auto& line : checked) EXPECT_TRUE(line.valid) << line.line << ": " << line.reason;
    vow::IngestOutcome stored = ws.ingest(made.source, made.ndjson, {});
    EXPECT_TRUE(stored.stored);
    EXPECT_EQ(stored.fresh, checked.size());
    EXPECT_EQ(stored.duplicate, 0u);
  }
  // A second workspace reads the ledger the first one wrote.
  auto ws = github_workspace(dir);
  vow::Report from_ledger = ws.report(october());
  vow::Engine engine;
  load_in_memory(engine, made.ndjson);
  vow::Report in_memory = engine.report(october());
  EXPECT_EQ(vow::to_json(from_ledger), vow::to_json(in_memory));
  ASSERT_FALSE(from_ledger.accounts.empty());
  EXPECT_EQ(vow::to_json(ws.status(october())), vow::to_json(engine.status(october())));
}

TEST(Workspace, IngestIsWholeOrNothingAndSkipInvalidWritesTheRejectFile) {
  auto dir = scratch("ws-ingest");
  auto ws = github_workspace(dir);
  std::string good = ws.import("statuspage", incident_files()).ndjson;
  std::string bad = good + "not json\n";
  vow::IngestSettings settings;
  settings.reject_file = dir / "rejected.ndjson";
  vow::IngestOutcome refused = ws.ingest("bad", bad, settings);
  EXPECT_FALSE(refused.stored);
  ASSERT_EQ(refused.rejected.size(), 1u);
  EXPECT_EQ(refused.rejected[0].text, "not json");
  EXPECT_FALSE(fs::exists(settings.reject_file));
  EXPECT_EQ(ws.export_events(1, [](std::string_view) {}).events, 0);

  settings.skip_invalid = true;
  vow::IngestOutcome skipped = ws.ingest("bad", bad, settings);
  EXPECT_TRUE(skipped.stored);
  EXPECT_EQ(slurp(settings.reject_file).find("\"text\":\"not json\""), slurp(settings.reject_file).rfind("\"text\""));
  vow::IngestOutcome again = ws.ingest("good", good, {});
  EXPECT_EQ(again.fresh, 0u);
  EXPECT_EQ(again.duplicate, skipped.fresh);

  // The export gives back every line as it was given, in ingest order.
  std::string exported;
  auto summary = ws.export_events(1, [&](std::string_view line) { exported.append(line).push_back('\n'); });
  EXPECT_EQ(exported, good);
  EXPECT_EQ(summary.first, 1);
  EXPECT_EQ(static_cast<size_t>(summary.events), skipped.fresh);
}

TEST(Workspace, ErrorsNameTheInputNotACommandLineOption) {
  auto dir = scratch("ws-errors");
  auto ws = github_workspace(dir);
  ws.ingest("none", "", {});
  vow::Query q = october();
  q.period = "2023-13";
  try {
    ws.report(q);
    FAIL() << "a month 13 was accepted";
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::Usage);
    EXPECT_EQ(std::string(e.what()), "period 2023-13: expected a month YYYY-MM or a quarter YYYY-Qn");
    EXPECT_EQ(e.fields(), std::vector<std::string>{"period"});
    EXPECT_EQ(e.worded([](const std::string& f) { return "<" + f + ">"; }),
              "<period> 2023-13: expected a month YYYY-MM or a quarter YYYY-Qn");
  }
  q = october();
  q.customers = {"nobody"};
  q.customer_audience = true;
  try {
    ws.credits(q);
    FAIL() << "an unknown customer was accepted";
  } catch (const vow::Error& e) {
    EXPECT_EQ(std::string(e.what()), "customer nobody: no contract has this id");
  }
  vow::BacktestQuery b{"2023-10", "2023-09", {}, {}, {}};
  try {
    ws.backtest(b);
    FAIL() << "a reversed range was accepted";
  } catch (const vow::Error& e) {
    EXPECT_EQ(std::string(e.what()), "to 2023-09: is before from 2023-10");
    EXPECT_EQ(e.fields(), (std::vector<std::string>{"to", "from"}));
  }
  try {
    ws.export_events(0, [](std::string_view) {});
    FAIL() << "sequence number 0 was accepted";
  } catch (const vow::Error& e) {
    EXPECT_EQ(std::string(e.what()), "since 0: sequence numbers start at 1");
  }
}

TEST(Workspace, ContractsWithProblemsAreOneErrorHoldingEveryDiagnostic) {
  auto dir = project("ws-contracts", "contract \"a\" {\n  name = 5,\n}\ncontract \"b\" { nonsense = 1 }\n");
  vow::Workspace ws(vow::load_config(dir / "vow.toml"));
  ws.ingest("none", "", {});
  try {
    ws.report(october());
    FAIL() << "contracts with problems were evaluated";
  } catch (const vow::ContractsError& e) {
    EXPECT_EQ(e.code(), vow::Exit::BadConfig);
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].line, 2);
  }
  vow::CheckResult check = ws.check();
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.contract_problems.size(), 2u);
  EXPECT_TRUE(check.ledger.exists);
  EXPECT_TRUE(check.ledger.problems.empty());
}

TEST(Workspace, DraftIsTheEnginesFactsThroughTheTemplate) {
  auto dir = scratch("ws-draft");
  auto ws = github_workspace(dir);
  std::string ndjson = ws.import("statuspage", incident_files()).ndjson;
  ws.ingest("statuspage", ndjson, {});
  // The Pull Requests outage of 2023-10-05 (incidents/gqx5l06jjxhp.json).
  std::string outage;
  for (const auto& line : vow::Workspace::validate(ndjson))
    if (line.text.find("\"service\":\"pull_requests\"") != std::string_view::npos &&
        line.text.find("2023-10-05") != std::string_view::npos) {
      auto at = line.text.find("\"outage\":\"") + 10;
      outage = std::string(line.text.substr(at, line.text.find('"', at) - at));
    }
  ASSERT_FALSE(outage.empty());
  vow::DraftOrder order;
  order.kind = "resolved";
  order.outage = outage;
  order.customer = "github";
  order.as_of = october().as_of;
  vow::Draft md = ws.draft(order);
  vow::Engine engine;
  load_in_memory(engine, ndjson);
  EXPECT_EQ(to_json(md.facts), to_json(engine.draft_facts({"resolved", outage, "github", "", "", "", order.as_of})));
  EXPECT_NE(md.text.find("Hello GitHub Enterprise Cloud team"), std::string::npos) << md.text;
  order.format = vow::DraftFormat::Text;
  vow::Draft text = ws.draft(order);
  EXPECT_EQ(text.text.find("**"), std::string::npos);
  EXPECT_NE(text.text, md.text);

  // GitHub's credits are per calendar quarter (terms.md 1.1): a month is
  // the wrong period, and the error names it.
  order.kind = "credit-offer";
  order.period = "2023-10";
  order.format = vow::DraftFormat::Markdown;
  try {
    ws.draft(order);
    FAIL() << "a monthly credit offer was drafted for a quarterly contract";
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::Usage);
    EXPECT_EQ(e.fields(), std::vector<std::string>{"period"});
  }
  order.kind = "initial";
  order.outage.clear();
  try {
    ws.draft(order);
    FAIL() << "an initial draft with no outage was accepted";
  } catch (const vow::Error& e) {
    EXPECT_EQ(std::string(e.what()), "draft initial: name the outage");
  }
}

TEST(Workspace, ApplyCreditsDeliversEachCreditOnceThroughTheCsvSink) {
  auto dir = project("ws-apply",
                     "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
                     "  credit = schedule { { below = 99.9, percent = 10 } } }\n");
  auto csv = dir / "credits.csv";
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = \"finance\"\n"
        "library = \"" PLUGIN_BILLING_CSV "\"\n[plugins.config]\npath = \"" +
            csv.string() + "\"\n");
  vow::WorkspaceOptions options;
  options.plugin_host = vow_binary();
  vow::Workspace ws(vow::load_config(dir / "vow.toml"), options);
  ws.ingest("e",
            "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
            "\"api\"}\n{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}\n",
            {});
  vow::Query q;
  q.period = "2026-10";
  q.as_of = unix_ms("2026-11-02T00:00:00Z");
  int heard = 0;
  vow::ApplyCallbacks calls;
  calls.delivered = [&heard](const vow::Delivery&) { ++heard; };
  vow::ApplyResult first = ws.apply_credits(q, calls);
  ASSERT_EQ(first.deliveries.size(), 1u);
  EXPECT_EQ(heard, 1);
  const vow::Delivery& d = first.deliveries[0];
  EXPECT_EQ(d.outcome, vow::Delivery::Outcome::Applied);
  EXPECT_EQ(d.customer, "acme");
  EXPECT_EQ(d.sink, "finance");
  EXPECT_EQ(d.amount, first.credits.credits.at(0).amount);
  EXPECT_NE(slurp(csv).find(d.amount), std::string::npos);
  // A new workspace on the same ledger finds the delivery recorded.
  vow::Workspace again(vow::load_config(dir / "vow.toml"), options);
  vow::ApplyResult second = again.apply_credits(q);
  EXPECT_TRUE(second.deliveries.empty());
  EXPECT_EQ(second.already, 1u);
  std::string issued;
  again.export_events(3, [&](std::string_view line) { issued.append(line); });
  EXPECT_NE(issued.find("\"id\":\"vow:credit:acme:2026-10:finance\""), std::string::npos) << issued;
}

TEST(Workspace, PluginsNeedAHostTheEmbedderNames) {
  auto dir = scratch("ws-no-host");
  vow::WorkspaceConfig cfg = vow::load_config(kGithub / "vow.toml");
  cfg.store = dir / "github.db";
  cfg.plugins.at(0).library = PLUGIN_MONITORING_STATUSPAGE;
  vow::Workspace ws(cfg);  // no WorkspaceOptions::plugin_host
  try {
    ws.import("statuspage", incident_files());
    FAIL() << "a plugin started with no host named";
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::BadConfig);
    EXPECT_NE(std::string(e.what()).find("WorkspaceOptions::plugin_host"), std::string::npos) << e.what();
  }
  vow::CheckResult check = ws.check();
  ASSERT_EQ(check.plugin_problems.size(), 1u);
  EXPECT_EQ(check.plugins, 1u);
  EXPECT_FALSE(check.ledger.exists);
  EXPECT_FALSE(check.ok());
}

// ADR 0062: a server's workspace leaves its ingests' checkpoints to
// checkpoint(), which another thread calls; off again, each ingest does it.
TEST(Workspace, CheckpointApartLeavesTheIngestsCommitsInTheWalUntilCheckpoint) {
  auto dir = project("ws-checkpoint");
  auto ws = project_workspace(dir);
  ws.checkpoint();  // no ledger yet: none is made
  EXPECT_FALSE(fs::exists(dir / "vow.db"));
  const std::string line =
      "{\"id\":\"o1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":\"api\"}"
      "\n";
  ASSERT_TRUE(ws.ingest("a.ndjson", line, {}).stored);
  auto in_main_file = [&] { return ledger_text(dir / "vow.db", "SELECT count(*) FROM events", true); };
  EXPECT_EQ(in_main_file(), "1");

  ws.checkpoint_apart(true);
  ASSERT_TRUE(ws.ingest("b.ndjson",
                        "{\"id\":\"o2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\",\"outage\":\"o\"}\n",
                        {})
                  .stored);
  EXPECT_EQ(in_main_file(), "1");
  std::thread beside([&] { ws.checkpoint(); });
  beside.join();
  EXPECT_EQ(in_main_file(), "2");

  ws.checkpoint_apart(false);
  ASSERT_TRUE(ws.ingest("c.ndjson",
                        "{\"id\":\"o3\",\"type\":\"outage.started\",\"at\":\"2026-10-03T10:00:00Z\",\"outage\":\"p\","
                        "\"service\":\"api\"}\n",
                        {})
                  .stored);
  EXPECT_EQ(in_main_file(), "3");
}

// ADR 0063: a server's workspace commits without waiting for the disk (no
// sync of the -wal by SQLite) and then calls sync(), from any thread;
// sync() before any such commit makes no ledger.
TEST(Workspace, SyncApartCommitsAtOnceAndSyncsFromAnyThread) {
  count_wal_syncs();
  auto dir = project("ws-sync-apart");
  auto ws = project_workspace(dir);
  ws.sync_apart(true);
  ws.sync();
  EXPECT_FALSE(fs::exists(dir / "vow.db"));
  auto event = [](int n) {
    return "{\"id\":\"o" + std::to_string(n) + "\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T11:00:00Z\"," +
           "\"outage\":\"o\"}\n";
  };
  // As a server: a checkpoint syncs the -wal, and so does the first commit
  // into a -wal written again from its start.
  ws.checkpoint_apart(true);
  ws.sync_apart(false);
  ASSERT_TRUE(ws.ingest("a.ndjson", event(1), {}).stored);  // makes the ledger, waiting for the disk

  ws.sync_apart(true);
  wal_syncs() = 0;
  ASSERT_TRUE(ws.ingest("b.ndjson", event(2), {}).stored);
  EXPECT_EQ(wal_syncs().load(), 0);
  EXPECT_EQ(ledger_text(dir / "vow.db", "SELECT count(*) FROM events"), "2");
  std::thread beside([&] { ws.sync(); });
  ws.sync();
  beside.join();
  EXPECT_EQ(ws.sync_refusal(), "");

  ws.sync_apart(false);
  ws.checkpoint_apart(false);
  ASSERT_TRUE(ws.ingest("c.ndjson", event(3), {}).stored);
  EXPECT_GT(wal_syncs().load(), 0);  // synchronous=FULL again
  EXPECT_EQ(ledger_text(dir / "vow.db", "SELECT count(*) FROM events", true), "3");
}
