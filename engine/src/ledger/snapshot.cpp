#include "ledger/snapshot.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>

namespace vow {
namespace {

// Little-endian fields; the format's version is in the magic.
// 3: sli.counted windows as fields, not lines. 4: the number of ticket
// records in the trailer. A snapshot of another version is not read, and
// the next reader writes one of this.
constexpr char kMagic[8] = {'V', 'O', 'W', 'S', 'N', 'A', 'P', '4'};
constexpr std::uint32_t kUnscoped = 0xffffffff;  // a window without `customers`
// ledger_id, last_seq, last_crc, last_run, run_crc, tickets, hash, magic
constexpr std::size_t kTrailer = 8 + 8 + 8 + 8 + 8 + 8 + 8 + 8;

template <typename T>
void put(std::string& b, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i) b += static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
}

template <typename T>
bool get(std::string_view& in, T& v) {
  if (in.size() < sizeof(T)) return false;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, in.data(), sizeof(T));  // one load: a snapshot is hundreds of MB of fields
  } else {
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      x |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[i])) << (8 * i);
    v = static_cast<T>(x);
  }
  in.remove_prefix(sizeof(T));
  return true;
}

bool get_text(std::string_view& in, std::string_view& s) {
  std::uint32_t n = 0;
  if (!get(in, n) || in.size() < n) return false;
  s = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

// The next record of `in` into `r` (its views into `in`), advancing `in`;
// false, leaving `in` as it was, when `in` ends before the record does.
bool next_record(std::string_view& in, PackedRecord& r) {
  std::string_view at = in;
  std::uint8_t kind = 0, type = 0, status = 0, flags = 0;
  std::uint32_t ticket = 0, customer = 0, priority = 0;
  if (!get(at, kind) || !get(at, r.row.seq)) return false;
  r.kind = static_cast<PackedRecord::Kind>(kind);
  if (r.kind == PackedRecord::Kind::Detail) {
    if (!get_text(at, r.line)) return false;
  } else if (r.kind == PackedRecord::Kind::Window) {
    WindowRow& w = r.window;
    std::uint32_t scope = 0;
    if (!get(at, r.row.at) || !get(at, w.start) || !get(at, w.end) || !get(at, w.good) || !get(at, w.total) ||
        !get_text(at, r.row.id) || !get_text(at, w.sli) || !get(at, scope) ||
        (scope != kUnscoped && scope > at.size() / 4))  // each name takes 4 bytes at least
      return false;
    r.row.type = EventType::SliCounted;
    w.scoped = scope != kUnscoped;
    w.customers.clear();
    for (std::uint32_t i = 0; w.scoped && i < scope; ++i)
      if (!get_text(at, w.customers.emplace_back())) return false;
  } else {
    if (!get(at, r.row.at) || !get(at, type) || !get(at, status) || !get(at, flags) || !get(at, ticket) ||
        !get(at, customer) || !get(at, priority) || !get_text(at, r.row.id))
      return false;
    r.row.type = static_cast<EventType>(type);
    r.row.status = static_cast<TicketStatus>(status);
    r.row.by_agent = (flags & 1) != 0;
    r.row.is_public = (flags & 2) != 0;
    r.row.ticket = ticket;
    r.row.customer = customer;
    r.row.priority = priority;
  }
  in = at;
  return true;
}

}  // namespace

namespace {

// Mapped pages already read are let go every so often: the records are
// copied out as they go by, and a snapshot of a year would otherwise stay
// mapped whole (it is page cache, but counted as the reader's memory).
constexpr std::size_t kRelease = std::size_t{64} << 20;

void release(const char* base, std::size_t& released, std::size_t upto) {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  upto = upto / page * page;
  if (upto < released + kRelease) return;
  ::madvise(const_cast<char*>(base) + released, upto - released, MADV_DONTNEED);
  released = upto;
}

}  // namespace

SnapshotReader::~SnapshotReader() {
  if (map_) ::munmap(const_cast<char*>(map_), size_);
}

bool SnapshotReader::open(const std::string& path, bool check_now) {
  // Opening a FIFO or a device put there would wait for a writer forever.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  // Mapped, not read: hundreds of MB of windows are parsed where they lie
  // instead of being copied twice. The mapping is of the file opened now,
  // even if another reader renames a newer one into its place; snapshots
  // are written whole elsewhere and renamed, never changed in place.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool sized = ::fstat(fd, &st) == 0 && st.st_size >= static_cast<off_t>(sizeof kMagic + kTrailer);
  void* map = sized ? ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  ::close(fd);
  if (map == MAP_FAILED) return false;
  map_ = static_cast<const char*>(map);
  size_ = static_cast<std::size_t>(st.st_size);
  ::madvise(map, size_, MADV_SEQUENTIAL);
  std::string_view whole(map_, size_);
  std::string_view tail = whole.substr(size_ - kTrailer);
  if (std::memcmp(map_, kMagic, sizeof kMagic) != 0 ||
      std::memcmp(tail.data() + kTrailer - 8, kMagic, sizeof kMagic) != 0)
    return false;
  std::string_view trailer = tail;
  std::uint64_t hash = 0;
  get(trailer, ledger_id_);
  get(trailer, last_seq_);
  get(trailer, last_crc_);
  get(trailer, last_run_);
  get(trailer, run_crc_);
  get(trailer, tickets_);
  get(trailer, hash);
  records_end_ = size_ - kTrailer;
  hash_ = hash;
  trailer_ = std::string(tail.substr(0, kTrailer - 16));
  return !check_now || check();
}

bool SnapshotReader::check() {
  if (!map_) return false;
  if (checked_) return true;
  // The hash covers the magic, the records and the trailer but its last 16
  // bytes (the hash itself and the closing magic).
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::size_t hashed = 0, released = 0;
  while (hashed < records_end_) {
    std::size_t n = std::min(kRelease, records_end_ - hashed);
    XXH3_64bits_update(state, map_ + hashed, n);
    hashed += n;
    release(map_, released, hashed);
  }
  XXH3_64bits_update(state, trailer_.data(), trailer_.size());
  checked_ = XXH3_64bits_digest(state) == hash_;
  XXH3_freeState(state);
  return checked_;
}

bool SnapshotReader::for_each(const std::function<void(const PackedRecord&)>& fn) {
  // Checked before any record is passed on, when open() left it to this.
  if (!map_ || (!checked_ && !check())) return false;
  std::string_view in(map_ + sizeof kMagic, records_end_ - sizeof kMagic);
  std::size_t released = 0;
  PackedRecord r;
  for (std::size_t count = 1; next_record(in, r); ++count) {
    fn(r);
    if (count % 65536 == 0) release(map_, released, static_cast<std::size_t>(in.data() - map_));
  }
  return in.empty();
}

namespace {

// One temporary file per writer, not per process: two Workspaces on one
// ledger in two threads would write into the same file, and one of them
// into the snapshot the other has put in place and a reader has checked.
std::string temp_name(const std::string& path) {
  static std::atomic<unsigned> writers{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(writers++);
}

}  // namespace

namespace {

// A reader killed while it wrote a snapshot leaves its temporary file, as
// large as the snapshot. One an hour old is nobody's any more.
void remove_stale_temporaries(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(path);
  fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::string prefix = p.filename().string() + ".tmp.";
  auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    auto written = fs::last_write_time(it->path(), ec);
    if (!ec && now - written > std::chrono::hours(1)) fs::remove(it->path(), ec);
  }
}

}  // namespace

SnapshotWriter::SnapshotWriter(const std::string& path, std::int64_t ledger_id)
    : path_(path), temp_(temp_name(path)), ledger_id_(ledger_id) {
  remove_stale_temporaries(path);
  out_ = std::fopen(temp_.c_str(), "wb");
  if (!out_) return;
  xxh_ = XXH3_createState();
  XXH3_64bits_reset(static_cast<XXH3_state_t*>(xxh_));
  buf_.append(kMagic, sizeof kMagic);
}

SnapshotWriter::~SnapshotWriter() {
  if (out_) {
    std::fclose(out_);
    std::remove(temp_.c_str());
  }
  if (xxh_) XXH3_freeState(static_cast<XXH3_state_t*>(xxh_));
}

void SnapshotWriter::flush() {
  if (!out_ || buf_.empty()) return;
  XXH3_64bits_update(static_cast<XXH3_state_t*>(xxh_), buf_.data(), buf_.size());
  if (std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size()) {
    std::fclose(out_);
    std::remove(temp_.c_str());
    out_ = nullptr;
  }
  buf_.clear();
}

void SnapshotWriter::add(const PackedRecord& r) {
  if (!out_) return;
  put(buf_, static_cast<std::uint8_t>(r.kind));
  put(buf_, r.row.seq);
  auto text = [&](std::string_view t) {
    put(buf_, static_cast<std::uint32_t>(t.size()));
    buf_ += t;
  };
  if (r.kind == PackedRecord::Kind::Detail) {
    text(r.line);
  } else if (r.kind == PackedRecord::Kind::Window) {
    const WindowRow& w = r.window;
    put(buf_, r.row.at);
    put(buf_, w.start);
    put(buf_, w.end);
    put(buf_, w.good);
    put(buf_, w.total);
    text(r.row.id);
    text(w.sli);
    put(buf_, w.scoped ? static_cast<std::uint32_t>(w.customers.size()) : kUnscoped);
    for (std::string_view c : w.customers) text(c);
  } else {
    if (r.kind == PackedRecord::Kind::Ticket) ++tickets_;
    put(buf_, r.row.at);
    put(buf_, static_cast<std::uint8_t>(r.row.type));
    put(buf_, static_cast<std::uint8_t>(r.row.status));
    put(buf_, static_cast<std::uint8_t>((r.row.by_agent ? 1 : 0) | (r.row.is_public ? 2 : 0)));
    put(buf_, static_cast<std::uint32_t>(r.row.ticket));
    put(buf_, static_cast<std::uint32_t>(r.row.customer));
    put(buf_, static_cast<std::uint32_t>(r.row.priority));
    put(buf_, static_cast<std::uint32_t>(r.row.id.size()));
    buf_ += r.row.id;
  }
  if (buf_.size() >= (1u << 20)) flush();
}

void SnapshotWriter::finish(std::int64_t last_seq, std::uint64_t last_crc, std::int64_t last_run,
                            std::uint64_t run_crc) {
  if (!out_) return;
  put(buf_, ledger_id_);
  put(buf_, last_seq);
  put(buf_, last_crc);
  put(buf_, last_run);
  put(buf_, run_crc);
  put(buf_, tickets_);
  flush();
  if (!out_) return;
  std::string tail;
  put(tail, static_cast<std::uint64_t>(XXH3_64bits_digest(static_cast<XXH3_state_t*>(xxh_))));
  tail.append(kMagic, sizeof kMagic);
  bool ok = std::fwrite(tail.data(), 1, tail.size(), out_) == tail.size();
  ok = std::fclose(out_) == 0 && ok;
  out_ = nullptr;
  if (!ok || std::rename(temp_.c_str(), path_.c_str()) != 0) std::remove(temp_.c_str());
}

}  // namespace vow
