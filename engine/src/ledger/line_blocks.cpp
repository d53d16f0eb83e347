#include "ledger/line_blocks.hpp"

#include <zstd.h>

#include "ledger/columns.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

// Large enough for zstd to find the repetition between events (a ratio of
// about 8 on ticket events), small enough that reading back one line for a
// duplicate check costs a fraction of a millisecond.
constexpr std::size_t kBlockBytes = 256u << 10;
constexpr std::size_t kBlockLines = 4096;
constexpr int kLevel = 1;

[[noreturn]] void damaged(sql::Db& db, const std::string& what) {
  throw Error(Exit::BadConfig, db.path() + ": the ledger is damaged: " + what +
                                   "; restore it from a backup (vow check lists every problem)");
}

}  // namespace

LineWriter::LineWriter(sql::Db& db)
    : insert_(db, "INSERT INTO lines (first_seq, count, z, crc) VALUES (?, ?, ?, ?)"), cctx_(ZSTD_createCCtx()) {
  if (!cctx_) throw std::bad_alloc();
}

LineWriter::~LineWriter() {
  ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_));
}

void LineWriter::add(std::int64_t seq, std::string_view line) {
  if (lines_.empty()) first_ = seq;
  lines_.push_back(line);
  bytes_ += line.size() + 1;
  if (bytes_ >= kBlockBytes || lines_.size() >= kBlockLines) flush();
}

bool LineWriter::pending(std::int64_t seq, std::string_view& line) const {
  if (lines_.empty() || seq < first_ || seq >= first_ + static_cast<std::int64_t>(lines_.size())) return false;
  line = lines_[static_cast<std::size_t>(seq - first_)];
  return true;
}

void LineWriter::flush() {
  if (lines_.empty()) return;
  text_.clear();
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (i) text_ += '\n';
    text_ += lines_[i];
  }
  z_.resize(ZSTD_compressBound(text_.size()));
  std::size_t n =
      ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(cctx_), z_.data(), z_.size(), text_.data(), text_.size(), kLevel);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  auto count = static_cast<std::int64_t>(lines_.size());
  insert_.bind(1, first_).bind(2, count).bind_blob(3, std::string_view(z_.data(), n));
  insert_.bind(4, static_cast<std::int64_t>(block_checksum(first_, count, std::string_view(z_.data(), n))));
  insert_.step();
  insert_.reset();
  lines_.clear();
  bytes_ = 0;
}

std::string read_block(const sql::Stmt& row, LineBlock& out) {
  out.first_seq = row.int64(0);
  std::int64_t count = row.int64(1);
  std::string_view z = row.blob(2);
  std::string where =
      "the lines of events #" + std::to_string(out.first_seq) + " to #" + std::to_string(out.first_seq + count - 1);
  out.lines.clear();
  // The checksum covers the compressed bytes: checked before zstd reads them.
  if (row.null(3) || static_cast<std::uint64_t>(row.int64(3)) != block_checksum(out.first_seq, count, z))
    return where + " do not match their checksum";
  unsigned long long size = ZSTD_getFrameContentSize(z.data(), z.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 31))
    return where + " do not decompress";
  out.text.resize(size);
  std::size_t n = ZSTD_decompress(out.text.data(), out.text.size(), z.data(), z.size());
  if (ZSTD_isError(n) || n != size) return where + " do not decompress";
  std::string_view text = out.text;
  for (std::size_t pos = 0;;) {
    std::size_t nl = text.find('\n', pos);
    out.lines.push_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (static_cast<std::int64_t>(out.lines.size()) != count) return where + " hold another number of lines";
  return "";
}

LineReader::LineReader(sql::Db& db)
    : db_(db),
      find_(db, "SELECT first_seq, count, z, crc FROM lines WHERE first_seq <= ? ORDER BY first_seq DESC LIMIT 1") {}

std::string_view LineReader::line(std::int64_t seq) {
  auto held = [&] {
    return !block_.lines.empty() && seq >= block_.first_seq &&
           seq < block_.first_seq + static_cast<std::int64_t>(block_.lines.size());
  };
  if (!held()) {
    find_.bind(1, seq);
    if (!find_.step()) damaged(db_, "the line of event #" + std::to_string(seq) + " is missing");
    std::string problem = read_block(find_, block_);
    find_.reset();
    if (!problem.empty()) {
      block_.lines.clear();
      damaged(db_, problem);
    }
    if (!held()) damaged(db_, "the line of event #" + std::to_string(seq) + " is missing");
  }
  return block_.lines[static_cast<std::size_t>(seq - block_.first_seq)];
}

std::int64_t for_each_stored_line(sql::Db& db, std::int64_t since,
                                  const std::function<void(std::string_view line, std::int64_t seq)>& fn) {
  // The block holding `since`, and every one after it.
  sql::Stmt blocks(db, "SELECT first_seq, count, z, crc FROM lines WHERE first_seq + count > ? ORDER BY first_seq");
  blocks.bind(1, since);
  LineBlock block;
  std::int64_t next = -1;
  while (blocks.step()) {
    if (std::string problem = read_block(blocks, block); !problem.empty()) damaged(db, problem);
    if (next == -1 && block.first_seq > since) next = since;
    if (next != -1 && block.first_seq != next)
      damaged(db, "the lines of events #" + std::to_string(next) + " to #" + std::to_string(block.first_seq - 1) +
                      " are missing");
    for (std::size_t i = 0; i < block.lines.size(); ++i) {
      std::int64_t seq = block.first_seq + static_cast<std::int64_t>(i);
      if (seq >= since) fn(block.lines[i], seq);
    }
    next = block.first_seq + static_cast<std::int64_t>(block.lines.size());
  }
  return next == -1 ? since : next;
}

}  // namespace vow
