#include "ledger/ledger.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>

#include "events/decode.hpp"
#include "events/lines.hpp"
#include "events/names.hpp"
#include "ledger/checksum.hpp"
#include "ledger/columns.hpp"
#include "ledger/decode_ahead.hpp"
#include "ledger/event_writer.hpp"
#include "ledger/line_blocks.hpp"
#include "ledger/names.hpp"
#include "ledger/revisions.hpp"
#include "ledger/schema.hpp"
#include "ledger/snapshot.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

// A problem of an event line, at `line_no` of `source`. Under --strict a
// near-miss field is an error like any other.
Rejection rejection(const std::string& source, size_t line_no, std::string_view line,
                    const std::vector<LineProblem>& problems, bool strict) {
  Rejection r{source, line_no, {}, std::string(line.substr(0, 4096)), {}};
  for (const auto& p : problems) {
    r.problems.push_back(diagnostic(source, line_no, p, strict));
    if (!r.reason.empty()) r.reason += "; ";
    if (p.warning && !strict) r.reason += "warning: ";
    r.reason += said(p, strict);
  }
  return r;
}

// A reading command on a ledger that is not there is a mistyped store.path
// or a ledger not made yet, not an empty ledger.
bool exists_or_fail(const std::string& path, sql::Access access) {
  std::error_code ec;
  if (access == sql::Access::Read && !std::filesystem::exists(path, ec))
    throw Error(Exit::BadConfig, {path + ": no ledger here" + (ec ? " (" + ec.message() + ")" : std::string()) +
                                      "; check store.path in the config, or create the ledger with ",
                                  field("ingest_file", "Workspace::ingest()")});
  return true;
}

// Two stored lines are the same event when their JSON values are equal
// (key order and number spelling aside).
bool same_content(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto ja = nlohmann::json::parse(a, nullptr, false), jb = nlohmann::json::parse(b, nullptr, false);
  return !ja.is_discarded() && ja == jb;
}

}  // namespace

Ledger::Ledger(const std::string& path, Access access) : db_((exists_or_fail(path, access), path), access) {
  if (access == Access::Write) schema::prepare_for_writing(db_);
  // A checkpoint syncs the -wal before it moves frames, and the main file
  // before the -wal may be written again from its start: never skipped,
  // whatever SQLite was built to default to (ADR 0063).
  if (access == Access::Checkpoint) db_.exec("PRAGMA synchronous=FULL");
  version_ = schema::version(db_);
  if (version_ <= 0)
    throw Error(Exit::BadConfig,
                {path + ": not a vow ledger (it has no schema); check store.path in the config, or let ",
                 field("ingest", "Workspace::ingest()"), " create the ledger at a path where there is none"});
}

void Ledger::damaged(const std::string& what) const {
  throw Error(Exit::BadConfig, db_.path() + ": the ledger is damaged: " + what +
                                   "; restore it from a backup (vow check lists every problem)");
}

// Readers run on one snapshot (BEGIN): the rows and the counter agree even
// while a writer commits.
std::int64_t Ledger::expected_count() {
  sql::Stmt next(db_, "SELECT value FROM counters WHERE name = 'next_seq'");
  if (!next.step()) damaged("its counter next_seq is missing");
  return next.int64(0) - 1;
}

std::string Ledger::wal_path() const {
  const char* wal = sqlite3_filename_wal(sqlite3_db_filename(db_.raw(), "main"));
  return wal ? wal : path() + "-wal";
}

IngestResult Ledger::ingest(const std::string& source, std::string_view data, const IngestOptions& opts) {
  IngestResult res;
  res.source = source;
  commits_wait_for_disk(opts.sync);
  db_.exec("BEGIN IMMEDIATE");
  try {
    // Without its counter, events would be stored from #0 on.
    std::int64_t seq = expected_count() + 1;
    EventWriter writer(db_);
    // The stored row a duplicate or conflict is judged against is verified
    // first: a damaged row must not make a good line look like a conflict.
    sql::Stmt lookup(db_, (std::string(kEventRows) + " WHERE id = ?").c_str());
    // Revisions are looked for only in a ledger that has some.
    bool any_revisions = last_revision() > 0;
    RevisionLookup revised(db_);
    RevisionWriter revisions(db_);
    Revision newest;
    // This run's number, for its revisions: the audit row goes in last.
    sql::Stmt runs(db_, "SELECT coalesce(max(run), 0) + 1 FROM ingests");
    runs.step();
    const std::int64_t run = runs.int64(0), first_seq = seq;
    runs.reset();
    // Counted by the enum's value: a map lookup by name per line would cost more.
    std::vector<size_t> fresh_by_type(event_type_names().size(), 0);
    size_t limit = opts.skip_invalid ? kMaxSkipped : kMaxRejections;
    // Whether to look at the line at all: past the limit the file is refused.
    auto reached = [&](size_t line_no) {
      if (opts.progress && line_no % opts.progress_every == 0) opts.progress(line_no);
      if (res.rejected.size() < limit) return true;
      ++res.unchecked;
      return false;
    };
    // One decoded line, in input order.
    auto take = [&](size_t line_no, std::string_view line, bool valid, const Event& ev,
                    std::vector<LineProblem>& problems) {
      if (!valid || (opts.strict && !problems.empty())) {
        res.rejected.push_back(rejection(source, line_no, line, problems, opts.strict));
        return;
      }
      for (const auto& p : problems) {
        if (res.warnings.size() < kMaxRejections)
          res.warnings.push_back(diagnostic(source, line_no, p));
        else
          ++res.more_warnings;
      }
      if (writer.add(ev, line, seq)) {
        ++res.fresh;
        if (auto t = static_cast<size_t>(ev.type); t < fresh_by_type.size()) ++fresh_by_type[t];
        if (opts.keep_fresh) {
          res.fresh_events.push_back(ev);
          res.fresh_events.back().seq = seq;
        }
        ++seq;
        return;
      }
      lookup.bind(1, ev.id);
      if (!lookup.step())
        damaged("event #" + std::to_string(seq) + " is stored already, but not under its id \"" + ev.id + "\"");
      std::string problem;
      EventRow stored = row_of(lookup, problem);
      if (!problem.empty()) damaged(problem);
      std::int64_t stored_seq = stored.seq;
      // The event's content now: its newest revision, else its own line.
      bool has_revision = any_revisions && revised.newest(stored_seq, newest, problem);
      if (!problem.empty()) damaged(problem);
      bool same = same_content(
          has_revision ? std::string_view(newest.line) : writer.line_of(stored_seq, stored.line_crc), line);
      lookup.reset();
      if (same) {
        ++res.duplicate;
        return;
      }
      // Superseding applies to what earlier runs stored: a file that gives
      // one id two contents contradicts itself, and neither is taken.
      bool earlier = stored_seq < first_seq && !(has_revision && newest.run == run);
      if (opts.supersede && earlier) {
        revisions.add(writer.row_for(ev, line, stored_seq), line, run);
        any_revisions = true;
        ++res.superseded;
        return;
      }
      problems.assign(
          1, {opts.supersede ? "conflict: event \"" + ev.id + "\" appears twice in this input with different content"
                             : "conflict: event \"" + ev.id + "\" is already in the ledger with other content"});
      res.rejected.push_back(rejection(source, line_no, line, problems, false));
      res.rejected.back().conflict = true;
    };
    // A second thread for a big input (docs/adr/0061); one that cannot be
    // started (a thread limit) leaves the decoding to this one.
    std::optional<DecodeAhead> ahead;
    if (data.size() >= opts.decode_ahead_bytes) try {
        ahead.emplace(data);
      } catch (const std::system_error&) {
      }
    if (!ahead) {
      EventDecoder decoder;
      Event ev;
      std::vector<LineProblem> problems;
      for_each_line(data, [&](size_t line_no, std::string_view line) {
        if (!reached(line_no)) return;
        problems.clear();
        bool valid = decoder.decode(line, ev, problems);
        take(line_no, line, valid, ev, problems);
      });
    } else {
      bool stopped = false;
      for (auto* batch = &ahead->next(); !batch->empty(); batch = &ahead->next())
        for (DecodedLine& d : *batch) {
          if (reached(d.line_no)) {
            take(d.line_no, d.line, d.valid, d.ev, d.problems);
          } else if (!stopped) {
            ahead->stop_decoding();
            stopped = true;
          }
        }
    }
    if ((!res.rejected.empty() && !opts.skip_invalid) || res.unchecked > 0) {
      db_.exec("ROLLBACK");
      res.fresh = res.duplicate = res.superseded = 0;
      res.fresh_events.clear();
      return res;
    }
    writer.finish();
    for (size_t t = 0; t < fresh_by_type.size(); ++t)
      if (fresh_by_type[t] > 0) res.fresh_by_type[std::string(to_string(static_cast<EventType>(t)))] = fresh_by_type[t];
    if (opts.before_commit) opts.before_commit(res.rejected);
    sql::Stmt advance(db_, "UPDATE counters SET value = ? WHERE name = 'next_seq'");
    advance.bind(1, seq).step();
    sql::Stmt audit(
        db_, "INSERT INTO ingests (run, source, fresh, duplicate, rejected, superseded) VALUES (?, ?, ?, ?, ?, ?)");
    audit.bind(1, run)
        .bind(2, source)
        .bind(3, static_cast<std::int64_t>(res.fresh))
        .bind(4, static_cast<std::int64_t>(res.duplicate))
        .bind(5, static_cast<std::int64_t>(res.rejected.size()))
        .bind(6, static_cast<std::int64_t>(res.superseded));
    audit.step();
    db_.exec("COMMIT");
    res.stored = true;
  } catch (...) {
    sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  // Once the ingest's statements are reset: one left on a row holds a read
  // of this connection open, and SQLite then checkpoints nothing at all.
  if (opts.checkpoint) checkpoint();
  return res;
}

// Its failure is not the ingest's: what it would move is committed, and
// the next one moves it.
Ledger::Checkpoint Ledger::checkpoint() noexcept {
  Checkpoint c;
  int rc = sqlite3_wal_checkpoint_v2(db_.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &c.frames, &c.moved);
  // BUSY: another connection's checkpoint runs; what is left moves next time.
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) c.problem = sqlite3_errstr(rc);
  return c;
}

void Ledger::lines_since(std::int64_t since, const std::function<void(std::string_view line, std::int64_t seq)>& fn) {
  db_.exec("BEGIN");
  try {
    if (version_ >= 3) {
      // Each line is checked against its event's row as well, so that what
      // is exported is what the reports computed on.
      sql::Stmt rows(db_, (std::string(kEventRows) + " WHERE seq >= ? ORDER BY seq").c_str());
      rows.bind(1, since);
      std::string problem;
      Revisions revised;
      if (version_ >= 4) revised = newest_revisions(db_, [&](const std::string& p) { damaged(p); });
      std::int64_t end = for_each_stored_line(db_, since, [&](std::string_view line, std::int64_t seq) {
        if (!rows.step()) damaged("event #" + std::to_string(seq) + " has a line but no row");
        EventRow r = row_of(rows, problem);
        if (!problem.empty()) damaged(problem);
        if (r.seq != seq) damaged("event #" + std::to_string(seq) + " has a line but no row");
        if (line_checksum(line) != r.line_crc)
          damaged("the line of event \"" + std::string(r.id) + "\" (#" + std::to_string(seq) +
                  ") does not match its checksum");
        auto newer = revised.find(seq);
        fn(newer == revised.end() ? line : std::string_view(newer->second.line), seq);
      });
      std::int64_t expected = expected_count();
      if (end <= expected && since <= expected)
        damaged("the lines of events #" + std::to_string(std::max(end, since)) + " to #" + std::to_string(expected) +
                " are missing");
    } else {
      // Version 1 has no checksums yet (the next ingest adds them).
      std::string query =
          std::string(version_ >= 2 ? kVerifiedRows : "SELECT seq, body FROM events") + " WHERE seq >= ? ORDER BY seq";
      sql::Stmt rows(db_, query.c_str());
      rows.bind(1, since);
      while (rows.step()) {
        if (version_ >= 2)
          if (std::string problem = checksum_problem(rows); !problem.empty()) damaged(problem);
        fn(rows.text(1), rows.int64(0));
      }
    }
    db_.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

bool Ledger::has(std::string_view id) {
  sql::Stmt q(db_, "SELECT 1 FROM events WHERE id = ?");
  q.bind(1, id);
  return q.step();
}

void Ledger::commits_wait_for_disk(bool wait) {
  if (wait == synced_) return;
  db_.exec(wait ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  synced_ = wait;
}

std::int64_t Ledger::keep_first(std::string_view name, std::int64_t value) {
  commits_wait_for_disk(true);  // only an ingest leaves its sync to WalSync
  sql::Stmt put(db_, "INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)");
  put.bind(1, name);
  put.bind(2, value);
  put.step();
  sql::Stmt get(db_, "SELECT value FROM counters WHERE name = ?");
  get.bind(1, name);
  if (!get.step()) damaged(std::string("its counter ") + std::string(name) + " cannot be kept");
  return get.int64(0);
}

void Ledger::copy_to(const std::string& path) {
  sql::Stmt copy(db_, "VACUUM INTO ?");
  copy.bind(1, path);
  copy.step();
}

bool Ledger::schema_changed() {
  return schema::version(db_) != version_;
}

std::int64_t Ledger::last_revision() {
  return version_ >= 4 ? vow::last_revision(db_) : 0;
}

std::int64_t Ledger::count() {
  sql::Stmt n(db_, "SELECT count(*) FROM events");
  n.step();
  return n.int64(0);
}

}  // namespace vow
