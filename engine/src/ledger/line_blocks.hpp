// The lines as they were given (schema version 3), kept for audit and
// export: the lines of consecutive events joined by newlines and compressed
// together with zstd, one row of the table `lines` per block.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/sqlite.hpp"

namespace vow {

// For a writer inside its transaction: the lines of one ingest, in blocks.
class LineWriter {
 public:
  explicit LineWriter(sql::Db& db);
  ~LineWriter();
  LineWriter(const LineWriter&) = delete;
  LineWriter& operator=(const LineWriter&) = delete;

  // `seq` follows the previous one; `line` stays valid until flush().
  void add(std::int64_t seq, std::string_view line);
  // Stores what is pending as one block.
  void flush();
  // The line of event `seq` if it is still pending (an id given twice in
  // one file), else "" and false.
  bool pending(std::int64_t seq, std::string_view& line) const;

 private:
  sql::Stmt insert_;
  std::int64_t first_ = 0;
  std::vector<std::string_view> lines_;
  std::size_t bytes_ = 0;
  std::string text_, z_;
  void* cctx_;
};

// A block read back: its lines, after its checksum is verified.
struct LineBlock {
  std::int64_t first_seq = 0;
  std::string text;
  std::vector<std::string_view> lines;  // into `text`
};

// Reads blocks back; keeps the last one, since duplicates of a file come in
// the order they were stored.
class LineReader {
 public:
  explicit LineReader(sql::Db& db);
  // The stored line of event `seq`; a damaged block throws (exit 78).
  std::string_view line(std::int64_t seq);

 private:
  sql::Db& db_;
  sql::Stmt find_;
  LineBlock block_;
};

// The current row of "SELECT first_seq, count, z, crc FROM lines" into
// `out`; "" when sound, else what is wrong.
std::string read_block(const sql::Stmt& row, LineBlock& out);

// Every stored line from sequence number `since` on, in order; returns the
// sequence number after the last. A damaged block, or a gap between blocks,
// throws (exit 78).
std::int64_t for_each_stored_line(sql::Db& db, std::int64_t since,
                                  const std::function<void(std::string_view line, std::int64_t seq)>& fn);

}  // namespace vow
