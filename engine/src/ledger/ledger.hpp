// The ledger: an SQLite file (WAL) holding every event ever ingested,
// append-only, in ingest order, each with its checksum, and an audit trail
// of ingest runs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/sqlite.hpp"
#include "vow/diagnostic.hpp"
#include "vow/event.hpp"

namespace vow {

// A line of input that was refused, with why.
struct Rejection {
  std::string source;
  size_t line = 0;
  std::string reason;  // every problem's message, joined by "; "
  std::string text;
  std::vector<Diagnostic> problems;  // each problem, with its column and excerpt (file: the source)
  bool conflict = false;             // its id is stored with other content
};

struct IngestOptions {
  bool skip_invalid = false;
  // A line whose id is stored with other content becomes that event's
  // newest revision instead of a conflict (docs/adr/0027).
  bool supersede = false;
  // Unknown fields that look like known ones refuse the line instead of
  // warning about it (docs/adr/0026).
  bool strict = false;
  // Called every `progress_every` lines with the count so far (long files).
  std::function<void(size_t lines)> progress;
  size_t progress_every = 500'000;
  // Called with the rejections once every line is read, before the file is
  // committed; when it throws, nothing from the file is stored.
  std::function<void(const std::vector<Rejection>&)> before_commit;
  // Keep each new event as decoded, its sequence number set, in
  // IngestResult::fresh_events: a live server hands them to its engine
  // instead of reading back what it just wrote (docs/adr/0052).
  bool keep_fresh = false;
  // Inputs of this many bytes or more are decoded on a second thread while
  // this one stores them (docs/adr/0061); what is stored and said is the
  // same. Smaller ones are decoded in line: a thread would cost more than
  // it saves.
  std::size_t decode_ahead_bytes = std::size_t{8} << 20;
  // Whether the commit is moved into the main file before ingest() returns
  // (checkpoint()). A server that writes many small commits leaves it to
  // checkpoint() on a connection of its own, beside its writes (ADR 0062).
  bool checkpoint = true;
  // Whether the commit waits for the disk (synchronous=FULL). Off, it is
  // visible at once and survives a crash of the process but not of the
  // machine until WalSync::sync() returns: a server evaluates it while the
  // disk works, and answers after (docs/adr/0063).
  bool sync = true;
};

struct IngestResult {
  std::string source;
  size_t fresh = 0;
  std::map<std::string, size_t> fresh_by_type;  // the new events by type ("outage.started": 3)
  size_t duplicate = 0;
  size_t superseded = 0;             // stored events given new content (supersede)
  std::vector<Rejection> rejected;   // invalid lines and conflicts
  std::vector<Diagnostic> warnings;  // of lines stored (or duplicates), the first kMaxRejections
  size_t more_warnings = 0;          // past those
  bool stored = false;               // false: the file was refused whole
  std::vector<Event> fresh_events;   // with IngestOptions::keep_fresh, once committed: the new events in order
  // Lines not looked at once the file was bound to be refused: past
  // kMaxRejections without --skip-invalid, or kMaxSkipped with it.
  size_t unchecked = 0;
};

// A file with this many bad lines is refused whatever comes after them;
// keeping each in memory to say so would cost more than the file.
constexpr size_t kMaxRejections = 1000;
// With --skip-invalid, more bad lines than this mean the input is not
// NDJSON at all: it is refused whole rather than written out line by line.
constexpr size_t kMaxSkipped = 1'000'000;

// A ticket event as the ledger stores it: its names are indexes into the
// list for_each_packed() hands out first.
struct TicketRow {
  std::int64_t seq = 0;
  Instant at = 0;
  EventType type = EventType::TicketOpened;
  std::string_view id;
  std::int64_t ticket = 0, customer = 0, priority = 0;
  TicketStatus status = TicketStatus::Open;
  bool by_agent = false, is_public = true;
};

// An sli.counted event's fields (1.1) but its seq, at and id, as the
// snapshot keeps them: a month of one-minute windows is millions of lines,
// too many to decode at each load.
struct WindowRow {
  Instant start = 0, end = 0;
  std::int64_t good = 0, total = 0;
  std::string_view sli;
  bool scoped = false;  // it has `customers` (which may be empty)
  std::vector<std::string_view> customers;
};

// One ticket over the whole ledger, as a reader that needs only some
// tickets decides from (docs/adr/0020). Instants are kNever when unseen.
struct TicketSpan {
  Instant first_opening = kNever;  // its earliest ticket.opened
  Instant first_other = kNever;    // its earliest event that is not an opening
  Instant last_at = kNever;        // its last event, by (at, ingest order)
  std::int64_t customer = 0;       // of its earliest opening (a name id)
  std::uint32_t openings = 0;
  bool ends_stopped = false;  // its last event is a solved or closed status
};

// Given every name and every ticket's span (indexed by the ticket's name
// id), the tickets to read, by name id; empty: all of them.
using TicketFilter =
    std::function<std::vector<bool>(const std::vector<std::string>& names, const std::vector<TicketSpan>& spans)>;

// One correction of a stored event (docs/adr/0027): its content before and
// after, and the ingest run that made it. Views last for the call only.
struct Correction {
  std::string_view id;
  std::int64_t seq = 0, rev = 0;
  std::string_view at, source;  // of the ingest run (UTC, to the millisecond)
  std::string_view was, now;    // the lines
};

// What `vow check` found: one line per problem.
struct LedgerCheck {
  int version = 0;
  std::int64_t events = 0;
  std::int64_t superseded = 0;  // events with newer content (revisions)
  std::vector<std::string> problems;
};

class Ledger {
 public:
  using Access = sql::Access;
  // Write (ingest, import, pull): creates the ledger or brings its schema up
  // to date. Read: never writes; a missing ledger is exit 78 naming it.
  explicit Ledger(const std::string& path, Access access = Access::Write);
  const std::string& path() const { return db_.path(); }
  // Its -wal as SQLite names it (beside the file a link leads to).
  std::string wal_path() const;
  // Whether another process changed the ledger's schema since this one was
  // opened (a reader kept open reads by the schema it found).
  bool schema_changed();

  // Validates every line of `data` and stores the file in one transaction:
  // all of it, or (with rejections and no skip_invalid) none of it. A line
  // whose id is stored is a duplicate when its content is the event's
  // newest, else a conflict, or with `supersede` a revision of it.
  IngestResult ingest(const std::string& source, std::string_view data, const IngestOptions& opts);
  // Moves what is committed, by any connection, into the main file, where
  // every read checks it: a damaged frame left in the WAL would be taken
  // for a torn write, and SQLite would silently read the ledger as it was
  // before (ADR 0008). Readers may hold some frames back (passive): the
  // next call moves them. Not to be called inside a transaction. Gives
  // SQLite's answer: `frames` in the -wal, `moved` of them in the main file.
  struct Checkpoint {
    const char* problem = nullptr;  // why SQLite refused ("database table is locked": this connection still reads)
    int frames = 0, moved = 0;
  };
  Checkpoint checkpoint() noexcept;

  // Every event, in ingest order, each checked against its checksum, and
  // their number against the ledger's counter: a damaged ledger is exit 78,
  // never computed on. No Event is built for a ticket event: `names`
  // receives every name and the number of events first, then ticket events
  // go to `ticket` (names as indexes into them), windows the snapshot
  // keeps as fields to `window`, and the others to `whole` (windows read
  // from their lines too). With `keep`, when the ledger has a snapshot that
  // fits it, only the ticket events of the tickets `keep` chooses go to
  // `ticket` (every event is still read and checked); without a snapshot,
  // all of them.
  using WindowFn = std::function<void(std::int64_t seq, Instant at, std::string_view id, const WindowRow&)>;
  void for_each_packed(const std::function<void(const std::vector<std::string>& names, std::int64_t events)>& names,
                       const std::function<void(const TicketRow&)>& ticket, const std::function<void(Event&&)>& whole,
                       const WindowFn& window, const TicketFilter& keep = {});
  std::int64_t count();
  bool has(std::string_view id);
  // A number kept with the ledger and set once: the one stored under
  // `name`, or `value` after storing it when there is none.
  std::int64_t keep_first(std::string_view name, std::int64_t value);
  // A consistent copy of the whole ledger at `path` (which must not exist),
  // while others read and write it (`vow drill` plays on one).
  void copy_to(const std::string& path);
  // The highest revision number (0: none): changes whenever an event is
  // superseded, which a reader holding events in memory must read again.
  std::int64_t last_revision();

  // Every event's line as it was given, in ingest order, from sequence
  // number `since` on (1: all), each checked against its checksum; a
  // superseded event's newest line, in its place. `fn` receives
  // the line without its newline and its sequence number.
  void lines_since(std::int64_t since, const std::function<void(std::string_view line, std::int64_t seq)>& fn);

  // Every correction, oldest first, each checked (ledger/history.cpp).
  void history(const std::function<void(const Correction&)>& fn);

  // SQLite's integrity check, every checksum, the counter (ledger/verify.cpp).
  LedgerCheck verify();

 private:
  std::int64_t expected_count();
  void verify_v3(LedgerCheck& out);
  void for_each_v2(const std::function<void(Event&&)>& fn, std::int64_t& seen);
  [[noreturn]] void damaged(const std::string& what) const;
  // synchronous=FULL (as prepare_for_writing leaves it) or NORMAL, set only when it changes.
  void commits_wait_for_disk(bool wait);

  sql::Db db_;
  int version_ = 0;
  bool synced_ = true;  // the connection's synchronous is FULL
};

}  // namespace vow
