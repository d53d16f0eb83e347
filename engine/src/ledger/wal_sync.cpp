#include "ledger/wal_sync.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "vow/error.hpp"

namespace vow {

WalSync::WalSync(std::string wal, std::function<Outcome(const std::string&)> sync_file)
    : wal_(std::move(wal)), sync_file_(std::move(sync_file)) {}

WalSync::~WalSync() {
  if (fd_ >= 0) ::close(fd_);
}

// SQLite keeps the -wal while a connection is open and writes over it from
// the start after a checkpoint; a file of another inode under the name
// (the last connection deleted it and a new one made it) is opened again.
// A -wal that is not there is an error: a commit was just made into it.
WalSync::Outcome WalSync::sync_file(const std::string& path) {
  struct stat named {};
  if (::stat(path.c_str(), &named) != 0) return {errno, false};
  struct stat held {};
  if (fd_ >= 0 && (::fstat(fd_, &held) != 0 || held.st_ino != named.st_ino || held.st_dev != named.st_dev)) {
    ::close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {errno, false};
    // A new file's name is on disk only once its folder is synced.
    auto dir = std::filesystem::path(path).parent_path();
    int d = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0) {
      int e = errno;
      ::close(fd);
      return {e, false};
    }
    int r = ::fsync(d);
    int e = errno;
    ::close(d);
    if (r != 0) {
      ::close(fd);
      return {e, true};
    }
    fd_ = fd;
  }
  return ::fdatasync(fd_) == 0 ? Outcome{} : Outcome{errno, true};
}

void WalSync::sync() {
  std::unique_lock lock(m_);
  // A sync already under way may have begun before this caller's commit.
  const std::uint64_t needed = begun_ + 1;
  int error = 0;
  while (ended_ < needed && refused_ == 0 && error == 0) {
    if (syncing_) {
      done_.wait(lock);
      continue;
    }
    syncing_ = true;
    const std::uint64_t mine = ++begun_;
    lock.unlock();
    Outcome o = sync_file_ ? sync_file_(wal_) : sync_file(wal_);
    lock.lock();
    syncing_ = false;
    if (o.error == 0) ended_ = mine;
    // Only a sync's own refusal may have dropped what it was given; the
    // file not found or opened is said to this caller, and tried again.
    if (o.refused && refused_ == 0) refused_ = o.error;
    if (!o.refused) error = o.error;
    done_.notify_all();
  }
  if (refused_ != 0) throw Error(Exit::BadConfig, said(refused_));
  if (error != 0) throw Error(Exit::BadConfig, said(error));
}

std::string WalSync::said(int error) const {
  return "the ledger's " + wal_ + " could not be put on disk (" + std::system_category().message(error) +
         "); its last commits may be lost: check the disk it is on (the system log says more)";
}

std::string WalSync::refusal() const {
  std::lock_guard lock(m_);
  return refused_ != 0 ? said(refused_) : std::string();
}

}  // namespace vow
