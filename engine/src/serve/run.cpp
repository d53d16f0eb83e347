// The process around the server: signals, the listening line, the exit code.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "serve/customer_access.hpp"
#include "serve/server.hpp"
#include "serve/tokens.hpp"

namespace vow::serve {

int serve(Workspace& ws, const std::string& host, int port, std::ostream& out, std::ostream& log) {
  auto tokens = resolve_tokens(ws.config());
  auto customers = resolve_customers(ws.config(), tokens, ws.contract_ids());
  // SIGTERM and SIGINT are blocked in every thread (cpp-httplib's inherit
  // this mask) and taken here by sigtimedwait, so no handler runs on a
  // thread in the middle of a request. A client gone away is an error
  // return, not SIGPIPE.
  sigset_t stops, before;
  sigemptyset(&stops);
  sigaddset(&stops, SIGTERM);
  sigaddset(&stops, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stops, &before);
  ::signal(SIGPIPE, SIG_IGN);

  Server server(ws, std::move(tokens), log, std::move(customers));
  int bound = server.bind(host, port);
  server.start_live();
  std::string url =
      "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(bound);
  server.log("info", "listening", {{"url", url}, {"config", ws.config().file.string()}});
  out << "listening on " << url << std::endl;

  std::atomic<bool> ended{false};
  bool served = true;
  std::thread worker([&] {
    served = server.run();
    ended = true;
  });
  int signal = 0;
  while (!ended && signal <= 0) {
    timespec wait{0, 200'000'000};
    signal = sigtimedwait(&stops, nullptr, &wait);
  }
  if (signal > 0) {
    server.log("info", "stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
    // stop() does nothing before the server has started listening, and
    // must be called once only (cpp-httplib asserts so): once it runs.
    for (bool asked = false; !ended;) {
      if (!asked && server.running()) {
        server.stop();
        asked = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  worker.join();
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (signal <= 0 || !served) {
    server.log("error", "the server stopped by itself", {});
    return static_cast<int>(Exit::Internal);
  }
  server.log("info", "stopped", {});
  return 0;
}

}  // namespace vow::serve
