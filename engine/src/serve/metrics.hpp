// What GET /metrics exposes, kept with prometheus-cpp and written by its
// TextSerializer (the Prometheus text format, docs/serve.md).
#pragma once

#include <map>
#include <memory>
#include <string>

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Histogram;
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
  // `route` is one of the server's own paths or "other", so that a client
  // cannot make a series per path it makes up.
  void request(const std::string& route, int status);

  std::string text() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* events_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Histogram* ingest_seconds_;
};

}  // namespace vow::serve
