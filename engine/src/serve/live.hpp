// Live evaluation (docs/serve.md, docs/adr/0034): the alerts as of now,
// computed again whenever events are stored, the test clock moves, or a
// second passes (a clock reaches 80% with no event at all); each new one
// announced on the stream and delivered to the sinks of the routes it
// matches.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>

#include "serve/courier.hpp"
#include "serve/stream.hpp"
#include "vow/workspace.hpp"

namespace vow::serve {

class Live {
 public:
  // `state` is held alone to take in stored events and shared to evaluate;
  // `writing` while a delivery is recorded. Delivers alerts from `from` on.
  Live(Workspace& ws, std::shared_mutex& state, std::mutex& writing, Log& log, Metrics& metrics, Stream& stream,
       std::function<Instant()> now, Instant from);
  ~Live();
  Live(const Live&) = delete;
  Live& operator=(const Live&) = delete;

  // Starts the sinks (vow::Error, exit 78, when one does not), then the rounds on a thread of their own.
  void start();
  // After the round under way.
  void stop();
  // Events were stored or the clock moved: a round now, not in a second.
  // With `outage_started`, it also looks for outages to announce drafts of.
  void changed(bool outage_started = false);
  // Returns once a round that began after this call has ended.
  void settle();

 private:
  void loop();
  void round();
  // Each outage going on now that started since `from_`: its initial
  // notice draft announced once for each customer it affects.
  void announce_drafts(Instant now, const std::map<std::string, std::string>& names);

  Workspace& ws_;
  std::shared_mutex& state_;
  Log& log_;
  Metrics& metrics_;
  Stream& stream_;
  std::function<Instant()> now_;
  Instant from_;
  Courier courier_;

  std::unordered_set<std::string> seen_, seen_retracted_;  // what the stream was told, and counted
  std::map<std::string, Instant> first_known_;             // alert id -> when it was first planned for a sink
  std::set<std::pair<std::string, std::string>> drafted_;  // (outage, customer)
  bool first_round_ = true;
  bool outages_ = true;  // guarded by m_: an outage.started was stored since the last look

  std::thread thread_;
  std::mutex m_;
  std::condition_variable wake_, ended_round_;
  bool stopping_ = false, pending_ = false;
  std::atomic<bool> stop_asked_{false};  // read by a round's deliveries, which then leave the rest owed
  std::uint64_t begun_ = 0, ended_ = 0;
};

}  // namespace vow::serve
