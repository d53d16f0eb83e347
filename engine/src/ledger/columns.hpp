// What the ledger keeps of each event beside its line (schema version 3):
// the fields the arithmetic reads, as typed columns, so that loading the
// ledger parses no JSON for the events most ledgers are made of (tickets).
#pragma once

#include <cstdint>
#include <string_view>

#include "ledger/sqlite.hpp"
#include "vow/event.hpp"

namespace vow {

// One row of the table `events`; the names are ids in the table `names`
// (0: none).
struct EventRow {
  std::int64_t seq = 0;
  std::string_view id;
  EventType type = EventType::OutageStarted;
  std::int64_t at = 0;
  std::int64_t subject = 0;   // the ticket, outage, maintenance, invoice, credit or indicator
  std::int64_t customer = 0;  // for a window (schema 5): its customers list as a name
  std::int64_t priority = 0;
  std::int64_t flags = 0;  // pack_flags(), and kCountsFlag (ledger/window_columns.hpp)
  // The whole line, for the types with_detail(); a window's counts when it
  // holds_counts(); else empty.
  std::string_view detail;
  std::uint64_t line_crc = 0;  // line_checksum() of its line
};

// Outages started, maintenance, notices, invoices and credits carry fields
// beyond the columns (services, windows, amounts...); they are few, and are
// read back from their line.
bool with_detail(EventType t);

std::int64_t pack_flags(const Event& e);
void unpack_flags(std::int64_t flags, Event& e);

// XXH3 (64 bits): every byte of a big ingest is hashed, and CRC-32 took a
// tenth of its time. Fixed byte order, so a ledger moves between machines.
std::uint64_t row_checksum(const EventRow& r);

// Every read of events selects these columns in this order, so that one
// function reads and checks a row wherever it is read.
constexpr const char* kEventRows =
    "SELECT seq, id, type, at, subject, customer, priority, flags, detail, line_crc, crc FROM events";
// The current row of a kEventRows statement; `problem` is "" when it
// matches its checksum, else what is wrong, naming the event.
EventRow row_of(const sql::Stmt& row, std::string& problem);
std::uint64_t name_checksum(std::int64_t id, std::string_view name);
std::uint64_t line_checksum(std::string_view line);
std::uint64_t block_checksum(std::int64_t first_seq, std::int64_t count, std::string_view compressed);

}  // namespace vow
