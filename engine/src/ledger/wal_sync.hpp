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
  // `sync_file` puts one file on disk and returns 0, or an errno; the
  // default opens `wal` (once, and again when the file is another) and calls
  // fdatasync on it. A -wal that does not exist holds nothing to sync.
  explicit WalSync(std::string wal, std::function<int(const std::string&)> sync_file = {});
  ~WalSync();
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  // Returns once what was committed before the call is on disk. Throws
  // Error (exit 78, as the ledger's other I/O errors) when the disk
  // refused: then and ever after, since a failed fdatasync may have dropped
  // what it was given.
  void sync();

 private:
  int sync_file(const std::string& path);

  std::string wal_;
  std::function<int(const std::string&)> sync_file_;
  int fd_ = -1;
  std::mutex m_;
  std::condition_variable done_;
  std::uint64_t begun_ = 0;  // syncs begun
  std::uint64_t ended_ = 0;  // syncs ended
  bool syncing_ = false;
  int failed_ = 0;  // the errno of the first refusal
};

}  // namespace vow
