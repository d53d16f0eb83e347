// Alertmanager webhook payloads (version 4) to outage events. Built a
// second time with VOW_GRAFANA for Grafana's alerting webhooks, which carry
// the same alerts under "version": "1".
//
// Config (all optional):
//   service_label    label naming the service           (default "service", then "job", then alertname)
//   customers_label  label with comma-separated customer ids; absent: every customer of the service
//   impact_label     label that marks partial impact     (default "severity")
//   partial_values   values of impact_label meaning partial (default ["warning"])
//   prefix           event id prefix                     (default "alertmanager")
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

#ifdef VOW_GRAFANA
constexpr const char* kName = "monitoring_grafana";
constexpr const char* kPayloadVersion = "1";
constexpr const char* kPayload = "a Grafana alerting webhook payload";
#else
constexpr const char* kName = "monitoring_alertmanager";
constexpr const char* kPayloadVersion = "4";
constexpr const char* kPayload = "an Alertmanager webhook payload";
#endif

std::string label(const json& labels, const std::string& key) {
  auto it = labels.find(key);
  return it != labels.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

class Alertmanager {
 public:
  static constexpr const char* name = kName;
  static constexpr const char* version = "1.0.0";

  explicit Alertmanager(const vow::sdk::Context& cx) {
    json config = vow::connector::config_of(cx);
    service_label_ = config.value("service_label", service_label_);
    customers_label_ = config.value("customers_label", customers_label_);
    impact_label_ = config.value("impact_label", impact_label_);
    prefix_ = config.value("prefix", prefix_);
    if (config.contains("partial_values")) {
      if (!config["partial_values"].is_array()) throw std::runtime_error("config: partial_values must be a list");
      partial_.clear();
      for (const auto& v : config["partial_values"]) partial_.insert(v.get<std::string>());
    }
  }

  // A webhook request (ABI 1.2, `vow serve`'s /v1/hooks/NAME): its body is
  // a payload as feed reads one.
  void webhook(std::string_view /*headers*/, std::string_view body) { feed("webhook", body); }

  // A payload, a JSON array of payloads, or one payload per line.
  void feed(std::string_view file, std::string_view data) {
    json doc = vow::connector::parse_json(data);
    events_.from(file);
    if (!doc.is_discarded()) {
      if (doc.is_array())
        for (const auto& p : doc) payload(file, p);
      else
        payload(file, doc);
      return;
    }
    size_t line_no = 0;
    for (size_t pos = 0; pos < data.size();) {
      size_t end = data.find('\n', pos);
      if (end == std::string_view::npos) end = data.size();
      std::string_view line = data.substr(pos, end - pos);
      ++line_no;
      pos = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      json p = vow::connector::parse_json(line);
      if (p.is_discarded())
        throw std::runtime_error(std::string(file) + ":" + std::to_string(line_no) + ": not a JSON webhook payload");
      events_.from(file, static_cast<uint32_t>(line_no));
      payload(file, p);
    }
  }

  bool next_batch(std::string& ndjson, vow::sdk::Origin& origin) { return events_.next_batch(ndjson, origin); }

 private:
  void payload(std::string_view file, const json& p) {
    if (!p.is_object() || !p.contains("alerts") || !p["alerts"].is_array())
      throw std::runtime_error(std::string(file) + ": not " + kPayload + " (no \"alerts\" list)");
    if (p.value("version", kPayloadVersion) != kPayloadVersion)
      throw std::runtime_error(std::string(file) + ": webhook version " + p.value("version", "?") + " is not " +
                               kPayload + "'s (that is version " + kPayloadVersion + ")");
    for (const auto& a : p["alerts"]) alert(file, a);
  }

  void alert(std::string_view file, const json& a) {
    const json labels = a.value("labels", json::object());
    std::string fingerprint = a.value("fingerprint", "");
    std::string starts = a.value("startsAt", "");
    if (fingerprint.empty() || starts.empty())
      throw std::runtime_error(std::string(file) + ": an alert without fingerprint or startsAt");
    std::string service = label(labels, service_label_);
    if (service.empty()) service = label(labels, "job");
    if (service.empty()) service = label(labels, "alertname");
    if (service.empty()) throw std::runtime_error(std::string(file) + ": alert " + fingerprint + " names no service");
    // One firing episode of an alert is one outage: the fingerprint alone
    // would make a re-fired alert a "second start".
    std::string outage = fingerprint + "@" + starts;
    json started{{"id", prefix_ + ":" + outage + ":started"},
                 {"type", "outage.started"},
                 {"at", starts},
                 {"outage", outage},
                 {"service", service},
                 {"impact", partial_.count(label(labels, impact_label_)) ? "partial" : "major"}};
    std::string summary = a.value("annotations", json::object()).value("summary", label(labels, "alertname"));
    if (!summary.empty()) started["title"] = summary;
    if (!customers_label_.empty()) {
      std::string list = label(labels, customers_label_);
      if (!list.empty()) {
        json customers = json::array();
        for (size_t pos = 0; pos <= list.size();) {
          size_t comma = list.find(',', pos);
          if (comma == std::string::npos) comma = list.size();
          std::string id = list.substr(pos, comma - pos);
          if (!id.empty()) customers.push_back(id);
          pos = comma + 1;
        }
        started["customers"] = customers;
      }
    }
    events_.emit(started);
    // endsAt of a firing alert is not an end: 0001-01-01 means "still firing",
    // and a future instant is only when Alertmanager would resend.
    std::string ends = a.value("endsAt", "");
    if (a.value("status", "") == "resolved" && !ends.empty() && ends.rfind("0001-01-01", 0) != 0) {
      json ended{{"id", prefix_ + ":" + outage + ":ended"}, {"type", "outage.ended"}, {"at", ends}, {"outage", outage}};
      events_.emit(ended);
    }
  }

  std::string service_label_ = "service";
  std::string customers_label_;
  std::string impact_label_ = "severity";
  std::set<std::string> partial_{"warning"};
  std::string prefix_ = std::string(kName).substr(sizeof("monitoring_") - 1);
  vow::connector::Events events_;
};

VOW_PLUGIN(Alertmanager)
