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

}  // namespace

void write_whole(const std::string& path, std::string_view text, const std::string& what) {
  fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) fail(what, "it is a folder");
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  Temp tmp;
  tmp.path = (folder / ("." + target.filename().string() + ".vow-XXXXXX")).string();
  tmp.fd = ::mkstemp(tmp.path.data());
  if (tmp.fd < 0) {
    int err = errno;
    tmp.path.clear();
    fail(what, std::strerror(err));
  }
  // mkstemp makes the file 0600; give it the mode a plain open would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(tmp.fd, 0666 & ~mask);
  write_all(tmp.fd, text, what);
  if (::fsync(tmp.fd) != 0) fail(what, std::strerror(errno));
  int fd = tmp.fd;
  tmp.fd = -1;
  if (::close(fd) != 0) fail(what, std::strerror(errno));
  if (::rename(tmp.path.c_str(), path.c_str()) != 0) fail(what, std::strerror(errno));
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
