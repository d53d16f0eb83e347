// The webhook sink of tests/bench/serve_latency.py, in C++ so that taking
// 10,000 alerts a second is not what the latency measures.
//
//   vow_bench_sink PORT OUTFILE
//
// Answers every POST 200 (GET /count: how many so far) and, on SIGTERM, writes one line per alert,
// `RECEIVED_NS ID` (CLOCK_REALTIME when its body was whole, its "id"), then
// `# cpu SECONDS` (its own user + system time).
#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

std::string id_of(const std::string& body) {
  const std::string key = "\"id\":\"";
  auto at = body.find(key);
  if (at == std::string::npos) return "?";
  at += key.size();
  auto end = body.find('"', at);
  return end == std::string::npos ? "?" : body.substr(at, end - at);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: vow_bench_sink PORT OUTFILE\n";
    return 2;
  }
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // the server's threads inherit it; main waits for it

  std::mutex m;
  std::vector<std::pair<long long, std::string>> got;
  got.reserve(1 << 20);
  httplib::Server http;
  http.new_task_queue = [] { return new httplib::ThreadPool(16); };
  http.Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
    auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
                   .count();
    std::string id = id_of(req.body);
    {
      std::lock_guard lock(m);
      got.emplace_back(now, std::move(id));
    }
    res.status = 200;
  });
  http.Get("/count", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(m);
    res.set_content(std::to_string(got.size()), "text/plain");
  });
  if (!http.bind_to_port("127.0.0.1", std::stoi(argv[1]))) {
    std::cerr << "cannot listen on 127.0.0.1:" << argv[1] << "\n";
    return 1;
  }
  std::thread server([&] { http.listen_after_bind(); });
  std::cout << "sink ready" << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  http.stop();
  server.join();

  std::ofstream out(argv[2]);
  for (const auto& [ns, id] : got) out << ns << ' ' << id << '\n';
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  out << "# cpu " << (u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6) << '\n';
  return 0;
}
