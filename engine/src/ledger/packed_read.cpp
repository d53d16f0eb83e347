// Reading every event for the engine (Ledger::for_each_packed): through the
// snapshot when it fits this ledger, then the rows after it, every one
// checked; ticket events as rows with name ids, windows as their counts
// (schema 5), the others decoded whole.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <unordered_map>

#include "events/decode.hpp"
#include "ledger/checksum.hpp"
#include "ledger/columns.hpp"
#include "ledger/ledger.hpp"
#include "ledger/names.hpp"
#include "ledger/revisions.hpp"
#include "ledger/snapshot.hpp"
#include "ledger/window_columns.hpp"

namespace vow {

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

std::int64_t ledger_id_of(sql::Db& db) {
  sql::Stmt id(db, "SELECT value FROM counters WHERE name = 'ledger_id'");
  return id.step() ? id.int64(0) : 0;
}

// The snapshot holds the events up to its last_seq as this ledger's rows
// were when it was made: its ledger_id, the checksum of the row at last_seq
// and that of the last ingest run then say it was made from this ledger, and
// that the ledger has not been restored from an older copy since.
bool fits(sql::Db& db, const SnapshotReader& snap, std::int64_t ledger_id, std::int64_t expected) {
  if (snap.ledger_id() != ledger_id || snap.last_seq() > expected) return false;
  sql::Stmt at(db, "SELECT crc FROM events WHERE seq = ?");
  at.bind(1, snap.last_seq());
  return at.step() && static_cast<std::uint64_t>(at.int64(0)) == snap.last_crc() &&
         run_checksum(db, snap.last_run()) == snap.run_crc();
}

// `problem` is "" unless a row holding counts does not read.
PackedRecord record_of(const EventRow& r, WindowColumns& windows, std::string& problem) {
  PackedRecord rec;
  rec.row.seq = r.seq;
  problem.clear();
  if (holds_counts(r)) {
    rec.kind = PackedRecord::Kind::Window;
    rec.row.at = r.at;
    rec.row.id = r.id;
    problem = windows.read(r, rec.window);
    return rec;
  }
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

// The snapshot's form of a decoded sli.counted event; its views point into `e`.
void window_record(const Event& e, PackedRecord& rec) {
  rec.row.seq = e.seq;
  rec.row.at = e.at;
  rec.row.id = e.id;
  WindowRow& w = rec.window;
  w.start = e.start;
  w.end = e.end;
  w.good = e.good;
  w.total = e.total;
  w.sli = e.ref;
  w.scoped = e.customers.has_value();
  w.customers.clear();
  if (e.customers)
    for (const std::string& c : *e.customers) w.customers.emplace_back(c);
}

}  // namespace

namespace {

// Records come in ingest order: of events at one instant, the later wins.
void note_ticket(std::vector<TicketSpan>& spans, std::vector<std::uint32_t>& counts, const TicketRow& r) {
  if (r.ticket <= 0 || static_cast<std::size_t>(r.ticket) >= spans.size()) return;
  auto i = static_cast<std::size_t>(r.ticket);
  TicketSpan& s = spans[i];
  if (r.type == EventType::TicketOpened) {
    if (r.at < s.first_opening) {
      s.first_opening = r.at;
      s.customer = r.customer;
    }
    ++s.openings;
  } else {
    s.first_other = std::min(s.first_other, r.at);
  }
  if (counts[i]++ == 0 || r.at >= s.last_at) {
    s.last_at = r.at;
    s.ends_stopped = r.type == EventType::TicketStatusChanged &&
                     (r.status == TicketStatus::Solved || r.status == TicketStatus::Closed);
  }
}

}  // namespace

void Ledger::for_each_packed(
    const std::function<void(const std::vector<std::string>& names, std::int64_t events)>& names_fn,
    const std::function<void(const TicketRow&)>& ticket, const std::function<void(Event&&)>& whole,
    const WindowFn& window, const TicketFilter& keep) {
  db_.exec("BEGIN");
  try {
    std::int64_t expected = expected_count(), seen = 0;
    std::vector<std::string> names;
    if (version_ < 3) {
      names_fn(names, expected);
      for_each_v2(whole, seen);
    } else {
      names = read_names(db_);
      std::string path = db_.path() + ".snapshot";
      SnapshotReader snap;
      std::int64_t ledger_id = ledger_id_of(db_);
      // A reader that reads only some tickets passes over the snapshot once
      // for the tickets' spans, and checks its hash on that pass.
      bool usable = ledger_id != 0 && snap.open(path, !keep) && fits(db_, snap, ledger_id, expected);
      // A superseded event is read as its newest revision, in its place;
      // the snapshot keeps the rows as stored, revisions or not.
      std::unordered_map<std::int64_t, PackedRecord> replaced;
      Revisions revised;
      if (version_ >= 4) revised = newest_revisions(db_, [&](const std::string& p) { damaged(p); });
      WindowColumns windows(names);
      std::string unread;
      // A revision keeps its line, whatever its type.
      for (const auto& [seq, r] : revised) {
        replaced.emplace(seq, record_of(r.row(), windows, unread));
        if (!unread.empty()) damaged(unread);
      }
      auto current = [&](const PackedRecord& rec) -> const PackedRecord& {
        if (replaced.empty()) return rec;
        auto it = replaced.find(rec.row.seq);
        return it == replaced.end() ? rec : it->second;
      };
      std::vector<TicketSpan> spans;
      std::vector<std::uint32_t> counts;
      std::int64_t others = 0;
      auto note = [&](const PackedRecord& stored) {
        const PackedRecord& rec = current(stored);
        if (rec.kind == PackedRecord::Kind::Ticket)
          note_ticket(spans, counts, rec.row);
        else
          ++others;
      };
      if (keep && usable) {
        spans.assign(names.size(), TicketSpan{});
        counts.assign(names.size(), 0);
        // Damaged or torn: read as if it were not there. A snapshot without
        // tickets (windows, outages) has no span to give: only its hash is
        // checked, and its records are passed over once, not twice.
        if (snap.tickets() == 0 && replaced.empty()) {
          usable = snap.check();
          others = snap.last_seq();  // a snapshot holds every seq from 1 to its last, one record each
        } else {
          usable = snap.for_each(note);
        }
      }
      std::unique_ptr<SnapshotWriter> writer;
      if (ledger_id != 0 && expected >= snapshot_min_events() && (!usable || snap.last_seq() < expected))
        writer = std::make_unique<SnapshotWriter>(path, ledger_id);
      std::int64_t from = usable ? snap.last_seq() + 1 : 1;
      // The rows the snapshot does not hold (all of them without one).
      auto rows_after = [&](const std::function<void(sql::Stmt&, const EventRow&, const std::string& problem)>& fn) {
        sql::Stmt rows(db_, (std::string(kEventRows) + " WHERE seq >= ? ORDER BY seq").c_str());
        rows.bind(1, from);
        std::string problem;
        while (rows.step()) {
          problem.clear();
          EventRow r = row_of(rows, problem);
          fn(rows, r, problem);
        }
      };
      // Which tickets to read: decided from every ticket's span, taken from
      // the snapshot (only a snapshot makes a first pass cheap) and the rows
      // after it, before any event is handed out.
      std::vector<bool> wanted;
      std::int64_t count = expected;
      if (keep && usable) {
        rows_after([&](sql::Stmt&, const EventRow& r, const std::string& problem) {
          if (problem.empty()) {
            PackedRecord rec = record_of(r, windows, unread);
            note(rec);
          }
        });
        wanted = keep(names, spans);
        count = others;
        for (std::size_t i = 0; i < counts.size(); ++i)
          if (wanted.empty() || wanted[i]) count += counts[i];
        std::vector<TicketSpan>().swap(spans);
        std::vector<std::uint32_t>().swap(counts);
      }
      names_fn(names, count);
      EventDecoder decoder(false);
      std::string reason;
      PackedRecord as_window;
      as_window.kind = PackedRecord::Kind::Window;
      // Each record, also to the snapshot being written (`writer`) as it is
      // stored, except that an sli.counted line goes there as its fields.
      auto deliver = [&](const PackedRecord& stored) {
        // Events come in seq order, every seq from 1 on: a row deleted by
        // hand, with the counter lowered to match, is still found.
        if (stored.row.seq != ++seen) damaged("event #" + std::to_string(seen) + " is missing");
        const PackedRecord& rec = current(stored);
        if (rec.kind == PackedRecord::Kind::Detail) {
          Event ev;
          if (!decoder.decode(rec.line, ev, reason))
            damaged("event #" + std::to_string(rec.row.seq) + " no longer decodes: " + reason);
          ev.seq = rec.row.seq;
          if (writer && &rec == &stored && ev.type == EventType::SliCounted) {
            window_record(ev, as_window);
            writer->add(as_window);
          } else if (writer) {
            writer->add(stored);
          }
          whole(std::move(ev));
          return;
        }
        if (writer) writer->add(stored);
        if (rec.kind == PackedRecord::Kind::Window) {
          window(rec.row.seq, rec.row.at, rec.row.id, rec.window);
          return;
        }
        // Only id 0 is "": a name row that is gone leaves its id empty.
        for (std::int64_t id : {rec.row.ticket, rec.row.customer, rec.row.priority})
          if (id < 0 || static_cast<std::size_t>(id) >= names.size() ||
              (id != 0 && names[static_cast<std::size_t>(id)].empty()))
            damaged("event \"" + std::string(rec.row.id) + "\" (#" + std::to_string(rec.row.seq) +
                    ") names a name that is missing");
        if (rec.kind == PackedRecord::Kind::Ticket) {
          if (wanted.empty() || wanted[static_cast<std::size_t>(rec.row.ticket)]) ticket(rec.row);
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
      std::uint64_t last_crc = 0;
      if (usable) {
        if (!snap.for_each(deliver)) damaged("its snapshot " + path + " ends early; delete it (it is only a cache)");
        last_crc = snap.last_crc();
      }
      rows_after([&](sql::Stmt& rows, const EventRow& r, const std::string& problem) {
        if (!problem.empty()) damaged(problem);
        PackedRecord rec = record_of(r, windows, unread);
        if (!unread.empty()) damaged(unread);
        deliver(rec);
        last_crc = static_cast<std::uint64_t>(rows.int64(10));
      });
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

}  // namespace vow
