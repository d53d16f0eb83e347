#include "ledger/migrate.hpp"

#include <deque>

#include "events/decode.hpp"
#include "ledger/checksum.hpp"
#include "ledger/event_writer.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

[[noreturn]] void damaged(sql::Db& db, const std::string& what) {
  throw Error(Exit::BadConfig, db.path() + ": the ledger is damaged: " + what +
                                   "; restore it from a backup (vow check lists every problem)");
}

}  // namespace

void copy_events_from_v2(sql::Db& db, int version) {
  sql::Stmt rows(db, version >= 2 ? "SELECT seq, body, id, type, at, crc FROM events_v2 ORDER BY seq"
                                  : "SELECT seq, body FROM events_v2 ORDER BY seq");
  EventWriter writer(db);
  EventDecoder decoder(false);
  Event ev;
  std::string reason;
  // The lines stay in SQLite's pages only until the next step: keep the
  // ones a pending block still refers to.
  std::deque<std::string> held;
  // Lines are kept by their place in a block: a seq left out would give
  // every later event the line of the one after it.
  std::int64_t next = 1;
  while (rows.step()) {
    std::int64_t seq = rows.int64(0);
    if (version >= 2)
      if (std::string problem = checksum_problem(rows); !problem.empty()) damaged(db, problem);
    if (seq != next)
      damaged(db, seq > next ? "events #" + std::to_string(next) + " to #" + std::to_string(seq - 1) + " are missing"
                             : "event #" + std::to_string(seq) + " is stored twice");
    ++next;
    held.emplace_back(rows.text(1));
    if (!decoder.decode(held.back(), ev, reason))
      damaged(db, "event #" + std::to_string(seq) + " no longer decodes: " + reason);
    if (!writer.add(ev, held.back(), seq)) damaged(db, "event \"" + ev.id + "\" is stored twice");
    if (held.size() >= 4096) {
      writer.finish();
      held.clear();
    }
  }
  writer.finish();
}

}  // namespace vow
