#include "serve/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace vow::serve {

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  events_ = &prometheus::BuildCounter()
                 .Name("vow_events_ingested_total")
                 .Help("Events stored by POST /v1/events (new ones, not duplicates), by event type")
                 .Register(*registry_);
  requests_ = &prometheus::BuildCounter()
                   .Name("vow_http_requests_total")
                   .Help("HTTP requests answered, by endpoint and status")
                   .Register(*registry_);
  auto& latency = prometheus::BuildHistogram()
                      .Name("vow_ingest_duration_seconds")
                      .Help("Time to validate and store one POST /v1/events body, in seconds")
                      .Register(*registry_);
  ingest_seconds_ = &latency.Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                             0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  auto& sync = prometheus::BuildHistogram()
                   .Name("vow_ledger_sync_duration_seconds")
                   .Help("Time a POST waited, once stored, for the ledger's -wal to reach the disk, in seconds")
                   .Register(*registry_);
  sync_seconds_ = &sync.Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                        0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  alerts_ = &prometheus::BuildCounter()
                 .Name("vow_alerts_total")
                 .Help("Alerts this server learnt of (each once: at start, the ledger's, then each new one), by kind")
                 .Register(*registry_);
  deliveries_ =
      &prometheus::BuildCounter()
           .Name("vow_alert_deliveries_total")
           .Help("Deliveries of alerts to notifier sinks, by sink and outcome (delivered, unrecorded, failed)")
           .Register(*registry_);
  auto& evaluation = prometheus::BuildHistogram()
                         .Name("vow_evaluation_duration_seconds")
                         .Help("Time of one round of live evaluation (the alerts as of now and their delivery plan)")
                         .Register(*registry_);
  evaluation_seconds_ =
      &evaluation.Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                                  0.25, 0.5, 1, 2.5, 5, 10, 30});
  auto& event_to_alert = prometheus::BuildHistogram()
                             .Name("vow_event_to_alert_seconds")
                             .Help(
                                 "From the arrival of a body to the first hand-over to a sink of an alert its "
                                 "events raised (from the earliest body a round took in)")
                             .Register(*registry_);
  event_to_alert_seconds_ =
      &event_to_alert.Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05,
                                                                      0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30});
  budget_ = &prometheus::BuildGauge()
                 .Name("vow_uptime_budget_consumed_ratio")
                 .Help("Share of this month's uptime error budget used so far, by customer (1: all of it)")
                 .Register(*registry_);
  compliant_ = &prometheus::BuildGauge()
                    .Name("vow_account_compliant")
                    .Help("1 when every target of the customer's contract is met this month so far, else 0")
                    .Register(*registry_);
}

Metrics::~Metrics() = default;

void Metrics::ingested(const std::map<std::string, std::size_t>& by_type) {
  for (const auto& [type, n] : by_type) events_->Add({{"type", type}}).Increment(static_cast<double>(n));
}

void Metrics::ingest_took(double seconds) {
  ingest_seconds_->Observe(seconds);
}

void Metrics::sync_took(double seconds) {
  sync_seconds_->Observe(seconds);
}

void Metrics::request(const std::string& route, int status) {
  requests_->Add({{"path", route}, {"status", std::to_string(status)}}).Increment();
}

void Metrics::alert_known(const std::string& kind) {
  alerts_->Add({{"kind", kind}}).Increment();
}

void Metrics::evaluated(double seconds) {
  evaluation_seconds_->Observe(seconds);
}

void Metrics::event_to_alert(double seconds) {
  event_to_alert_seconds_->Observe(seconds);
}

void Metrics::delivery(const std::string& sink, const std::string& outcome) {
  deliveries_->Add({{"sink", sink}, {"outcome", outcome}}).Increment();
}

void Metrics::account(const std::string& customer, std::optional<double> budget_consumed,
                      std::optional<bool> compliant) {
  if (budget_consumed) budget_->Add({{"customer", customer}}).Set(*budget_consumed);
  if (compliant) compliant_->Add({{"customer", customer}}).Set(*compliant ? 1 : 0);
}

std::string Metrics::text() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace vow::serve
