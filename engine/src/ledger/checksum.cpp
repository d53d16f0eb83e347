#include "ledger/checksum.hpp"

#include <zlib.h>

#include <array>

namespace vow {
namespace {

std::uint32_t add(std::uint32_t crc, std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<z_size_t>(bytes.size())));
}

// Fixed width and byte order, so the checksum does not depend on the machine.
std::uint32_t add(std::uint32_t crc, std::int64_t v) {
  std::array<char, 8> le;
  for (size_t i = 0; i < le.size(); ++i) le[i] = static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
  return add(crc, std::string_view(le.data(), le.size()));
}

std::string_view text_of(sqlite3_value* v) {
  auto p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_value_bytes(v))) : std::string_view();
}

void vow_crc(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_result_int64(ctx, event_checksum(text_of(argv[0]), sqlite3_value_int64(argv[1]), text_of(argv[2]),
                                           sqlite3_value_int64(argv[3]), text_of(argv[4])));
}

}  // namespace

std::uint32_t event_checksum(std::string_view id, std::int64_t seq, std::string_view type, std::int64_t at,
                             std::string_view body) {
  // The separators keep ("ab", "c") and ("a", "bc") apart.
  std::uint32_t crc = add(static_cast<std::uint32_t>(crc32_z(0, nullptr, 0)), id);
  crc = add(crc, std::string_view("\0", 1));
  crc = add(crc, seq);
  crc = add(crc, type);
  crc = add(crc, std::string_view("\0", 1));
  crc = add(crc, at);
  return add(crc, body);
}

void register_checksum_function(sqlite3* db) {
  sqlite3_create_function(db, "vow_crc", 5, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, vow_crc, nullptr, nullptr);
}

std::string checksum_problem(const sql::Stmt& row) {
  std::int64_t seq = row.int64(0);
  if (!row.null(5) && static_cast<std::uint32_t>(row.int64(5)) ==
                          event_checksum(row.text(2), seq, row.text(3), row.int64(4), row.text(1)))
    return "";
  return "event \"" + std::string(row.text(2)) + "\" (#" + std::to_string(seq) + ") does not match its checksum";
}

}  // namespace vow
