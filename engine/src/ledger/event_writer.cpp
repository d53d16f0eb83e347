#include "ledger/event_writer.hpp"

#include "ledger/columns.hpp"
#include "ledger/window_columns.hpp"
#include "vow/error.hpp"

namespace vow {

EventWriter::EventWriter(sql::Db& db)
    : db_(db),
      insert_(db,
              "INSERT OR IGNORE INTO events (seq, id, type, at, subject, customer, priority, flags, detail, line_crc, "
              "crc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      names_(db),
      lines_(db),
      stored_(db) {}

EventRow EventWriter::row_for(const Event& ev, std::string_view line, std::int64_t seq) {
  EventRow r;
  r.seq = seq;
  r.id = ev.id;
  r.type = ev.type;
  r.at = ev.at;
  r.flags = pack_flags(ev);
  r.detail = with_detail(ev.type) ? line : std::string_view();
  r.line_crc = line_checksum(line);
  // A conflicting line may leave a name no event refers to: harmless, and
  // cheaper than looking the id up before every insert.
  r.subject = names_.id_of(ev.ref);
  r.customer = names_.id_of(ev.customer, 1);
  r.priority = names_.id_of(ev.priority, 2);
  return r;
}

void EventWriter::as_counts(const Event& ev, EventRow& r) {
  write_counts(ev, counts_);
  r.detail = counts_;
  r.flags |= kCountsFlag;
  r.customer = 0;
  if (ev.customers) {
    // The windows of one scope mostly come together.
    if (scope_name_.empty() || *ev.customers != scope_) {
      scope_ = *ev.customers;
      scope_name_ = scope_name(scope_);
    }
    r.customer = names_.id_of(scope_name_, 1);
  }
}

bool EventWriter::add(const Event& ev, std::string_view line, std::int64_t seq) {
  EventRow r = row_for(ev, line, seq);
  if (ev.type == EventType::SliCounted) as_counts(ev, r);
  insert_.bind(1, seq).bind(2, r.id).bind(3, static_cast<std::int64_t>(r.type)).bind(4, r.at);
  if (r.detail.empty()) {
    insert_.bind_null(9);
  } else {
    insert_.bind(9, r.detail);
  }
  insert_.bind(10, static_cast<std::int64_t>(r.line_crc));
  insert_.bind(5, r.subject).bind(6, r.customer).bind(7, r.priority).bind(8, r.flags);
  insert_.bind(11, static_cast<std::int64_t>(row_checksum(r)));
  insert_.step();
  insert_.reset();
  if (sqlite3_changes(db_.raw()) != 1) return false;
  lines_.add(seq, line);
  return true;
}

std::string_view EventWriter::line_of(std::int64_t seq, std::uint64_t line_crc) {
  std::string_view line;
  if (!lines_.pending(seq, line)) line = stored_.line(seq);
  if (line_checksum(line) != line_crc)
    throw Error(Exit::BadConfig, db_.path() + ": the ledger is damaged: the line of event #" + std::to_string(seq) +
                                     " does not match its checksum; restore it from a backup (vow check lists "
                                     "every problem)");
  return line;
}

}  // namespace vow
