// Events as the engine keeps them in memory. Ticket events, nearly all of a
// big ledger, are packed with their names interned (about 50 bytes each
// instead of the 456 of an Event); so are sli.counted windows (1.1), of
// which a month of one-minute slices holds 43,200 per indicator. The few
// others are kept whole. Events are
// only ever added, and nothing already handed out moves: the index keeps
// positions, names and whole events across additions (incremental indexing).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/large_pages.hpp"
#include "vow/event.hpp"

namespace vow {

struct PackedTicketEvent {
  Instant at = 0;
  std::int64_t seq = 0;
  std::uint32_t ticket = 0, customer = 0, priority = 0;  // EventStore::name
  EventType type = EventType::TicketOpened;
  TicketStatus status = TicketStatus::Open;
  bool by_agent = false;
  bool is_public = true;
};

// An sli.counted window (1.1, slis.md) as the arithmetic reads it. Its id,
// indicator and customers are the store's: they live as long as it does.
struct SliWindow {
  Instant at = 0, start = 0, end = 0;
  std::int64_t seq = 0, good = 0, total = 0;
  std::string_view id, ref;                             // ref: the indicator
  const std::vector<std::string>* customers = nullptr;  // its scope; none: every customer
  bool covers(std::string_view customer) const;
};

// Windows in chunks that never move (the index points into them): a
// std::deque would allocate a node for every five.
class WindowList {
 public:
  std::size_t size() const { return size_; }
  const SliWindow& operator[](std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  void push_back(const SliWindow& w);
  void clear();

 private:
  // 4 MiB each: whole huge pages (model/large_pages.hpp).
  static constexpr std::size_t kChunk = (std::size_t{4} << 20) / sizeof(SliWindow);
  std::vector<LargeArray<SliWindow>> chunks_;
  std::size_t size_ = 0;
};

class EventStore {
 public:
  EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // `e.seq` is set by the caller.
  void add(Event&& e);
  // Empty again, as constructed: what pointed into it is gone.
  void clear();
  // Takes a loader's names as they are, id for id, into a store that has
  // none yet ([0] must be ""): no name is hashed until intern() needs it.
  void adopt_names(const std::vector<std::string>& names);
  // Room for `n` ticket events in all (a loader that knows how many come).
  void reserve(std::size_t n);
  // Room for `more` events and names beyond those held (Engine::expect_events).
  void make_room(std::size_t more);
  // A ticket event whose names the caller has interned.
  void add_packed(const PackedTicketEvent& e, std::string_view id);
  // A window whose id, indicator and customers (null: none, everyone's)
  // are the caller's, copied in. add() packs an sli.counted Event so.
  void add_window(SliWindow w, const std::vector<std::string_view>* customers);
  // The id of a name, interning it; 0 is "".
  std::uint32_t intern(std::string_view name);
  std::string_view name(std::uint32_t id) const { return names_[id]; }
  std::size_t name_count() const { return names_.size(); }
  // The event id of the packed event at `i` in tickets().
  std::string_view id_of(std::uint32_t i) const;

  const std::deque<Event>& whole() const { return whole_; }
  // In the order added.
  const WindowList& windows() const { return windows_; }
  // Positions in it are 32-bit in the index: at most about 4 billion.
  const std::vector<PackedTicketEvent>& tickets() const { return tickets_; }
  std::size_t size() const { return whole_.size() + tickets_.size() + windows_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::deque<std::string> names_;  // stable: the map's keys and handed-out views point into it
  std::unordered_map<std::string_view, std::uint32_t, Hash, std::equal_to<>> name_ids_;
  // The packed events' ids, end to end in chunks that never move; each
  // event's is at (offset << 16 | length), offset counted across chunks.
  static constexpr std::size_t kIdChunk = 1u << 22;
  std::vector<LargeArray<char>> id_chunks_;
  std::size_t id_used_ = kIdChunk;  // in the last chunk
  std::vector<std::uint64_t> id_at_;
  std::deque<Event> whole_;  // stable: the index points into it
  std::vector<PackedTicketEvent> tickets_;
  // Where a copy of `text` is kept, (offset << 16 | length): see id_at_.
  std::uint64_t keep_id(std::string_view text);
  std::string_view text_at(std::uint64_t at) const;
  WindowList windows_;
  // Each distinct `customers` list of a window, kept once.
  std::deque<std::vector<std::string>> scopes_;
  std::unordered_map<std::string, const std::vector<std::string>*> scope_of_;
  const std::vector<std::string>* last_scope_ = nullptr;  // the list kept last
  const std::vector<std::string>* scope(const std::vector<std::string_view>& customers);
  // Indicators' names, apart from the names of tickets and customers: a
  // load that adopted a million ticket names need not hash them for these.
  std::set<std::string, std::less<>> indicators_;  // stable: windows point into it
  const std::string* last_indicator_ = nullptr;
  std::string_view indicator(std::string_view name);
  std::uint32_t last_ = 0;  // the name interned last
  bool map_stale_ = false;  // name_ids_ lacks adopted names
};

}  // namespace vow
