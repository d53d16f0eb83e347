#include "ledger/columns.hpp"

#include <xxhash.h>

#include <array>

namespace vow {
namespace {

constexpr std::int64_t kStatusMask = 0x7, kByAgent = 0x8, kPrivate = 0x10;

std::uint64_t hash(std::string_view bytes, std::uint64_t seed = 0) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

void put(std::array<char, 8 * 9>& buf, std::size_t& n, std::int64_t v) {
  // Fixed width and byte order, so the checksum does not depend on the machine.
  for (int i = 0; i < 8; ++i) buf[n++] = static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
}

}  // namespace

bool with_detail(EventType t) {
  switch (t) {
    case EventType::OutageStarted:
    case EventType::MaintenanceScheduled:
    case EventType::IncidentNotified:
    case EventType::InvoiceIssued:
    case EventType::CreditIssued:
    case EventType::AlertDelivered:
    case EventType::ExceptionGranted:
    case EventType::TicketRated:
    case EventType::SliCounted:
    case EventType::JobCompleted:
      return true;
    default:
      return false;
  }
}

std::int64_t pack_flags(const Event& e) {
  return static_cast<std::int64_t>(e.status) | (e.by_agent ? kByAgent : 0) | (e.is_public ? 0 : kPrivate);
}

void unpack_flags(std::int64_t flags, Event& e) {
  e.status = static_cast<TicketStatus>(flags & kStatusMask);
  e.by_agent = (flags & kByAgent) != 0;
  e.is_public = (flags & kPrivate) == 0;
}

std::uint64_t row_checksum(const EventRow& r) {
  std::array<char, 8 * 9> buf;
  std::size_t n = 0;
  for (std::int64_t v : {r.seq, static_cast<std::int64_t>(r.type), r.at, r.subject, r.customer, r.priority, r.flags,
                         static_cast<std::int64_t>(r.line_crc), static_cast<std::int64_t>(r.id.size())})
    put(buf, n, v);
  // The id's length above keeps its end from running into the detail.
  return hash(r.detail, hash(r.id, hash(std::string_view(buf.data(), n))));
}

EventRow row_of(const sql::Stmt& row, std::string& problem) {
  EventRow r;
  r.seq = row.int64(0);
  r.id = row.text(1);
  r.type = static_cast<EventType>(row.int64(2));
  r.at = row.int64(3);
  r.subject = row.int64(4);
  r.customer = row.int64(5);
  r.priority = row.int64(6);
  r.flags = row.int64(7);
  r.detail = row.text(8);
  r.line_crc = static_cast<std::uint64_t>(row.int64(9));
  bool sound = !row.null(10) && static_cast<std::uint64_t>(row.int64(10)) == row_checksum(r) && row.int64(2) >= 0 &&
               row.int64(2) <= static_cast<std::int64_t>(kLastEventType);
  problem =
      sound ? "" : "event \"" + std::string(r.id) + "\" (#" + std::to_string(r.seq) + ") does not match its checksum";
  return r;
}

std::uint64_t name_checksum(std::int64_t id, std::string_view name) {
  std::array<char, 8 * 9> buf;
  std::size_t n = 0;
  put(buf, n, id);
  return hash(name, hash(std::string_view(buf.data(), n)));
}

std::uint64_t line_checksum(std::string_view line) {
  return hash(line);
}

std::uint64_t block_checksum(std::int64_t first_seq, std::int64_t count, std::string_view compressed) {
  std::array<char, 8 * 9> buf;
  std::size_t n = 0;
  put(buf, n, first_seq);
  put(buf, n, count);
  return hash(compressed, hash(std::string_view(buf.data(), n)));
}

}  // namespace vow
