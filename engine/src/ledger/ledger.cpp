#include "ledger/ledger.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "events/decode.hpp"
#include "events/lines.hpp"
#include "ledger/checksum.hpp"
#include "ledger/columns.hpp"
#include "ledger/event_writer.hpp"
#include "ledger/line_blocks.hpp"
#include "ledger/names.hpp"
#include "ledger/schema.hpp"
#include "ledger/snapshot.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

// A reading command on a ledger that is not there is a mistyped store.path
// or a ledger not made yet, not an empty ledger.
bool exists_or_fail(const std::string& path, sql::Access access) {
  std::error_code ec;
  if (access == sql::Access::Read && !std::filesystem::exists(path, ec))
    throw Error(Exit::BadConfig, path + ": no ledger here" + (ec ? " (" + ec.message() + ")" : std::string()) +
                                     "; check store.path in the config, or create the ledger with `vow ingest FILE`");
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
  version_ = schema::version(db_);
  if (version_ <= 0)
    throw Error(Exit::BadConfig, path +
                                     ": not a vow ledger (it has no schema); check store.path in the config, or "
                                     "let `vow ingest` create the ledger at a path where there is none");
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

IngestResult Ledger::ingest(const std::string& source, std::string_view data, const IngestOptions& opts) {
  IngestResult res;
  res.source = source;
  EventDecoder decoder;
  Event ev;
  std::string reason;
  db_.exec("BEGIN IMMEDIATE");
  try {
    // Without its counter, events would be stored from #0 on.
    std::int64_t seq = expected_count() + 1;
    EventWriter writer(db_);
    // The stored row a duplicate or conflict is judged against is verified
    // first: a damaged row must not make a good line look like a conflict.
    sql::Stmt lookup(db_, (std::string(kEventRows) + " WHERE id = ?").c_str());
    size_t limit = opts.skip_invalid ? kMaxSkipped : kMaxRejections;
    for_each_line(data, [&](size_t line_no, std::string_view line) {
      if (opts.progress && line_no % opts.progress_every == 0) opts.progress(line_no);
      if (res.rejected.size() >= limit) {
        ++res.unchecked;
        return;
      }
      if (!decoder.decode(line, ev, reason)) {
        res.rejected.push_back({source, line_no, reason, std::string(line.substr(0, 4096))});
        return;
      }
      if (writer.add(ev, line, seq)) {
        ++res.fresh;
        ++seq;
        return;
      }
      lookup.bind(1, ev.id);
      if (!lookup.step())
        damaged("event #" + std::to_string(seq) + " is stored already, but not under its id \"" + ev.id + "\"");
      std::string problem;
      EventRow stored = row_of(lookup, problem);
      if (!problem.empty()) damaged(problem);
      bool same = same_content(writer.line_of(stored.seq, stored.line_crc), line);
      lookup.reset();
      if (same)
        ++res.duplicate;
      else
        res.rejected.push_back({source, line_no,
                                "conflict: event \"" + ev.id + "\" is already in the ledger with other content",
                                std::string(line.substr(0, 4096))});
    });
    if ((!res.rejected.empty() && !opts.skip_invalid) || res.unchecked > 0) {
      db_.exec("ROLLBACK");
      res.fresh = res.duplicate = 0;
      return res;
    }
    writer.finish();
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
    // Move what was committed into the main file, where every read checks
    // it: a damaged frame left in the WAL would be taken for a torn write,
    // and SQLite would silently read the ledger as it was before.
    sqlite3_exec(db_.raw(), "PRAGMA wal_checkpoint(PASSIVE)", nullptr, nullptr, nullptr);
  } catch (...) {
    sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return res;
}

// Versions 1 and 2 (before a writer migrates them) keep only the lines.
void Ledger::for_each_v2(const std::function<void(Event&&)>& fn, std::int64_t& seen) {
  sql::Stmt all(db_, version_ >= 2 ? kVerifiedRows : "SELECT seq, body FROM events");
  EventDecoder decoder(false);
  Event ev;
  std::string reason;
  while (all.step()) {
    ++seen;
    std::int64_t seq = all.int64(0);
    std::string_view body = all.text(1);
    if (version_ >= 2)
      if (std::string problem = checksum_problem(all); !problem.empty()) damaged(problem);
    if (!decoder.decode(body, ev, reason)) damaged("event #" + std::to_string(seq) + " no longer decodes: " + reason);
    ev.seq = seq;
    fn(std::move(ev));
  }
}

void Ledger::for_each(const std::function<void(Event&&)>& fn) {
  const std::vector<std::string>* names = nullptr;
  Event ev;
  for_each_packed([&](const std::vector<std::string>& all) { names = &all; },
                  [&](const TicketRow& r) {
                    ev.id = r.id;
                    ev.type = r.type;
                    ev.at = r.at;
                    ev.seq = r.seq;
                    ev.ref = (*names)[static_cast<std::size_t>(r.ticket)];
                    ev.customer = (*names)[static_cast<std::size_t>(r.customer)];
                    ev.priority = (*names)[static_cast<std::size_t>(r.priority)];
                    ev.status = r.status;
                    ev.by_agent = r.by_agent;
                    ev.is_public = r.is_public;
                    fn(Event(ev));
                  },
                  fn);
}

namespace {

// A snapshot pays off once reading the rows takes a noticeable time; small
// ledgers (tests, examples) never get one. VOW_SNAPSHOT_MIN_EVENTS is for
// tests only, not a documented setting.
std::int64_t snapshot_min_events() {
  const char* v = std::getenv("VOW_SNAPSHOT_MIN_EVENTS");
  return v && *v ? std::atoll(v) : 100'000;
}

// An ingest run's row in the audit trail, as a checksum (0: no such run).
// Each run has the time it ran, to the millisecond: a ledger restored from
// an older copy and ingested into again may have the same event at a seq
// as before, but not the same runs.
std::uint64_t run_checksum(sql::Db& db, std::int64_t run) {
  sql::Stmt q(db, "SELECT at, source, fresh, duplicate, rejected FROM ingests WHERE run = ?");
  q.bind(1, run);
  if (!q.step()) return 0;
  std::string text = std::to_string(run) + '\n' + std::string(q.text(0)) + '\n' + std::string(q.text(1));
  for (int col = 2; col < 5; ++col) text += '\n' + std::to_string(q.int64(col));
  return line_checksum(text);
}

std::int64_t last_run(sql::Db& db) {
  sql::Stmt q(db, "SELECT coalesce(max(run), 0) FROM ingests");
  q.step();
  return q.int64(0);
}

PackedRecord record_of(const EventRow& r) {
  PackedRecord rec;
  rec.row.seq = r.seq;
  if (!r.detail.empty()) {
    rec.kind = PackedRecord::Kind::Detail;
    rec.line = r.detail;
    return rec;
  }
  rec.kind = is_ticket_event(r.type) ? PackedRecord::Kind::Ticket : PackedRecord::Kind::Subject;
  rec.row.at = r.at;
  rec.row.type = r.type;
  rec.row.id = r.id;
  rec.row.ticket = r.subject;
  rec.row.customer = r.customer;
  rec.row.priority = r.priority;
  Event flags;
  unpack_flags(r.flags, flags);
  rec.row.status = flags.status;
  rec.row.by_agent = flags.by_agent;
  rec.row.is_public = flags.is_public;
  return rec;
}

}  // namespace

void Ledger::for_each_packed(const std::function<void(const std::vector<std::string>& names)>& names_fn,
                             const std::function<void(const TicketRow&)>& ticket,
                             const std::function<void(Event&&)>& whole) {
  db_.exec("BEGIN");
  try {
    std::int64_t expected = expected_count(), seen = 0;
    std::vector<std::string> names;
    if (version_ < 3) {
      names_fn(names);
      for_each_v2(whole, seen);
    } else {
      names = read_names(db_);
      names_fn(names);
      EventDecoder decoder(false);
      std::string reason;
      auto deliver = [&](const PackedRecord& rec) {
        // Events come in seq order, every seq from 1 on: a row deleted by
        // hand, with the counter lowered to match, is still found.
        if (rec.row.seq != ++seen) damaged("event #" + std::to_string(seen) + " is missing");
        if (rec.kind == PackedRecord::Kind::Detail) {
          Event ev;
          if (!decoder.decode(rec.line, ev, reason))
            damaged("event #" + std::to_string(rec.row.seq) + " no longer decodes: " + reason);
          ev.seq = rec.row.seq;
          whole(std::move(ev));
          return;
        }
        // Only id 0 is "": a name row that is gone leaves its id empty.
        for (std::int64_t id : {rec.row.ticket, rec.row.customer, rec.row.priority})
          if (id < 0 || static_cast<std::size_t>(id) >= names.size() ||
              (id != 0 && names[static_cast<std::size_t>(id)].empty()))
            damaged("event \"" + std::string(rec.row.id) + "\" (#" + std::to_string(rec.row.seq) +
                    ") names a name that is missing");
        if (rec.kind == PackedRecord::Kind::Ticket) {
          ticket(rec.row);
          return;
        }
        Event ev;
        ev.id = rec.row.id;
        ev.type = rec.row.type;
        ev.at = rec.row.at;
        ev.seq = rec.row.seq;
        ev.ref = names[static_cast<std::size_t>(rec.row.ticket)];
        whole(std::move(ev));
      };
      // The snapshot holds the events up to its last_seq, as this ledger's
      // rows were when it was made: its ledger_id, the checksum of the row
      // at last_seq and that of the last ingest run then say it was made
      // from this ledger, and the ledger has not been restored from an
      // older copy since.
      std::string path = db_.path() + ".snapshot";
      SnapshotReader snap;
      std::int64_t ledger_id = 0;
      {
        sql::Stmt id(db_, "SELECT value FROM counters WHERE name = 'ledger_id'");
        if (id.step()) ledger_id = id.int64(0);
      }
      bool usable = ledger_id != 0 && snap.open(path) && snap.ledger_id() == ledger_id && snap.last_seq() <= expected;
      std::uint64_t last_crc = 0;
      if (usable) {
        sql::Stmt at(db_, "SELECT crc FROM events WHERE seq = ?");
        at.bind(1, snap.last_seq());
        usable = at.step() && static_cast<std::uint64_t>(at.int64(0)) == snap.last_crc() &&
                 run_checksum(db_, snap.last_run()) == snap.run_crc();
      }
      std::unique_ptr<SnapshotWriter> writer;
      if (ledger_id != 0 && expected >= snapshot_min_events() && (!usable || snap.last_seq() < expected))
        writer = std::make_unique<SnapshotWriter>(path, ledger_id);
      std::int64_t from = 1;
      if (usable) {
        if (!snap.for_each([&](const PackedRecord& rec) {
              deliver(rec);
              if (writer) writer->add(rec);
            }))
          damaged("its snapshot " + path + " ends early; delete it (it is only a cache)");
        from = snap.last_seq() + 1;
        last_crc = snap.last_crc();
      }
      sql::Stmt rows(db_, (std::string(kEventRows) + " WHERE seq >= ? ORDER BY seq").c_str());
      rows.bind(1, from);
      std::string problem;
      while (rows.step()) {
        EventRow r = row_of(rows, problem);
        if (!problem.empty()) damaged(problem);
        PackedRecord rec = record_of(r);
        deliver(rec);
        if (writer) writer->add(rec);
        last_crc = static_cast<std::uint64_t>(rows.int64(10));
      }
      if (writer && seen == expected) {
        std::int64_t run = last_run(db_);
        writer->finish(expected, last_crc, run, run_checksum(db_, run));
      }
    }
    if (seen != expected)
      damaged("it holds " + std::to_string(seen) + " events where its counter says " + std::to_string(expected));
    db_.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
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
      std::int64_t end = for_each_stored_line(db_, since, [&](std::string_view line, std::int64_t seq) {
        if (!rows.step()) damaged("event #" + std::to_string(seq) + " has a line but no row");
        EventRow r = row_of(rows, problem);
        if (!problem.empty()) damaged(problem);
        if (r.seq != seq) damaged("event #" + std::to_string(seq) + " has a line but no row");
        if (line_checksum(line) != r.line_crc)
          damaged("the line of event \"" + std::string(r.id) + "\" (#" + std::to_string(seq) +
                  ") does not match its checksum");
        fn(line, seq);
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

std::int64_t Ledger::count() {
  sql::Stmt n(db_, "SELECT count(*) FROM events");
  n.step();
  return n.int64(0);
}

}  // namespace vow
