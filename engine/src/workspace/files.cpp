#include "workspace/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

#include "vow/error.hpp"

namespace fs = std::filesystem;

namespace vow {
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

// A device, FIFO or socket (/dev/null, a pipe), or any name under /dev or
// /proc, is written to as it is: replacing it with a file would break it for
// everyone. `how` is O_TRUNC or O_APPEND, as a shell's > or >> would open it.
void write_in_place(const std::string& path, std::string_view text, const std::string& what, int how = O_TRUNC) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | how | O_CLOEXEC, 0666);
  if (fd < 0) fail(what, std::strerror(errno));
  Temp closer{"", fd};  // closes it if a write fails; nothing to remove
  write_all(fd, text, what);
  closer.fd = -1;
  if (::close(fd) != 0) fail(what, std::strerror(errno));
}

// The descriptor a name stands for: /dev/stdin, /dev/stdout, /dev/stderr,
// /dev/fd/N, /proc/self/fd/N (and /proc/PID/fd/N with our own PID). `p` is
// absolute and lexically normal.
std::optional<int> named_fd(const fs::path& p) {
  if (p == "/dev/stdin") return 0;
  if (p == "/dev/stdout") return 1;
  if (p == "/dev/stderr") return 2;
  std::vector<std::string> parts;
  for (const auto& part : p.relative_path()) parts.push_back(part.string());
  bool fd_folder = (parts.size() == 3 && parts[0] == "dev" && parts[1] == "fd") ||
                   (parts.size() == 4 && parts[0] == "proc" && parts[2] == "fd" &&
                    (parts[1] == "self" || parts[1] == std::to_string(::getpid())));
  if (!fd_folder) return std::nullopt;
  const std::string& n = parts.back();
  if (n.empty() || n.size() > 9 || n.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(n);
}

bool under_dev_or_proc(const fs::path& p) {
  auto it = p.relative_path().begin();
  return it != p.relative_path().end() && (*it == "dev" || *it == "proc");
}

// What a name leads to, following its links one at a time: a descriptor of
// ours (what the shell redirected, which must be written through, not
// resolved to the file behind it and replaced), a name under /dev or /proc
// (written in place), or neither.
struct Kind {
  std::optional<int> fd;
  bool in_place = false;
};

Kind kind_of(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec).lexically_normal();
  if (ec) return {};
  for (int hop = 0; hop < 40; ++hop) {
    if (auto fd = named_fd(p)) return {fd, false};
    if (under_dev_or_proc(p)) return {std::nullopt, true};
    if (!fs::is_symlink(p, ec)) break;
    fs::path link = fs::read_symlink(p, ec);
    if (ec) break;
    p = (link.is_absolute() ? link : p.parent_path() / link).lexically_normal();
  }
  return {};
}

// Writes through a descriptor the process was given, as a shell redirect
// would: no open, no truncation, no rename; every write checked.
void write_to_fd(int fd, std::string_view text, const std::string& what) {
  if (::fcntl(fd, F_GETFL) < 0) fail(what, "descriptor " + std::to_string(fd) + " is not open");
  std::cout.flush();  // what went before stays before
  std::fflush(nullptr);
  write_all(fd, text, what);
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
  if (path.empty()) fail(what, "no file is named");
  Kind kind = kind_of(path);
  if (kind.fd) return write_to_fd(*kind.fd, text, what);
  if (kind.in_place) return write_in_place(path, text, what);
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
  if (path.empty()) fail(what, "no file is named");
  Kind kind = kind_of(path);
  if (kind.fd) return write_to_fd(*kind.fd, text, what);
  if (kind.in_place) return write_in_place(path, text, what, O_APPEND);
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

std::string read_input(const std::string& file) {
  if (file == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (!in || ec) throw Error(Exit::BadData, file + ": cannot read this file");
  std::string data(size, '\0');  // one read, no intermediate copies
  in.read(data.data(), static_cast<std::streamsize>(size));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

}  // namespace vow
