#include "cli/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "vow/error.hpp"

namespace fs = std::filesystem;

namespace vow::cli {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& why) {
  throw Error(Exit::Usage, what + ": cannot write this file: " + why +
                               " (nothing was written; name a file in a folder that exists and has room)");
}

// Closes and removes the temporary file unless it was renamed into place.
struct Temp {
  std::string path;
  int fd = -1;
  ~Temp() {
    if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
};

void write_all(int fd, std::string_view text, const std::string& what) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(what, n < 0 ? std::strerror(errno) : "the disk took no bytes");
    text.remove_prefix(static_cast<size_t>(n));
  }
}

// A device, FIFO or socket (/dev/null, /dev/stdout, a pipe) is written to
// as it is: replacing it with a file would break it for everyone.
void write_in_place(const std::string& path, std::string_view text, const std::string& what) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) fail(what, std::strerror(errno));
  Temp closer{"", fd};  // closes it if a write fails; nothing to remove
  write_all(fd, text, what);
  closer.fd = -1;
  if (::close(fd) != 0) fail(what, std::strerror(errno));
}

// The mode the new file gets: an existing file's own, else what a plain open would give.
mode_t mode_for(const struct stat* old) {
  if (old) return old->st_mode & 07777;
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

void write_whole(const std::string& path, std::string_view text, const std::string& what) {
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;  // through a link, to what it names
  if (exists && S_ISDIR(st.st_mode)) fail(what, "it is a folder");
  if (exists && !S_ISREG(st.st_mode)) return write_in_place(path, text, what);
  // A link stays a link: the file it names is the one replaced, from beside it.
  fs::path target(path);
  std::error_code ec;
  if (fs::is_symlink(target, ec)) {
    target = fs::canonical(target, ec);
    if (ec) fail(what, "it is a link to nothing that can be written (" + ec.message() + ")");
  }
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  Temp tmp;
  tmp.path = (folder / ("." + target.filename().string() + ".vow-XXXXXX")).string();
  tmp.fd = ::mkstemp(tmp.path.data());
  if (tmp.fd < 0) {
    int err = errno;
    tmp.path.clear();
    fail(what, std::strerror(err));
  }
  // mkstemp makes the file 0600; give it the old file's mode, or a new one's.
  if (::fchmod(tmp.fd, mode_for(exists ? &st : nullptr)) != 0) fail(what, std::strerror(errno));
  write_all(tmp.fd, text, what);
  if (::fsync(tmp.fd) != 0) fail(what, std::strerror(errno));
  int fd = tmp.fd;
  tmp.fd = -1;
  if (::close(fd) != 0) fail(what, std::strerror(errno));
  if (::rename(tmp.path.c_str(), target.c_str()) != 0) fail(what, std::strerror(errno));
  tmp.path.clear();
  // The rename itself reaches the disk with the folder's entry.
  int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void append_whole(const std::string& path, std::string_view text, const std::string& what) {
  std::string all;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream old;
    old << in.rdbuf();
    if (!in) fail(what, "cannot read what it holds already");
    all = old.str();
  }
  all += text;
  write_whole(path, all, what);
}

}  // namespace vow::cli
