// Hands planned alerts to the notifier sinks and records each one a sink
// acknowledged as an alert.delivered event (docs/alerts.md, "Delivery";
// docs/adr/0034). A sink that fails is asked again later, each time after
// twice as long (1 s up to 5 min); one that crashed is started again. A
// delivery the ledger could not record is recorded later, never re-sent
// (only a crash between acknowledgement and record sends one twice).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "serve/delivery_plan.hpp"
#include "serve/recorder.hpp"
#include "vow/workspace.hpp"

namespace vow::serve {

class Log;
class Metrics;

// The alert.delivered line that records one delivery (its id names alert,
// sink and whether it is a retraction; within the ledger's 256 bytes).
std::string delivered_line(const PlannedDelivery& d, const std::string& reference, Instant at, bool drill);

class Courier {
 public:
  // `writing` is held while a delivery is recorded (the ledger's one writer).
  // With a `recorder`, acknowledged deliveries are handed to it, and
  // recorded on its thread; without, here, before deliver() returns.
  Courier(Workspace& ws, std::mutex& writing, Log& log, Metrics& metrics, bool drill = false,
          Recorder* recorder = nullptr);
  ~Courier();
  Courier(const Courier&) = delete;
  Courier& operator=(const Courier&) = delete;

  // Starts each sink the routes name: vow::Error (exit 78) for one that
  // does not start or takes no deliveries.
  void start(const std::vector<ServeRoute>& routes);

  struct Outcome {
    PlannedDelivery delivery;
    bool acknowledged = false, recorded = false;
    std::string reference, why;
    double seconds = 0;                            // the sink's part
    std::chrono::steady_clock::time_point handed;  // when the sink was called
  };
  // Each planned delivery not waiting for its retry, in order, until
  // `stop` says so. Acknowledged deliveries are recorded in batches: at
  // most 100, within 50 ms of the first (or before the next sink call).
  std::vector<Outcome> deliver(const std::vector<PlannedDelivery>& plan, Instant now,
                               const std::function<bool()>& stop = {});
  // Called before the ledger is read for the next plan: deliveries the
  // recorder had not written by then are not made again from that plan.
  void reading_begins() {
    if (recorder_) mark_ = recorder_->mark();
  }

 private:
  struct Retry {
    int failures = 0;
    std::chrono::steady_clock::time_point next;
  };
  PluginProcess* sink(const std::string& name);
  bool record(const std::string& lines, std::string& why);
  // Records done[from..]'s acknowledged deliveries, sets their retries, logs and counts each.
  void settle(std::vector<Outcome>& done, std::size_t from, Instant now);
  static nlohmann::ordered_json log_fields(const Outcome& o, const std::string& outcome);
  // Records what sinks acknowledged and the ledger did not take yet.
  void record_owed();

  Workspace& ws_;
  std::mutex& writing_;
  Log& log_;
  Metrics& metrics_;
  bool drill_;
  Recorder* recorder_;
  std::uint64_t mark_ = 0;
  std::map<std::string, std::unique_ptr<PluginProcess>> sinks_;
  std::map<std::pair<std::string, std::string>, Retry> retries_;  // (alert id or id + ":retraction", sink)
  // Acknowledged, not recorded yet (the ledger refused or was busy): the
  // alert.delivered line owed for each; the sink is not asked again.
  std::map<std::pair<std::string, std::string>, std::string> unrecorded_;
  std::chrono::steady_clock::time_point record_retry_{};
};

}  // namespace vow::serve
