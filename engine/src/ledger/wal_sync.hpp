// Puts a ledger's -wal on disk for commits made with synchronous=NORMAL, so
// that a server can answer after the disk and evaluate before it
// (docs/adr/0063). Calls from several threads share one fdatasync: each
// returns once a sync that began after it was called has ended, which
// covers every commit its caller made before the call.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace vow {

class WalSync {
 public:
  // What putting the file on disk came to: an errno or 0, and whether it
  // was the sync itself that failed (it may have dropped what it was given)
  // rather than finding or opening the file.
  struct Outcome {
    int error = 0;
    bool refused = false;
  };
  // `sync_file` puts one file on disk; the default opens `wal` (once, and
  // again when the file under the name is another) and calls fdatasync.
  explicit WalSync(std::string wal, std::function<Outcome(const std::string&)> sync_file = {});
  ~WalSync();
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  // Returns once what was committed before the call is on disk. Throws
  // Error (exit 78, as the ledger's other I/O errors) when it could not be
  // done: to this caller when the file was not found or opened, and to
  // every caller from then on when the disk refused to sync, since a
  // failed fdatasync may have dropped what it was given.
  void sync();
  // What sync() throws since the disk refused, or "".
  std::string refusal() const;

 private:
  Outcome sync_file(const std::string& path);
  std::string said(int error) const;

  std::string wal_;
  std::function<Outcome(const std::string&)> sync_file_;
  int fd_ = -1;  // used by the one thread whose sync is under way
  mutable std::mutex m_;
  std::condition_variable done_;
  std::uint64_t begun_ = 0;  // syncs begun
  std::uint64_t ended_ = 0;  // the last sync that ended well
  bool syncing_ = false;
  int refused_ = 0;  // the errno of the first refusal
};

}  // namespace vow
