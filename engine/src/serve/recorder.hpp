// Records the deliveries sinks acknowledged, as alert.delivered events, on
// a thread of its own (docs/adr/0038): a durable write takes milliseconds
// (an fdatasync, behind the POSTs' own), and the evaluation must not wait
// for it before the next alert goes out.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "vow/workspace.hpp"

namespace vow::serve {

class Log;
class Metrics;

class Recorder {
 public:
  using Key = std::pair<std::string, std::string>;  // (what the sink was given, sink)

  // `writing` is held while a batch is written (the ledger's one writer).
  // What is added within `gather` of the first record waiting is written
  // with it, in one transaction (ADR 0054), or sooner once 1,000 wait;
  // drain() and stop() do not wait for the gathering to end. A crash
  // meanwhile sends those alerts once more, as alerts.md allows.
  Recorder(Workspace& ws, std::mutex& writing, Log& log, Metrics& metrics,
           std::chrono::milliseconds gather = std::chrono::milliseconds(50));
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void start();
  // Writes what is queued (once), then ends the thread.
  void stop();

  // One acknowledged delivery: its key, its alert.delivered line, and the
  // log line's fields, written with outcome "delivered" once it is stored.
  void add(const Key& key, std::string line, nlohmann::ordered_json logged);
  // How many batches were written so far. Taken before the ledger is read,
  // it says which records that reading holds: those of batches up to it.
  std::uint64_t mark();
  // Whether a reading taken at `mark` may lack the record of `key`: it is
  // queued, being written, or was written after. The sink has it either
  // way. Forgets the records such a reading holds.
  bool holds(const Key& key, std::uint64_t mark);
  // Returns once everything queued before the call was written or, the
  // ledger refusing it, is waiting for the next try.
  void drain();

 private:
  struct Pending {
    Key key;
    std::string line;
    nlohmann::ordered_json logged;
  };
  void loop();
  void write(std::vector<Pending>& batch);

  Workspace& ws_;
  std::mutex& writing_;
  Log& log_;
  Metrics& metrics_;
  std::chrono::milliseconds gather_;

  std::mutex m_;
  std::condition_variable wake_, idle_;
  std::vector<Pending> queue_;                            // guarded by m_
  std::map<Key, std::uint64_t> in_flight_;                // queued or being written: 0; written: its batch's number
  std::uint64_t written_ = 0, tries_ = 0;                 // batches written; attempts ended (drain waits for one)
  std::chrono::steady_clock::time_point first_waiting_;   // when queue_ last became non-empty
  bool stopping_ = false, busy_ = false, hurry_ = false;  // hurry_: drain() waits for what is queued
  std::thread thread_;
};

}  // namespace vow::serve
