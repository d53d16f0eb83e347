#include "ledger/columns.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace vow {
namespace {

constexpr std::int64_t kStatusMask = 0x7, kByAgent = 0x8, kPrivate = 0x10;

std::uint32_t add(std::uint32_t crc, std::string_view bytes) {
  // zlib takes a null buffer for a request of its initial value, and an
  // empty view may have a null data pointer.
  if (bytes.empty()) return crc;
  return static_cast<std::uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<z_size_t>(bytes.size())));
}

// Fixed width and byte order, so the checksum does not depend on the machine.
std::uint32_t add(std::uint32_t crc, std::int64_t v) {
  std::array<char, 8> le;
  for (size_t i = 0; i < le.size(); ++i) le[i] = static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
  return add(crc, std::string_view(le.data(), le.size()));
}

std::uint32_t start() {
  return static_cast<std::uint32_t>(crc32_z(0, nullptr, 0));
}

}  // namespace

bool with_detail(EventType t) {
  switch (t) {
    case EventType::OutageStarted:
    case EventType::MaintenanceScheduled:
    case EventType::IncidentNotified:
    case EventType::InvoiceIssued:
    case EventType::CreditIssued:
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

std::uint32_t row_checksum(const EventRow& r) {
  // One buffer, one call: zlib's per-call cost dominates for rows this short.
  // The separator keeps the id's end from running into what follows.
  std::array<char, 256 + 1 + 8 * 8> buf;
  std::size_t n = std::min(r.id.size(), std::size_t{256});
  std::copy_n(r.id.data(), n, buf.data());
  buf[n++] = '\0';
  for (std::int64_t v : {r.seq, static_cast<std::int64_t>(r.type), r.at, r.subject, r.customer, r.priority, r.flags,
                         static_cast<std::int64_t>(r.line_crc)})
    for (int i = 0; i < 8; ++i) buf[n++] = static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
  std::uint32_t crc = add(start(), std::string_view(buf.data(), n));
  if (r.id.size() > 256) crc = add(crc, r.id.substr(256));
  return add(crc, r.detail);
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
  r.line_crc = static_cast<std::uint32_t>(row.int64(9));
  bool sound = !row.null(10) && static_cast<std::uint32_t>(row.int64(10)) == row_checksum(r) && row.int64(2) >= 0 &&
               row.int64(2) <= static_cast<std::int64_t>(EventType::CreditIssued);
  problem =
      sound ? "" : "event \"" + std::string(r.id) + "\" (#" + std::to_string(r.seq) + ") does not match its checksum";
  return r;
}

std::uint32_t name_checksum(std::int64_t id, std::string_view name) {
  return add(add(start(), id), name);
}

std::uint32_t line_checksum(std::string_view line) {
  return add(start(), line);
}

}  // namespace vow
