// Correcting what a buggy connector stored (issue 10, docs/adr/0027): `vow
// ingest --supersede` keeps the old content, marked superseded, and every
// reader takes the newest, on real SQLite files and the real `vow`.
#include <sqlite3.h>

#include <random>

#include "helpers.hpp"
#include "history.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"

using namespace vowtest;

namespace {

const char* const kRules = kHistoryRules;

// The issue's connector bug: `customer` where the field is `customers`, so
// the outage is every customer's.
const std::string kWrong =
    R"({"id":"og:1","type":"outage.started","at":"2026-10-14T10:00:00Z","outage":"o1","service":"api","customer":"acme"})"
    "\n"
    R"({"id":"og:2","type":"outage.ended","at":"2026-10-14T11:30:00Z","outage":"o1"})"
    "\n";
const std::string kFixed =
    R"({"id":"og:1","type":"outage.started","at":"2026-10-14T10:00:00Z","outage":"o1","service":"api","customers":["acme"]})"
    "\n"
    R"({"id":"og:2","type":"outage.ended","at":"2026-10-14T11:30:00Z","outage":"o1"})"
    "\n";

const char* kCredits = "credits --period 2026-10 --as-of 2026-11-02T00:00:00Z --format csv";

// "customer amount" of each credit line of `vow credits --format csv`.
std::string owed(const fs::path& dir) {
  auto r = run_vow(dir, kCredits);
  EXPECT_EQ(r.code, 0) << r.out;
  std::string out;
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);           // the header
  while (std::getline(in, line)) {  // period,customer,name,amount,...
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (cells.size() > 3) out += cells[1] + " " + cells[3] + "\n";
  }
  return out;
}

long long scalar(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open(db.string().c_str(), &h), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
  long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

fs::path wrong_outage_stored(const std::string& name) {
  auto dir = project(name, kRules);
  write(dir / "wrong.ndjson", kWrong);
  write(dir / "fixed.ndjson", kFixed);
  auto r = run_vow(dir, "ingest wrong.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  return dir;
}

}  // namespace

TEST(Supersede, TheIssuesWrongOutageIsCorrectedAndTheOldContentKept) {
  auto dir = wrong_outage_stored("supersede-issue");
  // The bug: 1h30 of downtime charged to every account.
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 1250.00\n");

  // The corrected events under the same ids: refused without --supersede, as before.
  auto refused = run_vow(dir, "ingest fixed.ndjson");
  EXPECT_EQ(refused.code, 65) << refused.out;
  EXPECT_NE(refused.out.find("fixed.ndjson:1: conflict: event \"og:1\" is already in the ledger with other content"),
            std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("--supersede"), std::string::npos) << refused.out;
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 1250.00\n");

  auto fixed = run_vow(dir, "ingest --supersede fixed.ndjson");
  EXPECT_EQ(fixed.code, 0) << fixed.out;
  EXPECT_NE(fixed.out.find("fixed.ndjson: 0 new, 1 duplicate, 1 superseded"), std::string::npos) << fixed.out;
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 0.00\n");

  // Nothing deleted: the wrong row is still there, its correction beside it,
  // audited with the run that brought it (when, from which file).
  fs::path db = dir / "vow.db";
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM events"), 2);
  EXPECT_NE(ledger_text(db, "SELECT detail FROM events WHERE id = 'og:1'").find("\"customer\":\"acme\""),
            std::string::npos);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM revisions"), 1);
  EXPECT_EQ(ledger_text(db,
                        "SELECT i.source FROM revisions r JOIN ingests i ON i.run = r.run "
                        "JOIN events e ON e.seq = r.seq WHERE e.id = 'og:1'"),
            "fixed.ndjson");
  EXPECT_EQ(scalar(db, "SELECT superseded FROM ingests WHERE source = 'fixed.ndjson'"), 1);
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_NE(check.out.find("2 events, 1 of them superseded, every checksum verified"), std::string::npos) << check.out;
  // The export is what the reports compute on: the newest content.
  auto exported = run_vow(dir, "export");
  EXPECT_EQ(exported.code, 0);
  EXPECT_NE(exported.out.find(kFixed), std::string::npos) << exported.out;
  EXPECT_EQ(exported.out.find("\"customer\":\"acme\""), std::string::npos) << exported.out;
  // What it said before, beside what it says now, when and from which file.
  auto history = run_vow(dir, "export --superseded");
  EXPECT_EQ(history.code, 0) << history.out;
  EXPECT_NE(history.out.find(R"({"id":"og:1","seq":1,"revision":1,"at":")" +
                             ledger_text(db, "SELECT at FROM ingests WHERE source = 'fixed.ndjson'") +
                             R"(","source":"fixed.ndjson","was":{"id":"og:1","type":"outage.started",)"
                             R"("at":"2026-10-14T10:00:00Z","outage":"o1","service":"api","customer":"acme"},)"
                             R"("now":{"id":"og:1","type":"outage.started","at":"2026-10-14T10:00:00Z",)"
                             R"("outage":"o1","service":"api","customers":["acme"]}})"),
            std::string::npos)
      << history.out;
  EXPECT_NE(history.out.find("1 correction exported"), std::string::npos) << history.out;
}

TEST(Supersede, RunningTheSameCorrectionAgainChangesNothing) {
  auto dir = wrong_outage_stored("supersede-again");
  ASSERT_EQ(run_vow(dir, "ingest --supersede fixed.ndjson").code, 0);
  auto again = run_vow(dir, "ingest --supersede fixed.ndjson");
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("fixed.ndjson: 0 new, 2 duplicate, 0 superseded"), std::string::npos) << again.out;
  // Without the flag too: the corrected lines are the events' content now.
  auto plain = run_vow(dir, "ingest fixed.ndjson");
  EXPECT_EQ(plain.code, 0) << plain.out;
  EXPECT_NE(plain.out.find("fixed.ndjson: 0 new, 2 duplicate"), std::string::npos) << plain.out;
  // And the old lines are now the conflict.
  EXPECT_EQ(run_vow(dir, "ingest wrong.ndjson").code, 65);
  EXPECT_EQ(scalar(dir / "vow.db", "SELECT count(*) FROM revisions"), 1);
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 0.00\n");
}

TEST(Supersede, AFileWithABadLineSupersedesNothing) {
  auto dir = wrong_outage_stored("supersede-atomic");
  write(dir / "half.ndjson", kFixed + R"({"id":"og:3","type":"outage.ended","at":"2026-10-15T11:30:00Z"})" + "\n" +
                                 R"({"id":"og:4","type":"outage.ended","at":"2026-10-15T11:30:00Z","outage":"o9"})" +
                                 "\n");
  auto r = run_vow(dir, "ingest --supersede half.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("half.ndjson:3: missing field \"outage\""), std::string::npos) << r.out;
  EXPECT_EQ(scalar(dir / "vow.db", "SELECT count(*) FROM revisions"), 0);
  EXPECT_EQ(scalar(dir / "vow.db", "SELECT count(*) FROM events"), 2);
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 1250.00\n");
}

TEST(Supersede, NewIdsAreAddedBesideTheCorrections) {
  auto dir = wrong_outage_stored("supersede-new");
  write(
      dir / "more.ndjson",
      kFixed +
          R"({"id":"og:5","type":"outage.started","at":"2026-10-20T10:00:00Z","outage":"o5","service":"api","customers":["globex"]})"
          "\n"
          R"({"id":"og:6","type":"outage.ended","at":"2026-10-20T12:00:00Z","outage":"o5"})"
          "\n");
  auto r = run_vow(dir, "ingest --supersede more.ndjson");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("more.ndjson: 2 new, 1 duplicate, 1 superseded"), std::string::npos) << r.out;
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 1250.00\n");  // globex's own outage now, two hours
  EXPECT_EQ(scalar(dir / "vow.db", "SELECT count(*) FROM events"), 4);
}

// A correction can be corrected: the newest revision counts, the older ones
// stay; going back to the first content is a revision too.
TEST(Supersede, ASupersededEventCanBeSupersededAgain) {
  auto dir = wrong_outage_stored("supersede-twice");
  ASSERT_EQ(run_vow(dir, "ingest --supersede fixed.ndjson").code, 0);
  std::string globex = kFixed;
  globex.replace(globex.find("[\"acme\"]"), 8, "[\"globex\"]");
  write(dir / "globex.ndjson", globex);
  auto r = run_vow(dir, "ingest --supersede globex.ndjson");
  EXPECT_NE(r.out.find("globex.ndjson: 0 new, 1 duplicate, 1 superseded"), std::string::npos) << r.out;
  EXPECT_EQ(owed(dir), "acme 0.00\nglobex 1250.00\n");
  auto back = run_vow(dir, "ingest --supersede wrong.ndjson");
  EXPECT_NE(back.out.find("wrong.ndjson: 0 new, 1 duplicate, 1 superseded"), std::string::npos) << back.out;
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 1250.00\n");
  EXPECT_EQ(scalar(dir / "vow.db", "SELECT count(*) FROM revisions"), 3);
  EXPECT_EQ(scalar(dir / "vow.db", "SELECT count(*) FROM events"), 2);
  EXPECT_NE(run_vow(dir, "check").out.find("2 events, 1 of them superseded"), std::string::npos);
  // Each correction with what it replaced: acme, then globex, then acme's again.
  auto history = run_vow(dir, "export --superseded");
  auto first = history.out.find(R"("revision":1)"), second = history.out.find(R"("revision":2)"),
       third = history.out.find(R"("revision":3)");
  ASSERT_TRUE(first != std::string::npos && second != std::string::npos && third != std::string::npos) << history.out;
  EXPECT_NE(history.out.find(R"("source":"globex.ndjson","was":{"id":"og:1","type":"outage.started",)"
                             R"("at":"2026-10-14T10:00:00Z","outage":"o1","service":"api","customers":["acme"]})"),
            std::string::npos)
      << history.out;
  EXPECT_NE(history.out.find(R"("source":"wrong.ndjson","was":{"id":"og:1","type":"outage.started",)"
                             R"("at":"2026-10-14T10:00:00Z","outage":"o1","service":"api","customers":["globex"]})"),
            std::string::npos)
      << history.out;
}

// One file giving one id two contents contradicts itself: neither is taken.
TEST(Supersede, AnIdWithTwoContentsInOneFileIsRefused) {
  auto dir = wrong_outage_stored("supersede-self");
  std::string globex = kFixed;
  globex.replace(globex.find("[\"acme\"]"), 8, "[\"globex\"]");
  write(dir / "both.ndjson", kFixed + globex);
  auto r = run_vow(dir, "ingest --supersede both.ndjson");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("both.ndjson:3: conflict: event \"og:1\" appears twice in this input with different content"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(scalar(dir / "vow.db", "SELECT count(*) FROM revisions"), 0);
  // The same correction twice in one file is one correction.
  write(dir / "twice.ndjson", kFixed + kFixed);
  auto twice = run_vow(dir, "ingest --supersede twice.ndjson");
  EXPECT_NE(twice.out.find("twice.ndjson: 0 new, 3 duplicate, 1 superseded"), std::string::npos) << twice.out;
  // A new id given twice with two contents is the conflict it always was.
  write(dir / "new.ndjson",
        std::string(R"({"id":"n1","type":"outage.ended","at":"2026-10-15T11:30:00Z","outage":"a"})") + "\n" +
            R"({"id":"n1","type":"outage.ended","at":"2026-10-15T11:30:00Z","outage":"b"})" + "\n");
  EXPECT_EQ(run_vow(dir, "ingest --supersede new.ndjson").code, 65);
}

// The issue's connector, as a real plugin: Alertmanager configured with the
// wrong label for customers, then fixed and its payload imported again.
TEST(Supersede, AReImportThroughAPluginReplacesWhatItStored) {
  auto dir = project("supersede-import", kRules);
  // Alertmanager's own sample payload (realdata), resolved, in October 2026,
  // with the customer in a label.
  std::string payload = R"({"receiver":"sms","status":"resolved","alerts":[{"status":"resolved",
    "labels":{"alertname":"ProbeFailure","service":"api","tenant":"acme","severity":"critical"},
    "annotations":{"summary":"BlackBox Probe Failure: https://server.example.org"},
    "startsAt":"2026-10-14T10:00:00Z","endsAt":"2026-10-14T11:30:00Z","fingerprint":"1a30ba71cca2921f"}],
    "groupLabels":{"alertname":"ProbeFailure"},"commonLabels":{},"commonAnnotations":{},
    "externalURL":"http://prometheus.example.org:9093","version":"4","groupKey":"{}","truncatedAlerts":0})";
  write(dir / "payload.json", payload);
  auto config = [&](const std::string& label) {
    write(dir / "vow.toml",
          "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = \"alertmanager\"\n"
          "library = \"" PLUGIN_MONITORING_ALERTMANAGER "\"\n[plugins.config]\ncustomers_label = \"" +
              label + "\"\n");
  };
  config("customer");  // the payloads call it "tenant": every customer's outage
  auto first = run_vow(dir, "import alertmanager payload.json");
  ASSERT_EQ(first.code, 0) << first.out;
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 1250.00\n");
  config("tenant");
  auto refused = run_vow(dir, "import alertmanager payload.json");
  EXPECT_EQ(refused.code, 65) << refused.out;
  EXPECT_NE(refused.out.find("conflict"), std::string::npos) << refused.out;
  auto fixed = run_vow(dir, "import alertmanager payload.json --supersede");
  EXPECT_EQ(fixed.code, 0) << fixed.out;
  EXPECT_NE(fixed.out.find("plugin alertmanager: 0 new, 1 duplicate, 1 superseded"), std::string::npos) << fixed.out;
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 0.00\n");
}

TEST(Supersede, ALedgerOfSchema3IsMigratedWithItsEvents) {
  auto dir = wrong_outage_stored("supersede-v3");
  // The ledger as a vow before revisions left it.
  edit_ledger(dir / "vow.db",
              "DROP TABLE revisions; ALTER TABLE ingests DROP COLUMN superseded; PRAGMA user_version = 3;");
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 1250.00\n");  // read as it is
  EXPECT_EQ(scalar(dir / "vow.db", "PRAGMA user_version"), 3);
  auto fixed = run_vow(dir, "ingest --supersede fixed.ndjson");
  EXPECT_EQ(fixed.code, 0) << fixed.out;
  EXPECT_EQ(scalar(dir / "vow.db", "PRAGMA user_version"), 5);
  EXPECT_EQ(owed(dir), "acme 1250.00\nglobex 0.00\n");
  EXPECT_EQ(run_vow(dir, "check").code, 0);
}

TEST(Supersede, ADamagedRevisionIsFoundNotComputedOn) {
  auto dir = wrong_outage_stored("supersede-damaged");
  ASSERT_EQ(run_vow(dir, "ingest --supersede fixed.ndjson").code, 0);
  edit_ledger(dir / "vow.db",
              "DROP TRIGGER revisions_no_update; UPDATE revisions SET line = replace(line, 'acme', 'globex')");
  auto report = run_vow(dir, kCredits);
  EXPECT_EQ(report.code, 78) << report.out;
  EXPECT_NE(report.out.find("revision 1 of event \"og:1\" (#1) does not match its checksum"), std::string::npos)
      << report.out;
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 78);
  EXPECT_NE(check.out.find("revision 1 of event \"og:1\""), std::string::npos) << check.out;
}

namespace {

// Tickets and outages over months, for reads through a snapshot and in part.
vow::Query query(const std::string& period, const std::string& as_of) {
  vow::Query q;
  q.period = period;
  q.as_of = unix_ms(as_of);
  return q;
}

}  // namespace

// Through the snapshot (ADR 17), reading only the tickets a report needs
// (ADR 20), and following the ledger with refresh(): the figures are those of
// an engine given the corrected events.
TEST(Supersede, EveryReadPathTakesTheNewestContent) {
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
  auto dir = project("supersede-reads", kRules);
  std::string before = months_of_events(), after = corrected(before);
  ASSERT_NE(before, after);
  auto follower = project_workspace(dir);
  {
    auto ws = project_workspace(dir);
    ASSERT_TRUE(ws.ingest("events.ndjson", before, {}).stored);
    ws.load_events();  // writes the snapshot, which holds the rows as first stored
  }
  ASSERT_TRUE(fs::exists(dir / "vow.db.snapshot"));
  follower.load_events();
  {
    auto ws = project_workspace(dir);
    vow::IngestSettings s;
    s.supersede = true;
    auto r = ws.ingest("corrected.ndjson", after, s);
    ASSERT_TRUE(r.stored);
    EXPECT_GT(r.superseded, 100u);
    EXPECT_EQ(r.fresh, 0u);
  }
  vow::Engine oracle;
  oracle.add_contract_paths({dir / "rules"});
  ASSERT_TRUE(oracle.finish_contracts().empty());
  ASSERT_TRUE(oracle.add_events_ndjson(after, "corrected.ndjson").empty());
  vow::Engine old;
  old.add_contract_paths({dir / "rules"});
  ASSERT_TRUE(old.finish_contracts().empty());
  ASSERT_TRUE(old.add_events_ndjson(before, "events.ndjson").empty());
  follower.refresh();
  for (const char* period : {"2026-07", "2026-09", "2026-Q4", "2026-11"})
    for (const char* as_of : {"2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z"}) {
      vow::Query q = query(period, as_of);
      SCOPED_TRACE(std::string(period) + " as of " + as_of);
      std::string expected = vow::to_json(oracle.report(q));
      EXPECT_EQ(vow::to_json(project_workspace(dir).report(q)), expected);  // in part, through the snapshot
      EXPECT_EQ(vow::to_json(project_workspace(dir).credits(q)), vow::to_json(oracle.credits(q)));
      EXPECT_EQ(vow::to_json(follower.report(q)), expected);
    }
  vow::Query q = query("2026-Q3", "2027-01-01T00:00:00Z");
  EXPECT_NE(vow::to_json(old.report(q)), vow::to_json(oracle.report(q)));  // the corrections matter
  EXPECT_EQ(vow::to_json(project_workspace(dir).status(q)), vow::to_json(oracle.status(q)));
}
