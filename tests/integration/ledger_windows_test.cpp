// sli.counted rows in the ledger's schema 5 (docs/adr/0060): stored as their
// counts, not their line; ledgers of schema 4, whose windows keep their
// line, read the same; counts that do not read are damage, found and named.
#include <sqlite3.h>

#include "helpers.hpp"
#include "ledger/columns.hpp"
#include "ledger/window_columns.hpp"

using namespace vowtest;

namespace {

const char* kRules =
    "contract \"acme\" { timezone = \"UTC\", uptime = { target = 99, sli = \"api\", method = \"ratio\" } }\n"
    "contract \"globex, inc\" { timezone = \"UTC\", uptime = { target = 99, sli = \"api\", method = \"ratio\" } }\n";
const char* kReport = "report --period 2026-11 --as-of 2026-12-01T00:00:00Z";

std::string window(const std::string& id, int day, int good, int total, const std::string& customers = "") {
  char buf[400];
  std::snprintf(buf, sizeof buf,
                R"({"id":"%s","type":"sli.counted","at":"2026-11-%02dT00:00:00Z","sli":"api",)"
                R"("start":"2026-11-%02dT00:00:00Z","end":"2026-11-%02dT00:00:00Z","good":%d,"total":%d%s})",
                id.c_str(), day + 1, day, day + 1, good, total, customers.c_str());
  return buf;
}

// Everyone's, two customers' (one named with a comma, one with a quote),
// nobody's: acme 990 of 1000, globex 1000 of 2000.
const std::string kWindows[] = {
    window("w1", 2, 990, 1000),
    window("w2", 3, 10, 1000, R"(,"customers":["globex, inc","x\"y"])"),
    window("w3", 4, 0, 10, R"(,"customers":[])"),
};

std::string lines_of(std::initializer_list<std::string> lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// Rewrites event `id`'s row with this detail, flags and customer, its
// checksum made again: as a vow of another schema would have written it.
void rewrite_row(const fs::path& db, const std::string& id, const std::string& detail, std::int64_t flags,
                 std::int64_t customer) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.string().c_str(), &h), SQLITE_OK);
  sqlite3_exec(h, "DROP TRIGGER IF EXISTS events_no_update", nullptr, nullptr, nullptr);
  sqlite3_stmt* get = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h, "SELECT seq, type, at, subject, priority, line_crc FROM events WHERE id = ?", -1,
                               &get, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(get, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(get), SQLITE_ROW) << id;
  vow::EventRow r;
  r.seq = sqlite3_column_int64(get, 0);
  r.id = id;
  r.type = static_cast<vow::EventType>(sqlite3_column_int64(get, 1));
  r.at = sqlite3_column_int64(get, 2);
  r.subject = sqlite3_column_int64(get, 3);
  r.priority = sqlite3_column_int64(get, 4);
  r.line_crc = static_cast<std::uint64_t>(sqlite3_column_int64(get, 5));
  sqlite3_finalize(get);
  r.detail = detail;
  r.flags = flags;
  r.customer = customer;
  sqlite3_stmt* put = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h, "UPDATE events SET detail = ?, flags = ?, customer = ?, crc = ? WHERE seq = ?", -1,
                               &put, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(put, 1, detail.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(put, 2, flags);
  sqlite3_bind_int64(put, 3, customer);
  sqlite3_bind_int64(put, 4, static_cast<std::int64_t>(vow::row_checksum(r)));
  sqlite3_bind_int64(put, 5, r.seq);
  ASSERT_EQ(sqlite3_step(put), SQLITE_DONE) << sqlite3_errmsg(h);
  sqlite3_finalize(put);
  sqlite3_close(h);
}

fs::path ingested(const std::string& name) {
  auto dir = project(name, kRules);
  write(dir / "windows.ndjson", lines_of({kWindows[0], kWindows[1], kWindows[2]}));
  auto in = run_vow(dir, "ingest windows.ndjson");
  EXPECT_EQ(in.code, 0) << in.out;
  return dir;
}

void expect_figures(const Run& report) {
  EXPECT_EQ(report.code, 0) << report.out;
  EXPECT_NE(report.out.find("\"percent\": 99.0"), std::string::npos) << report.out;  // acme
  EXPECT_NE(report.out.find("\"percent\": 50.0"), std::string::npos) << report.out;  // globex, inc
}

}  // namespace

TEST(LedgerWindows, AreStoredAsTheirCountsAndExportedAsGiven) {
  auto dir = ingested("windows-columns");
  fs::path db = dir / "vow.db";
  // From a day before `at` (2026-11-03T00:00:00Z) to `at`, in milliseconds, then good and total.
  EXPECT_EQ(ledger_text(db, "SELECT detail FROM events WHERE id = 'w1'"), "-86400000 0 990 1000");
  EXPECT_EQ(ledger_text(db, "SELECT flags FROM events WHERE id = 'w1'"), "32");
  EXPECT_EQ(ledger_text(db, "SELECT customer FROM events WHERE id = 'w1'"), "0");  // everyone's
  EXPECT_EQ(ledger_text(db, "SELECT n.name FROM events e JOIN names n ON n.id = e.subject WHERE e.id = 'w2'"), "api");
  EXPECT_EQ(ledger_text(db, "SELECT n.name FROM events e JOIN names n ON n.id = e.customer WHERE e.id = 'w2'"),
            R"(["globex, inc","x\"y"])");
  EXPECT_EQ(ledger_text(db, "SELECT n.name FROM events e JOIN names n ON n.id = e.customer WHERE e.id = 'w3'"), "[]");
  EXPECT_EQ(ledger_text(db, "PRAGMA user_version"), "5");
  expect_figures(run_vow(dir, kReport));
  ASSERT_EQ(run_vow(dir, "export --output all.ndjson").code, 0);
  EXPECT_EQ(slurp(dir / "all.ndjson"), lines_of({kWindows[0], kWindows[1], kWindows[2]}));
  auto check = run_vow(dir, "check");
  EXPECT_EQ(check.code, 0) << check.out;
  // Each window is known by its id and content: ingested again, all duplicates.
  auto again = run_vow(dir, "ingest windows.ndjson");
  EXPECT_NE(again.out.find("0 new, 3 duplicate"), std::string::npos) << again.out;
  // Corrected, it counts as its revision (kept as its line) says.
  write(dir / "fix.ndjson", window("w1", 2, 980, 1000) + "\n");
  ASSERT_EQ(run_vow(dir, "ingest --supersede fix.ndjson").code, 0);
  auto fixed = run_vow(dir, kReport);
  EXPECT_NE(fixed.out.find("\"percent\": 98.0"), std::string::npos) << fixed.out;
  EXPECT_EQ(run_vow(dir, "check").code, 0);
}

TEST(LedgerWindows, ALedgerOfSchema4ReadsItsWindowsFromTheirLines) {
  auto dir = ingested("windows-schema4");
  fs::path db = dir / "vow.db";
  auto current = run_vow(dir, kReport);
  expect_figures(current);
  // The rows as schema 4 wrote them: the whole line as detail, no flag, no customer.
  for (const auto& line : kWindows) {
    std::string id = line.substr(7, 2);
    rewrite_row(db, id, line, 0, 0);
  }
  edit_ledger(db, "PRAGMA user_version = 4");
  EXPECT_EQ(ledger_text(db, "SELECT detail FROM events WHERE id = 'w2'"), kWindows[1]);
  EXPECT_EQ(run_vow(dir, kReport).out, current.out);
  EXPECT_EQ(run_vow(dir, "check").code, 0);
  EXPECT_EQ(ledger_text(db, "PRAGMA user_version"), "4");  // readers never migrate
  // The next ingest makes it schema 5; the windows stored before keep their
  // line, the new one is stored as its counts, and all of them count.
  std::string more = window("w4", 5, 0, 1000);  // everyone's: acme 990 of 2000, globex 1000 of 3000
  write(dir / "more.ndjson", more + "\n");
  ASSERT_EQ(run_vow(dir, "ingest more.ndjson").code, 0);
  EXPECT_EQ(ledger_text(db, "PRAGMA user_version"), "5");
  EXPECT_EQ(ledger_text(db, "SELECT detail FROM events WHERE id = 'w2'"), kWindows[1]);
  EXPECT_EQ(ledger_text(db, "SELECT detail FROM events WHERE id = 'w4'"), "-86400000 0 0 1000");
  auto both = run_vow(dir, kReport);
  EXPECT_EQ(both.code, 0) << both.out;
  EXPECT_NE(both.out.find("\"percent\": 49.5"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("\"percent\": 33.333333"), std::string::npos) << both.out;
  EXPECT_EQ(run_vow(dir, "check").code, 0);
  ASSERT_EQ(run_vow(dir, "export --output all.ndjson").code, 0);
  EXPECT_EQ(slurp(dir / "all.ndjson"), lines_of({kWindows[0], kWindows[1], kWindows[2], more}));
  // Through a snapshot, which keeps both kinds of row as the same records.
  ScopedEnv snapshots("VOW_SNAPSHOT_MIN_EVENTS", "1");
  EXPECT_EQ(run_vow(dir, kReport).out, both.out);  // writes it
  ASSERT_TRUE(fs::exists(dir / "vow.db.snapshot"));
  auto written = fs::last_write_time(dir / "vow.db.snapshot");
  EXPECT_EQ(run_vow(dir, kReport).out, both.out);  // reads it
  EXPECT_EQ(fs::last_write_time(dir / "vow.db.snapshot"), written);
}

TEST(LedgerWindows, CountsThatDoNotReadAreDamageFoundAndNamed) {
  {
    // Changed behind the checksum's back.
    auto dir = ingested("windows-damaged");
    edit_ledger(dir / "vow.db",
                "DROP TRIGGER events_no_update; UPDATE events SET detail = replace(detail, ' 990 ', ' 999 ') "
                "WHERE id = 'w1'");
    auto report = run_vow(dir, kReport);
    EXPECT_EQ(report.code, 78) << report.out;
    EXPECT_NE(report.out.find("event \"w1\" (#1) does not match its checksum"), std::string::npos) << report.out;
  }
  {
    // Checksummed, but not counts: good above total.
    auto dir = ingested("windows-unreadable");
    rewrite_row(dir / "vow.db", "w1", "-86400000 0 1001 1000", vow::kCountsFlag, 0);
    auto report = run_vow(dir, kReport);
    EXPECT_EQ(report.code, 78) << report.out;
    EXPECT_NE(report.out.find("event \"w1\" (#1) has counts that do not read as a window's"), std::string::npos)
        << report.out;
    auto check = run_vow(dir, "check");
    EXPECT_EQ(check.code, 78) << check.out;
    EXPECT_NE(check.out.find("event \"w1\" (#1) has counts that do not read"), std::string::npos) << check.out;
    // A space after the last number.
    rewrite_row(dir / "vow.db", "w1", "-86400000 0 990 1000 ", vow::kCountsFlag, 0);
    EXPECT_NE(run_vow(dir, kReport).out.find("has counts that do not read"), std::string::npos);
    // A start past what an instant can hold.
    rewrite_row(dir / "vow.db", "w1", "9223372036854775807 0 1 1", vow::kCountsFlag, 0);
    report = run_vow(dir, kReport);
    EXPECT_EQ(report.code, 78) << report.out;
    EXPECT_NE(report.out.find("event \"w1\" (#1) has counts that do not read as a window's"), std::string::npos)
        << report.out;
  }
  {
    // Its customers a name that is not a list.
    auto dir = ingested("windows-scope");
    auto api = std::stoll(ledger_text(dir / "vow.db", "SELECT subject FROM events WHERE id = 'w2'"));
    rewrite_row(dir / "vow.db", "w2", "-86400000 0 10 1000", vow::kCountsFlag, api);
    auto report = run_vow(dir, kReport);
    EXPECT_EQ(report.code, 78) << report.out;
    EXPECT_NE(report.out.find("event \"w2\" (#2) names a name that is missing or is not a list of customers"),
              std::string::npos)
        << report.out;
    auto check = run_vow(dir, "check");
    EXPECT_EQ(check.code, 78) << check.out;
    EXPECT_NE(check.out.find("is not a list of customers"), std::string::npos) << check.out;
  }
}
