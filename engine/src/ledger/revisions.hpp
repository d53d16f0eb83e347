// Corrected events (schema version 4, docs/adr/0027): `vow ingest
// --supersede` stores new content for an event already in the ledger as a
// revision of it. The event's own row is never changed or deleted; readers
// take the newest revision of each event in the event's place (its seq).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ledger/columns.hpp"
#include "ledger/sqlite.hpp"

namespace vow {

// The table, its index and its append-only triggers, and the count of
// revisions each ingest run made (schema version 4).
extern const char* const kRevisionTables;

// One row of `revisions`: the new content of event `seq` (the row it
// revises), brought by ingest run `run` (ingests: when, from which file).
struct Revision {
  std::int64_t rev = 0, seq = 0, run = 0;
  std::string id, line;
  EventType type = EventType::OutageStarted;
  std::int64_t at = 0, subject = 0, customer = 0, priority = 0, flags = 0;
  std::uint64_t line_crc = 0;
  // The event as readers take it: its seq, typed columns and (for the types
  // with_detail()) its line. Points into this Revision.
  EventRow row() const;
};

// The newest revision of each revised event, by the event's seq; every
// row checked against its checksum (a mismatch goes to `damaged`).
using Revisions = std::unordered_map<std::int64_t, Revision>;
Revisions newest_revisions(sql::Db& db, const std::function<void(const std::string& problem)>& damaged);

// The newest revision of event `seq`, checked; false when it has none.
class RevisionLookup {
 public:
  explicit RevisionLookup(sql::Db& db);
  bool newest(std::int64_t seq, Revision& out, std::string& problem);

 private:
  sql::Stmt q_;
};

// Every revision row, oldest first; `problem` is "" when it matches its
// checksum.
void for_each_revision(sql::Db& db, const std::function<void(const Revision& r, const std::string& problem)>& fn);

// Every revision row, checked (vow check): how many events have one.
std::int64_t check_revisions(sql::Db& db, const std::function<void(const std::string& problem)>& problem);

// The highest revision number (0: none), so that a reader that keeps events
// in memory knows when one was revised since it read them.
std::int64_t last_revision(sql::Db& db);

class RevisionWriter {
 public:
  explicit RevisionWriter(sql::Db& db);
  // `r` is the new content as EventWriter::row_for() makes it, with the
  // revised event's seq; `line` is the line as given.
  void add(const EventRow& r, std::string_view line, std::int64_t run);

 private:
  sql::Stmt insert_;
  std::int64_t next_rev_;
};

}  // namespace vow
