#include "plugins/frames.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>

namespace vow::frames {
namespace {

// Waits for the socket to be ready; the parent's socket is non-blocking so
// that a peer that stops reading or writing cannot hold it past `until`.
Io wait(int fd, short events, Deadline until) {
  for (;;) {
    int ms = -1;
    if (until != kNever) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
      if (left <= 0) return Io::TimedOut;
      ms = left > 60'000 ? 60'000 : static_cast<int>(left);
    }
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, ms);
    if (n > 0) return Io::Ok;  // readable, writable, or hung up: the next call says which
    if (n < 0 && errno != EINTR) return Io::Failed;
  }
}

}  // namespace

Io write_frame(int fd, uint32_t kind, uint32_t exit, std::string_view a, std::string_view b, Deadline until) {
  Header h{kind, exit, a.size() + b.size()};
  iovec parts[3] = {{&h, sizeof h}, {const_cast<char*>(a.data()), a.size()}, {const_cast<char*>(b.data()), b.size()}};
  iovec* next = parts;
  size_t left = 3;
  while (left > 0) {
    if (next->iov_len == 0) {
      ++next, --left;
      continue;
    }
    msghdr m{};
    m.msg_iov = next;
    m.msg_iovlen = left;
    ssize_t n = ::sendmsg(fd, &m, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (Io w = wait(fd, POLLOUT, until); w != Io::Ok) return w;
        continue;
      }
      return errno == EPIPE || errno == ECONNRESET ? Io::Closed : Io::Failed;
    }
    for (auto done = static_cast<size_t>(n); done > 0;) {
      size_t step = done < next->iov_len ? done : next->iov_len;
      next->iov_base = static_cast<char*>(next->iov_base) + step;
      next->iov_len -= step;
      done -= step;
      if (next->iov_len == 0 && left > 1) ++next, --left;
    }
  }
  return Io::Ok;
}

Io read_exact(int fd, char* into, size_t size, Deadline until) {
  while (size > 0) {
    ssize_t n = ::recv(fd, into, size, 0);
    if (n > 0) {
      into += n;
      size -= static_cast<size_t>(n);
    } else if (n == 0) {
      return Io::Closed;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (Io w = wait(fd, POLLIN, until); w != Io::Ok) return w;
    } else if (errno == ECONNRESET) {
      return Io::Closed;
    } else if (errno != EINTR) {
      return Io::Failed;
    }
  }
  return Io::Ok;
}

Io read_header(int fd, Header& h, Deadline until) {
  return read_exact(fd, reinterpret_cast<char*>(&h), sizeof h, until);
}

std::string name_prefix(std::string_view name) {
  auto n = static_cast<uint32_t>(name.size());
  std::string out(sizeof n, '\0');
  std::memcpy(out.data(), &n, sizeof n);
  out.append(name);
  return out;
}

bool split_named(std::string_view payload, std::string& name, std::string_view& data) {
  uint32_t n = 0;
  if (payload.size() < sizeof n) return false;
  std::memcpy(&n, payload.data(), sizeof n);
  if (payload.size() - sizeof n < n) return false;
  name.assign(payload.substr(sizeof n, n));
  data = payload.substr(sizeof n + n);
  return true;
}

}  // namespace vow::frames
