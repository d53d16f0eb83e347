#include "workspace/apply_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "vow/error.hpp"

namespace vow {
namespace {

[[noreturn]] void fail(const std::string& path, int err, int fd) {
  if (fd >= 0) ::close(fd);
  throw Error(Exit::BadConfig, {path + ": cannot lock it for ", field("apply_credits", "applying credits"),
                                " (" + std::string(std::strerror(err)) +
                                    "); its folder must be writable, as the ledger's is for recording credits"});
}

}  // namespace

ApplyLock::ApplyLock(const std::string& store, const std::function<void()>& waiting) {
  // Named after the ledger's real path, so that two configs reaching it
  // through different symbolic links share one lock. (A hard link is
  // another name for the same file that no path reveals; ADR 6.)
  std::error_code ec;
  auto real = std::filesystem::canonical(store, ec);
  std::string path = (ec ? store : real.string()) + ".apply.lock";
  // Close-on-exec: plugin processes must not keep the lock after vow is gone.
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) fail(path, errno, fd_);
  // Wait quietly for a moment: a run that is just ending is not worth a line.
  auto quiet_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) fail(path, errno, fd_);
    if (std::chrono::steady_clock::now() > quiet_until) {
      if (waiting) waiting();
      while (::flock(fd_, LOCK_EX) != 0)
        if (errno != EINTR) fail(path, errno, fd_);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ApplyLock::~ApplyLock() {
  ::close(fd_);  // releases the lock
}

}  // namespace vow
