// A packed copy of the ledger's events kept beside it (LEDGER.snapshot), so
// that a reading command loads a big ledger without SQLite stepping through
// every row. A cache (docs/adr/0017): written by readers when it lags behind
// the ledger, and ignored whenever it does not match the ledger or its own
// checksum. Names are not in it: they are read from the ledger each time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/ledger.hpp"

namespace vow {

// One event as readers pass it on: a ticket event, a line to decode (the
// types with_detail()), an event that carries only its subject (outage
// ends, maintenance cancellations; row.ticket is the subject), or a window
// (row.seq, row.at and row.id are its own).
struct PackedRecord {
  enum class Kind : std::uint8_t { Ticket, Detail, Subject, Window };
  Kind kind = Kind::Ticket;
  TicketRow row;
  std::string_view line;  // Detail
  WindowRow window;       // Window
};

// Reads the file where it is mapped: once to check the hash (in open(), in
// check(), or before the first for_each()), then once per for_each(). The pages read are
// let go as it goes, so a snapshot of a year is never held in memory whole.
class SnapshotReader {
 public:
  SnapshotReader() = default;
  ~SnapshotReader();
  SnapshotReader(const SnapshotReader&) = delete;
  SnapshotReader& operator=(const SnapshotReader&) = delete;
  // False when there is no snapshot, or it is torn or of another format.
  // With `check_now`, also when its hash does not match; without, the
  // first for_each() checks it before it passes on any record (a reader
  // that may not need the records at all skips the pass).
  bool open(const std::string& path, bool check_now = true);
  std::int64_t ledger_id() const { return ledger_id_; }
  std::int64_t last_seq() const { return last_seq_; }
  std::uint64_t last_crc() const { return last_crc_; }
  std::int64_t last_run() const { return last_run_; }
  std::uint64_t run_crc() const { return run_crc_; }
  // How many of its records are ticket events: none, and a reader that
  // picks tickets by their spans has nothing to pick from it.
  std::int64_t tickets() const { return tickets_; }
  // False when the records end early (never, for a file whose hash
  // matched), or, when open() left the check to it, when the hash does not
  // match: then `fn` is given nothing.
  bool for_each(const std::function<void(const PackedRecord&)>& fn);
  // Whether its hash matches, when open() left that to later.
  bool check();

 private:
  const char* map_ = nullptr;  // the whole file, read-only
  std::size_t size_ = 0;
  std::int64_t ledger_id_ = 0, last_seq_ = 0, last_run_ = 0, tickets_ = 0;
  std::uint64_t last_crc_ = 0, run_crc_ = 0;
  std::size_t records_end_ = 0;
  std::uint64_t hash_ = 0;
  std::string trailer_;  // what of the trailer the hash covers
  bool checked_ = false;
};

// Writes a new snapshot next to the old one and puts it in place at
// finish(). Best effort: a folder it cannot write leaves things as they were.
class SnapshotWriter {
 public:
  SnapshotWriter(const std::string& path, std::int64_t ledger_id);
  ~SnapshotWriter();
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;
  void add(const PackedRecord& r);
  // `last_seq` and its row's checksum, and the last ingest run and its
  // row's checksum, identify the ledger it was made from.
  void finish(std::int64_t last_seq, std::uint64_t last_crc, std::int64_t last_run, std::uint64_t run_crc);

 private:
  std::string path_, temp_;
  std::int64_t ledger_id_;
  std::int64_t tickets_ = 0;  // ticket records added
  std::FILE* out_ = nullptr;
  std::string buf_;
  void* xxh_ = nullptr;
  void flush();
};

}  // namespace vow
