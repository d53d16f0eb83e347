// The ledger: an SQLite file (WAL) holding every event ever ingested,
// append-only, in ingest order, and an audit trail of ingest runs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ledger/sqlite.hpp"
#include "vow/event.hpp"

namespace vow {

// A line of input that was refused, with why.
struct Rejection {
  std::string source;
  size_t line = 0;
  std::string reason;
  std::string text;
};

struct IngestOptions {
  bool skip_invalid = false;
  // Called every `progress_every` lines with the count so far (long files).
  std::function<void(size_t lines)> progress;
  size_t progress_every = 500'000;
  // Called with the rejections once every line is read, before the file is
  // committed; when it throws, nothing from the file is stored.
  std::function<void(const std::vector<Rejection>&)> before_commit;
};

struct IngestResult {
  std::string source;
  size_t fresh = 0;
  size_t duplicate = 0;
  std::vector<Rejection> rejected;  // invalid lines and conflicts
  bool stored = false;              // false: the file was refused whole
};

class Ledger {
 public:
  explicit Ledger(const std::string& path);

  // Validates every line of `data` and stores the file in one transaction:
  // all of it, or (with rejections and no skip_invalid) none of it.
  IngestResult ingest(const std::string& source, std::string_view data, const IngestOptions& opts);

  // Every event, in no particular order; each carries its ingest order in `seq`.
  void for_each(const std::function<void(Event&&)>& fn);
  std::int64_t count();
  bool has(std::string_view id);

 private:
  sql::Db db_;
};

}  // namespace vow
