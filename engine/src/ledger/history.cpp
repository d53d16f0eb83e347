// The corrections of stored events, oldest first (vow export --superseded):
// what each event said before and after, when, and from which file.
#include <unordered_map>

#include "ledger/ledger.hpp"
#include "ledger/line_blocks.hpp"
#include "ledger/revisions.hpp"

namespace vow {

void Ledger::history(const std::function<void(const Correction&)>& fn) {
  if (version_ < 4) return;
  db_.exec("BEGIN");
  try {
    sql::Stmt run(db_, "SELECT at, source FROM ingests WHERE run = ?");
    sql::Stmt own(db_, "SELECT line_crc FROM events WHERE seq = ?");
    LineReader lines(db_);
    // Each event's content before the correction being read: its own line,
    // then each revision's in turn.
    std::unordered_map<std::int64_t, std::string> before;
    for_each_revision(db_, [&](const Revision& r, const std::string& problem) {
      if (!problem.empty()) damaged(problem);
      auto it = before.find(r.seq);
      if (it == before.end()) {
        own.bind(1, r.seq);
        if (!own.step())
          damaged("revision " + std::to_string(r.rev) + " revises #" + std::to_string(r.seq) + ", which is missing");
        std::string_view line = lines.line(r.seq);
        if (line_checksum(line) != static_cast<std::uint64_t>(own.int64(0)))
          damaged("the line of event #" + std::to_string(r.seq) + " does not match its checksum");
        own.reset();
        it = before.emplace(r.seq, std::string(line)).first;
      }
      Correction c;
      c.id = r.id;
      c.seq = r.seq;
      c.rev = r.rev;
      run.bind(1, r.run);
      if (run.step()) {
        c.at = run.text(0);
        c.source = run.text(1);
      }
      c.was = it->second;
      c.now = r.line;
      fn(c);
      run.reset();
      it->second = r.line;
    });
    db_.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace vow
