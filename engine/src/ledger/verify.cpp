// `vow check` on the ledger: every problem found, not only the first.
#include "ledger/checksum.hpp"
#include "ledger/columns.hpp"
#include "ledger/ledger.hpp"
#include "ledger/line_blocks.hpp"
#include "ledger/names.hpp"
#include "ledger/revisions.hpp"
#include "ledger/window_columns.hpp"
#include "vow/error.hpp"

namespace vow {

LedgerCheck Ledger::verify() {
  LedgerCheck out;
  out.version = version_;
  // Each part on its own: damage that stops one (an unreadable page) must
  // not hide what the others find.
  auto part = [&](const std::function<void()>& run) {
    try {
      run();
    } catch (const Error& e) {
      out.problems.push_back(e.what());
    }
  };
  db_.exec("BEGIN");
  part([&] {
    sql::Stmt check(db_, "PRAGMA integrity_check");
    while (check.step())
      if (check.text(0) != "ok")
        out.problems.push_back(db_.path() + ": SQLite integrity check: " + std::string(check.text(0)));
  });
  if (version_ >= 3) {
    part([&] { verify_v3(out); });
    if (version_ >= 4)
      part([&] {
        out.superseded =
            check_revisions(db_, [&](const std::string& p) { out.problems.push_back(db_.path() + ": " + p); });
      });
  } else {
    part([&] {
      if (version_ < 2) {
        sql::Stmt n(db_, "SELECT count(*) FROM events");
        n.step();
        out.events = n.int64(0);
        return;
      }
      sql::Stmt all(db_, kVerifiedRows);
      while (all.step()) {
        ++out.events;
        if (std::string problem = checksum_problem(all); !problem.empty())
          out.problems.push_back(db_.path() + ": " + problem);
      }
    });
  }
  part([&] {
    std::int64_t expected = expected_count();
    if (out.events != expected)
      out.problems.push_back(db_.path() + ": the ledger holds " + std::to_string(out.events) +
                             " events where its counter next_seq says " + std::to_string(expected));
  });
  sqlite3_exec(db_.raw(), "COMMIT", nullptr, nullptr, nullptr);
  return out;
}

// Every name, every event row, every block of lines, and each event's line
// against the checksum its row keeps.
void Ledger::verify_v3(LedgerCheck& out) {
  auto problem = [&](const std::string& what) { out.problems.push_back(db_.path() + ": " + what); };
  // A row's checksum covers its names' ids, not that their rows are still
  // there: the ids that are, bounded as readers bound them (read_names).
  std::vector<bool> present(1, true);  // 0: no name
  std::vector<std::string> texts(1);   // for the windows' names
  sql::Stmt names(db_, "SELECT id, name, crc FROM names ORDER BY id");
  while (names.step()) {
    if (std::string p = name_problem(names); !p.empty()) problem(p);
    auto id = static_cast<std::size_t>(names.int64(0));
    if (id == 0 || id > present.size() + (1u << 20)) continue;
    if (id >= present.size()) {
      present.resize(id + 1);
      texts.resize(id + 1);
    }
    present[id] = true;
    texts[id] = names.text(1);
  }
  WindowColumns windows(texts);
  WindowRow window;
  std::vector<std::pair<std::int64_t, std::uint64_t>> line_crcs;
  sql::Stmt rows(db_, kEventRows);
  std::string p;
  while (rows.step()) {
    ++out.events;
    EventRow r = row_of(rows, p);
    if (!p.empty()) problem(p);
    bool named = true;
    for (std::int64_t id : {r.subject, r.customer, r.priority})
      if (id < 0 || static_cast<std::size_t>(id) >= present.size() || !present[static_cast<std::size_t>(id)]) {
        problem("event \"" + std::string(r.id) + "\" (#" + std::to_string(r.seq) + ") names a name that is missing");
        named = false;
        break;
      }
    if (named && p.empty() && holds_counts(r))
      if (std::string unread = windows.read(r, window); !unread.empty()) problem(unread);
    line_crcs.emplace_back(r.seq, r.line_crc);
  }
  sql::Stmt blocks(db_, "SELECT first_seq, count, z, crc FROM lines ORDER BY first_seq");
  LineBlock block;
  std::int64_t next = 1;
  std::size_t row = 0;
  while (blocks.step()) {
    std::int64_t first = blocks.int64(0), count = blocks.int64(1);
    if (first != next)
      problem("the lines of events #" + std::to_string(next) + " to #" + std::to_string(first - 1) + " are missing");
    next = first + count;
    if (p = read_block(blocks, block); !p.empty()) {
      problem(p);
      continue;
    }
    for (std::size_t i = 0; i < block.lines.size(); ++i) {
      std::int64_t seq = first + static_cast<std::int64_t>(i);
      while (row < line_crcs.size() && line_crcs[row].first < seq) ++row;
      if (row == line_crcs.size() || line_crcs[row].first != seq)
        problem("event #" + std::to_string(seq) + " has a line but no row");
      else if (line_crcs[row].second != line_checksum(block.lines[i]))
        problem("the line of event #" + std::to_string(seq) + " does not match its checksum");
    }
  }
  if (next != expected_count() + 1)
    problem("the lines of events #" + std::to_string(next) + " to #" + std::to_string(expected_count()) +
            " are missing");
}

}  // namespace vow
