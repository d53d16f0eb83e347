// What GET /metrics exposes, kept with prometheus-cpp and written by its
// TextSerializer (the Prometheus text format, docs/serve.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Histogram;
class Gauge;
}  // namespace prometheus

namespace vow::serve {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void ingested(const std::map<std::string, std::size_t>& by_type);
  void ingest_took(double seconds);
  // The wait for the disk after it (ADR 0063).
  void sync_took(double seconds);
  // `route` is one of the server's own paths or "other", so that a client
  // cannot make a series per path it makes up.
  void request(const std::string& route, int status);
  // An alert this server learnt of (each id once), by kind.
  void alert_known(const std::string& kind);
  // One round of live evaluation: the alerts as of now and their plan.
  void evaluated(double seconds);
  // From the arrival of a body to the first hand-over to a sink of an
  // alert its events raised (issue 11's event-to-alert latency).
  void event_to_alert(double seconds);
  // One delivery to a notifier sink: "delivered" (acknowledged and
  // recorded), "unrecorded" (acknowledged, the record failed) or "failed".
  void delivery(const std::string& sink, const std::string& outcome);
  // How each account stands as of the last /metrics: the share of its
  // uptime error budget used (0: none), and whether every target is met.
  void account(const std::string& customer, std::optional<double> budget_consumed, std::optional<bool> compliant);

  std::string text() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* events_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Histogram* ingest_seconds_;
  prometheus::Histogram* sync_seconds_;
  prometheus::Family<prometheus::Counter>* alerts_;
  prometheus::Family<prometheus::Counter>* deliveries_;
  prometheus::Histogram* evaluation_seconds_;
  prometheus::Histogram* event_to_alert_seconds_;
  prometheus::Family<prometheus::Gauge>* budget_;
  prometheus::Family<prometheus::Gauge>* compliant_;
};

}  // namespace vow::serve
