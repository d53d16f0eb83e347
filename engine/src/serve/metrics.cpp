#include "serve/metrics.hpp"

#include <prometheus/counter.h>
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
}

Metrics::~Metrics() = default;

void Metrics::ingested(const std::map<std::string, std::size_t>& by_type) {
  for (const auto& [type, n] : by_type) events_->Add({{"type", type}}).Increment(static_cast<double>(n));
}

void Metrics::ingest_took(double seconds) {
  ingest_seconds_->Observe(seconds);
}

void Metrics::request(const std::string& route, int status) {
  requests_->Add({{"path", route}, {"status", std::to_string(status)}}).Increment();
}

std::string Metrics::text() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace vow::serve
