#include "ledger/revisions.hpp"

#include <xxhash.h>

namespace vow {

const char* const kRevisionTables = R"sql(
CREATE TABLE revisions (
  rev      INTEGER PRIMARY KEY,
  seq      INTEGER NOT NULL,
  run      INTEGER NOT NULL,
  id       TEXT NOT NULL,
  type     INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  subject  INTEGER NOT NULL,
  customer INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  flags    INTEGER NOT NULL,
  line     TEXT NOT NULL,
  line_crc INTEGER NOT NULL,
  crc      INTEGER NOT NULL
);
CREATE INDEX revisions_seq ON revisions (seq, rev);
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
ALTER TABLE ingests ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
)sql";

namespace {

constexpr const char* kRevisionRows =
    "SELECT rev, seq, run, id, type, at, subject, customer, priority, flags, line, line_crc, crc FROM revisions";

// The event's row checksum, bound to the revision's number and run: a row
// moved to another revision or run no longer matches.
std::uint64_t revision_checksum(const Revision& r) {
  std::int64_t head[3] = {r.rev, r.run, static_cast<std::int64_t>(row_checksum(r.row()))};
  // Fixed byte order, as every checksum of the ledger.
  char buf[sizeof head];
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < 8; ++i)
      buf[k * 8 + i] = static_cast<char>((static_cast<std::uint64_t>(head[k]) >> (8 * i)) & 0xff);
  return XXH3_64bits_withSeed(r.line.data(), r.line.size(), XXH3_64bits(buf, sizeof buf));
}

Revision revision_of(const sql::Stmt& s, std::string& problem) {
  Revision r;
  r.rev = s.int64(0);
  r.seq = s.int64(1);
  r.run = s.int64(2);
  r.id = s.text(3);
  r.type = static_cast<EventType>(s.int64(4));
  r.at = s.int64(5);
  r.subject = s.int64(6);
  r.customer = s.int64(7);
  r.priority = s.int64(8);
  r.flags = s.int64(9);
  r.line = s.text(10);
  r.line_crc = static_cast<std::uint64_t>(s.int64(11));
  bool sound = s.int64(4) >= 0 && s.int64(4) <= static_cast<std::int64_t>(kLastEventType) &&
               static_cast<std::uint64_t>(s.int64(12)) == revision_checksum(r) && line_checksum(r.line) == r.line_crc;
  problem = sound ? ""
                  : "revision " + std::to_string(r.rev) + " of event \"" + r.id + "\" (#" + std::to_string(r.seq) +
                        ") does not match its checksum";
  return r;
}

}  // namespace

EventRow Revision::row() const {
  EventRow r;
  r.seq = seq;
  r.id = id;
  r.type = type;
  r.at = at;
  r.subject = subject;
  r.customer = customer;
  r.priority = priority;
  r.flags = flags;
  r.detail = with_detail(type) ? std::string_view(line) : std::string_view();
  r.line_crc = line_crc;
  return r;
}

Revisions newest_revisions(sql::Db& db, const std::function<void(const std::string& problem)>& damaged) {
  Revisions out;
  sql::Stmt rows(db, (std::string(kRevisionRows) + " ORDER BY rev").c_str());
  std::string problem;
  while (rows.step()) {
    Revision r = revision_of(rows, problem);
    if (!problem.empty()) damaged(problem);
    std::int64_t seq = r.seq;
    out.insert_or_assign(seq, std::move(r));
  }
  return out;
}

RevisionLookup::RevisionLookup(sql::Db& db)
    : q_(db, (std::string(kRevisionRows) + " WHERE seq = ? ORDER BY rev DESC LIMIT 1").c_str()) {}

bool RevisionLookup::newest(std::int64_t seq, Revision& out, std::string& problem) {
  q_.bind(1, seq);
  bool found = q_.step();
  if (found) out = revision_of(q_, problem);
  q_.reset();
  return found;
}

void for_each_revision(sql::Db& db, const std::function<void(const Revision& r, const std::string& problem)>& fn) {
  sql::Stmt rows(db, (std::string(kRevisionRows) + " ORDER BY rev").c_str());
  std::string problem;
  while (rows.step()) {
    Revision r = revision_of(rows, problem);
    fn(r, problem);
  }
}

std::int64_t check_revisions(sql::Db& db, const std::function<void(const std::string& problem)>& problem) {
  sql::Stmt rows(db, (std::string(kRevisionRows) + " ORDER BY rev").c_str());
  sql::Stmt event(db, "SELECT id FROM events WHERE seq = ?");
  sql::Stmt run(db, "SELECT 1 FROM ingests WHERE run = ?");
  std::unordered_map<std::int64_t, bool> revised;
  std::string p;
  while (rows.step()) {
    Revision r = revision_of(rows, p);
    if (!p.empty()) problem(p);
    event.bind(1, r.seq);
    if (!event.step() || event.text(0) != r.id)
      problem("revision " + std::to_string(r.rev) + " of event \"" + r.id + "\" revises #" + std::to_string(r.seq) +
              ", which is not that event");
    event.reset();
    run.bind(1, r.run);
    if (!run.step())
      problem("revision " + std::to_string(r.rev) + " of event \"" + r.id + "\" names ingest run " +
              std::to_string(r.run) + ", which is missing");
    run.reset();
    revised[r.seq] = true;
  }
  return static_cast<std::int64_t>(revised.size());
}

std::int64_t last_revision(sql::Db& db) {
  sql::Stmt q(db, "SELECT coalesce(max(rev), 0) FROM revisions");
  q.step();
  return q.int64(0);
}

RevisionWriter::RevisionWriter(sql::Db& db)
    : insert_(db,
              "INSERT INTO revisions (rev, seq, run, id, type, at, subject, customer, priority, flags, line, line_crc, "
              "crc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      next_rev_(last_revision(db) + 1) {}

void RevisionWriter::add(const EventRow& e, std::string_view line, std::int64_t run) {
  Revision r;
  r.rev = next_rev_;
  r.seq = e.seq;
  r.run = run;
  r.id = e.id;
  r.type = e.type;
  r.at = e.at;
  r.subject = e.subject;
  r.customer = e.customer;
  r.priority = e.priority;
  r.flags = e.flags;
  r.line = line;
  r.line_crc = line_checksum(line);
  insert_.bind(1, r.rev).bind(2, r.seq).bind(3, r.run).bind(4, r.id).bind(5, static_cast<std::int64_t>(r.type));
  insert_.bind(6, r.at).bind(7, r.subject).bind(8, r.customer).bind(9, r.priority).bind(10, r.flags);
  insert_.bind(11, r.line).bind(12, static_cast<std::int64_t>(r.line_crc));
  insert_.bind(13, static_cast<std::int64_t>(revision_checksum(r)));
  insert_.step();
  insert_.reset();
  ++next_rev_;
}

}  // namespace vow
