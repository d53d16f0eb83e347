// Hands planned alerts to the notifier sinks and records each one a sink
// acknowledged as an alert.delivered event (docs/alerts.md, "Delivery";
// docs/adr/0034). A sink that fails is asked again later, each time after
// twice as long (1 s up to 5 min); one that crashed is started again.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "serve/delivery_plan.hpp"
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
  Courier(Workspace& ws, std::mutex& writing, Log& log, Metrics& metrics, bool drill = false);
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
    double seconds = 0;  // the sink's part
  };
  // Each planned delivery not waiting for its retry, in order, until
  // `stop` says so. Acknowledged deliveries are recorded in batches: at
  // most 100, at most 50 ms after the first of them was acknowledged.
  std::vector<Outcome> deliver(const std::vector<PlannedDelivery>& plan, Instant now,
                               const std::function<bool()>& stop = {});

 private:
  struct Retry {
    int failures = 0;
    std::chrono::steady_clock::time_point next;
  };
  PluginProcess* sink(const std::string& name);
  bool record(const std::string& lines, std::string& why);
  // Records done[from..]'s acknowledged deliveries, sets their retries, logs and counts each.
  void settle(std::vector<Outcome>& done, std::size_t from, Instant now);

  Workspace& ws_;
  std::mutex& writing_;
  Log& log_;
  Metrics& metrics_;
  bool drill_;
  std::map<std::string, std::unique_ptr<PluginProcess>> sinks_;
  std::map<std::pair<std::string, std::string>, Retry> retries_;  // (alert id or id + ":retraction", sink)
};

}  // namespace vow::serve
