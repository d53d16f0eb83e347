// `vow check` on the ledger: every problem found, not only the first.
#include "ledger/checksum.hpp"
#include "ledger/ledger.hpp"
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
  part([&] {
    std::int64_t expected = expected_count();
    if (out.events != expected)
      out.problems.push_back(db_.path() + ": the ledger holds " + std::to_string(out.events) +
                             " events where its counter next_seq says " + std::to_string(expected));
  });
  sqlite3_exec(db_.raw(), "COMMIT", nullptr, nullptr, nullptr);
  return out;
}

}  // namespace vow
