#include "plugins/child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

#include "model/utf8.hpp"
#include "plugins/frames.hpp"
#include "plugins/host.hpp"
#include "plugins/plugin.hpp"
#include "vow/error.hpp"

namespace vow {
namespace {

using frames::Io;
using Clock = std::chrono::steady_clock;

bool in_process() {
  const char* v = std::getenv("VOW_PLUGIN_IN_PROCESS");
  return v && std::strcmp(v, "1") == 0;
}

std::string mib(uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// Text from a plugin (its messages, a sink's reference) reaches terminals and
// logs: mended UTF-8, no control characters (escape sequences), no line
// breaks that would pass for lines of vow's, and at most about 2,000 bytes.
constexpr size_t kMaxPluginText = 2000;

std::string plugin_text(std::string_view s) {
  std::string t = printable(s.size() > kMaxPluginText ? clip_text(s, kMaxPluginText) : std::string(s));
  if (t.size() > kMaxPluginText + 32) t = clip_text(t, kMaxPluginText);  // grown by U+FFFD for control bytes
  for (char& c : t)
    if (c == '\n') c = ' ';
  return t;
}

// The highest descriptor the child may hold, for when close_range is
// missing (Linux before 5.9) or filtered (seccomp): read before fork.
int descriptor_limit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY || r.rlim_cur > (1u << 20)) return 1 << 20;
  return static_cast<int>(r.rlim_cur);
}

// Everything between fork and exec must be async-signal-safe: no allocation.
[[noreturn]] void become_host(int fd, const char* exe, char* const argv[], int max_fd) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // vow killed: its plugins go too
  // Its own process group, so that a kill reaches the plugin's own
  // subprocesses too (the parent sets it as well: whichever runs first).
  ::setpgid(0, 0);
  if (fd == kPluginHostFd)
    ::fcntl(fd, F_SETFD, 0);
  else if (::dup2(fd, kPluginHostFd) < 0)
    ::_exit(127);
  // stdin is vow's (it may be `vow import x -`), stdout would mix into
  // vow's output: the plugin gets /dev/null and vow's stderr instead.
  int null = ::open("/dev/null", O_RDONLY);
  if (null >= 0 && null != 0) ::dup2(null, 0);
  ::dup2(2, 1);
  // Nothing else of vow's (ledger, files), as ADR 9 promises.
  if (::syscall(SYS_close_range, kPluginHostFd + 1, ~0U, 0) != 0)
    for (int other = kPluginHostFd + 1; other < max_fd; ++other) ::close(other);
  ::execv(exe, argv);
  ::_exit(127);
}

}  // namespace

PluginProcess::PluginProcess(std::string name, const std::filesystem::path& library, std::string_view config,
                             const std::filesystem::path& config_dir, PluginLimits limits)
    : name_(std::move(name)), where_("plugin " + name_ + " (" + library.string() + ")"), limits_(std::move(limits)) {
  if (in_process()) {
    local_ = std::make_unique<PluginInstance>(PluginLibrary::load(name_, library), config, config_dir.string());
    caps_ = local_->library().api().capabilities;
    options_ = local_->library().options();
    has_origin_ = local_->library().has_batch_origin();
    has_webhook_ = local_->library().has_webhook();
    return;
  }
  // Only the vow command has the plugin-host subcommand; libvow cannot
  // assume /proc/self/exe is vow (an embedding program would run itself).
  if (limits_.host.empty())
    throw Error(Exit::BadConfig, where_ +
                                     ": no plugin host: a program embedding Vow must name a host executable in "
                                     "WorkspaceOptions::plugin_host (the installed `vow`) or set "
                                     "VOW_PLUGIN_IN_PROCESS=1");
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    throw Error(Exit::Internal, where_ + ": no socket for its process: " + std::strerror(errno));
  std::string exe = limits_.host.string(), sub = "plugin-host", lib = library.string(), label = name_,
              dir = config_dir.string();
  char* argv[] = {exe.data(), sub.data(), label.data(), lib.data(), dir.data(), nullptr};
  int max_fd = descriptor_limit();
  pid_t pid = ::fork();
  if (pid == 0) become_host(sv[1], exe.c_str(), argv, max_fd);
  ::close(sv[1]);
  if (pid < 0) {
    ::close(sv[0]);
    throw Error(Exit::Internal, where_ + ": cannot start its process: " + std::strerror(errno));
  }
  ::setpgid(pid, pid);  // fails harmlessly once the child has exec'd, having set it itself
  pid_ = pid;
  fd_ = sv[0];
  ::fcntl(fd_, F_SETFL, O_NONBLOCK);  // so that every wait on the child has a deadline
  try {
    Reply r = call("create", static_cast<uint32_t>(frames::Request::Create), config, {});
    std::string said = payload_of("create", r);
    uint32_t fields[3];
    if (said.size() != sizeof fields) stop("answered create out of protocol");
    std::memcpy(fields, said.data(), sizeof fields);
    caps_ = fields[0];
    options_ = fields[1];
    has_origin_ = fields[2] & frames::kHasBatchOrigin;
    has_webhook_ = fields[2] & frames::kHasWebhook;
  } catch (...) {
    shutdown();
    throw;
  }
}

PluginProcess::~PluginProcess() {
  // Everything it gave was already taken; a failure now is worth a word, not an error.
  if (const char* why = shutdown()) std::cerr << "vow: " << where_ << ": " << why << "\n";
}

bool PluginProcess::is_source() const {
  return caps_ & VOW_CAP_SOURCE;
}

bool PluginProcess::is_sink() const {
  return caps_ & VOW_CAP_SINK;
}

void PluginProcess::feed(const std::string& file, std::string_view data) {
  if (local_) return local_->feed(file, data);
  payload_of("feed", call("feed", static_cast<uint32_t>(frames::Request::Feed), frames::name_prefix(file), data));
}

void PluginProcess::webhook(std::string_view headers, std::string_view body) {
  if (local_) return local_->webhook(headers, body);
  // Said here, not by the child, so that the message is the same either way.
  if (!has_webhook_) throw Error(Exit::Usage, where_ + ": takes no webhooks (it has no webhook function, ABI 1.2)");
  payload_of("webhook",
             call("webhook", static_cast<uint32_t>(frames::Request::Webhook), frames::name_prefix(headers), body));
}

bool PluginProcess::next_batch(std::string& out) {
  if (local_) return local_->next_batch(out);
  Reply r = call("next_batch", static_cast<uint32_t>(frames::Request::NextBatch), {}, {});
  if (r.kind == static_cast<uint32_t>(frames::Reply::Error)) payload_of("next_batch", r);
  if (++batches_ > limits_.max_batches)
    stop("gave more than " + std::to_string(limits_.max_batches) + " batches; stopped");
  if (r.size > limits_.max_bytes - bytes_) stop("gave more than " + mib(limits_.max_bytes) + " of events; stopped");
  bytes_ += r.size;
  size_t at = out.size();
  out.resize(at + r.size);  // read straight into the caller's text: no second copy
  if (Io io = frames::read_exact(fd_, out.data() + at, r.size, until_); io != Io::Ok) {
    out.resize(at);
    lost("next_batch", io);
  }
  empty_in_a_row_ = r.size == 0 ? empty_in_a_row_ + 1 : 0;
  bool more = r.kind == static_cast<uint32_t>(frames::Reply::Ok);
  if (more && empty_in_a_row_ >= limits_.max_empty_in_a_row)
    stop("returned " + std::to_string(empty_in_a_row_) +
         " empty batches in a row; stopped (a source with nothing more to give returns VOW_DONE)");
  return more;
}

bool PluginProcess::origin(std::string& file, std::vector<uint32_t>& lines) {
  std::string_view raw;
  std::string payload;
  if (local_) {
    if (!local_->origin(file, raw)) return false;
  } else {
    if (!has_origin_) return false;
    Reply r = call("batch_origin", static_cast<uint32_t>(frames::Request::Origin), {}, {});
    if (r.kind == static_cast<uint32_t>(frames::Reply::Done) && r.size == 0) return false;
    payload = payload_of("batch_origin", r);
    if (!frames::split_named(payload, file, raw)) stop("answered batch_origin out of protocol");
  }
  // The name reaches terminals as the file of a message: the plugin's text, made safe.
  file = plugin_text(file);
  lines.resize(raw.size() / sizeof(uint32_t));
  if (!lines.empty()) std::memcpy(lines.data(), raw.data(), lines.size() * sizeof(uint32_t));
  return !file.empty();
}

std::string PluginProcess::deliver(std::string_view kind, std::string_view json) {
  if (local_) return plugin_text(local_->deliver(kind, json));
  return plugin_text(payload_of(
      "deliver", call("deliver", static_cast<uint32_t>(frames::Request::Deliver), frames::name_prefix(kind), json)));
}

PluginProcess::Reply PluginProcess::call(const char* what, uint32_t request, std::string_view a, std::string_view b) {
  if (!gone_.empty()) throw Error(Exit::BadConfig, where_ + ": not running since it " + gone_);
  until_ = Clock::now() + limits_.timeout;
  frames::Header h;
  Io io = frames::write_frame(fd_, request, 0, a, b, until_);
  if (io == Io::Ok) io = frames::read_header(fd_, h, until_);
  if (io != Io::Ok) lost(what, io);
  if (h.kind < static_cast<uint32_t>(frames::Reply::Ok) || h.kind > static_cast<uint32_t>(frames::Reply::Error))
    stop(std::string("answered ") + what + " out of protocol");
  return {h.kind, h.exit, h.size};
}

std::string PluginProcess::payload_of(const char* what, const Reply& r) {
  if (r.size > limits_.max_bytes) stop(std::string("answered ") + what + " with more than " + mib(limits_.max_bytes));
  std::string payload(r.size, '\0');
  if (Io io = frames::read_exact(fd_, payload.data(), r.size, until_); io != Io::Ok) lost(what, io);
  if (r.kind == static_cast<uint32_t>(frames::Reply::Error)) {
    // The host's message already names the plugin, as the in-process one
    // does; but fd 3 is in the plugin's process, so the message and the code
    // are the plugin's to forge: it is made printable and named in any case,
    // and the code must not pass for one of vow's own, such as 1 for a bug.
    std::string message = plugin_text(payload), prefix = where_ + ": ";
    if (message.compare(0, prefix.size(), prefix) != 0) message = prefix + message;
    if (r.exit == static_cast<uint32_t>(Exit::BadData) || r.exit == static_cast<uint32_t>(Exit::BadConfig))
      throw Error(static_cast<Exit>(r.exit), message);
    throw Error(Exit::BadConfig, where_ + ": the plugin host answered " + what + " with unexpected exit code " +
                                     std::to_string(r.exit) + ": " + plugin_text(payload));
  }
  return payload;
}

void PluginProcess::lost(const char* what, frames::Io io) {
  std::string how;
  if (io == Io::TimedOut && !exited()) {
    kill_group();
    reap(Clock::time_point::max());
    how = std::string("no answer to ") + what + " within " + std::to_string(limits_.timeout.count()) + " s (killed)";
  } else {
    // Closed, or died while something it started still holds the socket.
    how = ended(reap(Clock::now() + limits_.timeout)) + " during " + what;
  }
  gone_ = how;
  throw Error(Exit::BadConfig, where_ + ": " + how);
}

void PluginProcess::stop(const std::string& why) {
  kill_group();
  reap(Clock::time_point::max());
  gone_ = why;
  throw Error(Exit::BadConfig, where_ + ": " + why);
}

const char* PluginProcess::shutdown() noexcept {
  if (pid_ <= 0) return nullptr;
  try {
    auto until = Clock::now() + limits_.timeout;
    frames::Header h;
    Io io = frames::write_frame(fd_, static_cast<uint32_t>(frames::Request::Quit), 0, {}, {}, until);
    if (io == Io::Ok) io = frames::read_header(fd_, h, until);
    if (io == Io::TimedOut && !exited()) {
      kill_group();
      reap(Clock::time_point::max());
      shutdown_ = "no answer to destroy within " + std::to_string(limits_.timeout.count()) + " s (killed)";
      return shutdown_.c_str();
    }
    int status = reap(until);
    if (io == Io::Ok && WIFEXITED(status) && WEXITSTATUS(status) == 0) return nullptr;
    shutdown_ = ended(status) + " during destroy";
    return shutdown_.c_str();
  } catch (...) {
    // Out of memory for the message: the child still goes, and a fixed one stands in.
    kill_group();
    if (pid_ > 0) reap(Clock::time_point::max());
    return "shutting it down failed (out of memory); its process was killed";
  }
}

void PluginProcess::kill_group() noexcept {
  // Never kill(-1) or kill(0): only a child vow started and has not reaped.
  if (pid_ > 0) ::kill(-pid_, SIGKILL);
}

bool PluginProcess::exited() const noexcept {
  if (pid_ <= 0) return true;
  siginfo_t info{};
  // WNOWAIT: it stays a zombie, so its pid and group id stay ours until reap().
  return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid_;
}

int PluginProcess::reap(Clock::time_point until) noexcept {
  int status = 0;
  if (pid_ <= 0) return status;  // waitpid(-1) would take any child of vow's
  auto pause = std::chrono::microseconds(100);
  bool ours = true;
  for (;;) {
    siginfo_t info{};
    int r = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
    if (r == 0 && info.si_pid == pid_) break;
    if (r < 0 && errno != EINTR) {
      ours = false;  // not a child of ours any more: nothing to kill or wait for
      break;
    }
    if (Clock::now() >= until) {
      // It closed its end but did not exit: it gets no more time.
      kill_group();
      killed_ = true;
      break;
    }
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(10)) pause *= 2;
  }
  if (ours) {
    // However it ended (quit, crash, exit, kill), what it started goes too:
    // it would otherwise outlive vow, holding vow's stderr. Still unreaped,
    // it keeps its pid, so the group id cannot name anyone else's processes.
    kill_group();
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  return status;
}

std::string PluginProcess::ended(int status) const {
  if (killed_) return "stopped answering and was killed";
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* abbrev = ::sigabbrev_np(sig);
    return "crashed with signal " + std::to_string(sig) + (abbrev ? std::string(" (SIG") + abbrev + ")" : "");
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended (wait status " + std::to_string(status) + ")";
}

}  // namespace vow
