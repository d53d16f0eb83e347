// Live evaluation (docs/serve.md, docs/adr/0034, 0036 and 0039): the alerts as
// of now of the customers whose events were stored, and of those whose
// next alert (a clock reaching 80% with no event at all) is due, computed
// as soon as either happens; each new one announced on the stream and
// delivered to the sinks of the routes it matches.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "serve/courier.hpp"
#include "serve/recorder.hpp"
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
  // Tells the round under way to leave its remaining deliveries owed (the
  // server is stopping); stop() then joins it.
  void ask_stop() { stop_asked_ = true; }
  // Events were stored or the clock moved: a round now, not in a second.
  // With `outage_started`, it also looks for outages to announce drafts of.
  void changed(bool outage_started = false);

  // A body that arrived at `at` is about to be stored; its events' alerts
  // are timed from then (vow_event_to_alert_seconds, ADR 0057). Known
  // before its events can be read, and forgotten only by a round that
  // reads events after stored() (or the guard's end): no round times its
  // alerts from a body that arrived later.
  class Arrival {
   public:
    Arrival(Live* live, std::chrono::steady_clock::time_point at);
    ~Arrival() { stored(); }
    // Its store has ended (its events, if any, can be read): a round that
    // reads events after this forgets it.
    void stored();
    Arrival(const Arrival&) = delete;
    Arrival& operator=(const Arrival&) = delete;

   private:
    Live* live_;
    std::uint64_t id_ = 0;
  };
  // Returns once a round that began after this call has ended.
  void settle();

 private:
  void loop();
  void round();
  // The customers to evaluate now: those the stored events touched and
  // those due. Empty with `all` set: every one.
  std::vector<std::string> chosen(const Touched& touched, Instant now, bool& all);
  // When each of `customers` (those the engine cannot name the instant of
  // their next change for, ADR 0039) is to be evaluated next, from their
  // alerts as of now and as of kLookAhead later (ADR 0036).
  void schedule(const std::vector<std::string>& customers, const std::vector<Alert>& as_of_now,
                const AlertsReport& later, Instant now);
  void set_due(const std::string& customer, Instant at);
  // Each outage going on now that started since `from_`: its initial
  // notice draft announced once for each customer it affects.
  void announce_drafts(Instant now, const std::unordered_map<std::string, std::string>& names);

  Workspace& ws_;
  std::shared_mutex& state_;
  Log& log_;
  Metrics& metrics_;
  Stream& stream_;
  std::function<Instant()> now_;
  Instant from_;
  Recorder recorder_;  // before courier_, which hands it what sinks acknowledged
  Courier courier_;

  std::unordered_set<std::string> seen_, seen_retracted_;  // what the stream was told, and counted
  std::map<std::string, Instant> first_known_;             // alert id#occurrence -> when first planned for a sink
  std::set<std::pair<std::string, std::string>> drafted_;  // (outage, customer)
  bool first_round_ = true;
  bool redo_all_ = false;  // a round failed: the next evaluates every customer
  // Every contract's id and name, from the first round; hashed, since each
  // round looks up each customer it evaluates.
  std::unordered_map<std::string, std::string> names_;
  // customer -> the instant its alerts are to be computed again. Hashed,
  // and named below by its key here (which stays put as the table grows):
  // ordered names, copied and compared, were a tenth of a round under load.
  std::unordered_map<std::string, Instant> due_;
  // The same, by instant.
  std::set<std::pair<Instant, const std::string*>> queue_;
  std::set<std::string> owed_;  // customers with a delivery failed or waiting for its retry
  Instant last_now_ = 0;        // the last round's instant: a test clock that stands still
  bool outages_ = true;         // guarded by m_: an outage.started was stored since the last look

  std::thread thread_;
  std::mutex m_;
  std::condition_variable wake_, ended_round_;
  bool stopping_ = false, pending_ = false;
  std::chrono::steady_clock::time_point asked_;        // when pending_ was set, or the round woke by itself
  std::chrono::steady_clock::time_point round_asked_;  // asked_ of the round under way, taken as it began
  // Bodies being stored, or stored and not yet sure to be read by a
  // round: id -> when it arrived, and whether its store has ended.
  struct Arriving {
    std::chrono::steady_clock::time_point at;
    bool stored = false;
  };
  std::map<std::uint64_t, Arriving> arriving_;
  std::uint64_t next_arrival_ = 0;
  std::atomic<bool> stop_asked_{false};  // read by a round's deliveries, which then leave the rest owed
  std::uint64_t begun_ = 0, ended_ = 0;
};

}  // namespace vow::serve
