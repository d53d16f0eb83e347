// A real `vow serve` on loopback for one test: started on port 0 in a
// project folder, its address read from what it prints, killed at the end
// of the test whatever happened (so that no test can leave it running).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "helpers.hpp"

namespace vowtest {

struct Served {
  pid_t pid = -1;
  int port = 0;
  fs::path log;        // its standard error: the JSON log
  std::string banner;  // what it printed on standard output before listening

  // `env`: NAME=VALUE pairs for its environment.
  explicit Served(const fs::path& dir, const std::vector<std::string>& env = {},
                  const std::string& listen = "127.0.0.1:0") {
    log = dir / "serve.log";
    // A server that closes a connection while the client still sends (413,
    // one request per connection) must not kill the test with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    int out[2];
    if (::pipe(out) != 0) return;
    pid = ::fork();
    if (pid == 0) {
      // Whatever ends the test process (a crash, a timeout) ends the server too.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::close(out[0]);
      ::dup2(out[1], STDOUT_FILENO);
      int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(err, STDERR_FILENO);
      if (::chdir(dir.c_str()) != 0) ::_exit(126);
      for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
      std::string vow = vow_binary();
      ::execl(vow.c_str(), "vow", "serve", "--listen", listen.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    // Twenty seconds to say where it listens; a build without `serve` says nothing.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::string said;
    while (std::chrono::steady_clock::now() < until && said.find('\n') == std::string::npos) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      said.append(buf, static_cast<size_t>(n));
    }
    ::close(out[0]);
    banner = said;
    const std::string prefix = "listening on http://127.0.0.1:";
    if (said.rfind(prefix, 0) == 0) port = std::stoi(said.substr(prefix.size()));
  }

  ~Served() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }

  bool up() const { return port > 0; }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(5);
    c.set_read_timeout(20);
    c.set_write_timeout(20);
    return c;
  }

  // Sends `sig` and waits up to 20 s for it to exit: its exit code, or -1
  // when it had to be killed.
  int stop(int sig = SIGTERM) {
    if (pid <= 0) return -1;
    ::kill(pid, sig);
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -1;
  }

  std::string log_text() const { return slurp(log); }
};

inline httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace vowtest
