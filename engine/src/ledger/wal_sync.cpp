#include "ledger/wal_sync.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "vow/error.hpp"

namespace vow {

WalSync::WalSync(std::string wal, std::function<int(const std::string&)> sync_file)
    : wal_(std::move(wal)), sync_file_(std::move(sync_file)) {}

WalSync::~WalSync() {
  if (fd_ >= 0) ::close(fd_);
}

// SQLite keeps the -wal while a connection is open and writes over it from
// the start after a checkpoint; a file of another inode under the name
// (the last connection deleted it and a new one made it) is opened again.
int WalSync::sync_file(const std::string& path) {
  struct stat named {};
  if (::stat(path.c_str(), &named) != 0) return errno == ENOENT ? 0 : errno;
  struct stat held {};
  if (fd_ >= 0 && (::fstat(fd_, &held) != 0 || held.st_ino != named.st_ino || held.st_dev != named.st_dev)) {
    ::close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return errno;
    // A new file's name is on disk only once its folder is synced.
    auto dir = std::filesystem::path(path).parent_path();
    int d = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0) return errno;
    int r = ::fsync(d);
    int e = errno;
    ::close(d);
    if (r != 0) return e;
  }
  return ::fdatasync(fd_) == 0 ? 0 : errno;
}

void WalSync::sync() {
  std::unique_lock lock(m_);
  // A sync already under way may have begun before this caller's commit.
  const std::uint64_t needed = begun_ + 1;
  while (ended_ < needed && failed_ == 0) {
    if (syncing_) {
      done_.wait(lock);
      continue;
    }
    syncing_ = true;
    const std::uint64_t mine = ++begun_;
    lock.unlock();
    int error = sync_file_ ? sync_file_(wal_) : sync_file(wal_);
    lock.lock();
    syncing_ = false;
    ended_ = mine;
    if (error != 0 && failed_ == 0) failed_ = error;
    done_.notify_all();
  }
  if (failed_ != 0)
    throw Error(Exit::BadConfig, "the ledger's " + wal_ + " could not be put on disk (" +
                                     std::system_category().message(failed_) +
                                     "); its last commits may be lost: check the disk it is on (the system log says "
                                     "more)");
}

}  // namespace vow
