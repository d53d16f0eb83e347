// Stores events in the schema-3 tables (events, names, lines): used by
// ingest and by the migration of older ledgers, inside their transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/columns.hpp"
#include "ledger/line_blocks.hpp"
#include "ledger/names.hpp"
#include "ledger/sqlite.hpp"
#include "vow/event.hpp"

namespace vow {

class EventWriter {
 public:
  explicit EventWriter(sql::Db& db);
  // Stores `ev` (decoded from `line`) as event `seq`; false, storing
  // nothing, when an event with its id is already stored. `line` must stay
  // valid until finish().
  bool add(const Event& ev, std::string_view line, std::int64_t seq);
  // The row a revision of `ev` is stored as, its names stored now when new
  // (a revision of event `seq` is kept under the revised event's seq). A
  // revision keeps every type's line, windows' too.
  EventRow row_for(const Event& ev, std::string_view line, std::int64_t seq);
  // Writes the lines still pending; call before COMMIT.
  void finish() { lines_.flush(); }
  // The line of a stored event, this file's included; a damaged block or
  // line throws (exit 78).
  std::string_view line_of(std::int64_t seq, std::uint64_t line_crc);

 private:
  // An sli.counted row as its counts (ledger/window_columns.hpp).
  void as_counts(const Event& ev, EventRow& r);

  sql::Db& db_;
  sql::Stmt insert_;
  NameWriter names_;
  LineWriter lines_;
  LineReader stored_;
  std::string counts_;              // the detail of the row being added
  std::vector<std::string> scope_;  // the last window's customers
  std::string scope_name_;          // scope_name(scope_); "" before the first
};

}  // namespace vow
