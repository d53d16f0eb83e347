#include "ledger/ledger.hpp"

#include <nlohmann/json.hpp>

#include "events/decode.hpp"
#include "events/lines.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

constexpr const char* kSchema = R"sql(
-- One B-tree keyed by id (idempotence needs the id lookup anyway); `seq`
-- is the ingest order, which readers sort by.
CREATE TABLE IF NOT EXISTS events (
  id   TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL,
  type TEXT NOT NULL,
  at   INTEGER NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO counters (name, value) VALUES ('next_seq', 1);
CREATE TABLE IF NOT EXISTS ingests (
  run       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  source    TEXT NOT NULL,
  fresh     INTEGER NOT NULL,
  duplicate INTEGER NOT NULL,
  rejected  INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
PRAGMA user_version = 1;
)sql";

// Two stored lines are the same event when their JSON values are equal
// (key order and number spelling aside).
bool same_content(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto ja = nlohmann::json::parse(a, nullptr, false), jb = nlohmann::json::parse(b, nullptr, false);
  return !ja.is_discarded() && ja == jb;
}

}  // namespace

Ledger::Ledger(const std::string& path) : db_(path) {
  // A large page cache keeps the id index in memory while a big file goes in;
  // with the default 2 MB, pages spill to the WAL again and again.
  db_.exec(
      "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-1048576; PRAGMA "
      "temp_store=MEMORY;");
  sql::Stmt version(db_, "PRAGMA user_version");
  version.step();
  auto v = version.int64(0);
  if (v > 1)
    throw Error(Exit::BadConfig, path + ": the ledger has schema version " + std::to_string(v) +
                                     ", newer than this vow understands (1)");
  db_.exec(kSchema);
}

IngestResult Ledger::ingest(const std::string& source, std::string_view data, const IngestOptions& opts) {
  IngestResult res;
  res.source = source;
  EventDecoder decoder;
  Event ev;
  std::string reason;
  db_.exec("BEGIN IMMEDIATE");
  try {
    sql::Stmt next(db_, "SELECT value FROM counters WHERE name = 'next_seq'");
    next.step();
    std::int64_t seq = next.int64(0);
    sql::Stmt insert(db_, "INSERT OR IGNORE INTO events (id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)");
    sql::Stmt lookup(db_, "SELECT body FROM events WHERE id = ?");
    for_each_line(data, [&](size_t line_no, std::string_view line) {
      if (opts.progress && line_no % opts.progress_every == 0) opts.progress(line_no);
      if (!decoder.decode(line, ev, reason)) {
        res.rejected.push_back({source, line_no, reason, std::string(line.substr(0, 4096))});
        return;
      }
      insert.bind(1, ev.id).bind(2, seq).bind(3, to_string(ev.type)).bind(4, ev.at).bind(5, line);
      insert.step();
      insert.reset();
      if (sqlite3_changes(db_.raw()) == 1) {
        ++res.fresh;
        ++seq;
        return;
      }
      lookup.bind(1, ev.id);
      lookup.step();
      bool same = same_content(lookup.text(0), line);
      lookup.reset();
      if (same)
        ++res.duplicate;
      else
        res.rejected.push_back({source, line_no,
                                "conflict: event \"" + ev.id + "\" is already in the ledger with other content",
                                std::string(line.substr(0, 4096))});
    });
    if (!res.rejected.empty() && !opts.skip_invalid) {
      db_.exec("ROLLBACK");
      res.fresh = res.duplicate = 0;
      return res;
    }
    if (opts.before_commit) opts.before_commit(res.rejected);
    sql::Stmt advance(db_, "UPDATE counters SET value = ? WHERE name = 'next_seq'");
    advance.bind(1, seq).step();
    sql::Stmt audit(db_, "INSERT INTO ingests (source, fresh, duplicate, rejected) VALUES (?, ?, ?, ?)");
    audit.bind(1, source)
        .bind(2, static_cast<std::int64_t>(res.fresh))
        .bind(3, static_cast<std::int64_t>(res.duplicate))
        .bind(4, static_cast<std::int64_t>(res.rejected.size()));
    audit.step();
    db_.exec("COMMIT");
    res.stored = true;
  } catch (...) {
    sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return res;
}

void Ledger::for_each(const std::function<void(Event&&)>& fn) {
  sql::Stmt all(db_, "SELECT seq, body FROM events");
  EventDecoder decoder;
  Event ev;
  std::string reason;
  while (all.step()) {
    if (!decoder.decode(all.text(1), ev, reason))
      throw Error(Exit::Internal, "ledger event #" + std::to_string(all.int64(0)) + " no longer decodes: " + reason);
    ev.seq = all.int64(0);
    fn(std::move(ev));
  }
}

bool Ledger::has(std::string_view id) {
  sql::Stmt q(db_, "SELECT 1 FROM events WHERE id = ?");
  q.bind(1, id);
  return q.step();
}

std::int64_t Ledger::count() {
  sql::Stmt n(db_, "SELECT count(*) FROM events");
  n.step();
  return n.int64(0);
}

}  // namespace vow
