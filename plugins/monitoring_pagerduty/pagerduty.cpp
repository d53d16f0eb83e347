// PagerDuty v3 webhooks (incident.triggered / incident.resolved) to outage events.
//
// Config (all optional):
//   services     { "service id or name": "service" }; default: the PagerDuty service's name
//   low_urgency  "partial" (default), "major" or "none": what a low-urgency incident counts as
//   prefix       event id prefix (default "pagerduty")
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

std::string text(const json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

class PagerDuty {
 public:
  static constexpr const char* name = "monitoring_pagerduty";
  static constexpr const char* version = "1.0.0";

  explicit PagerDuty(const vow::sdk::Context& cx) {
    json config = vow::connector::config_of(cx);
    prefix_ = config.value("prefix", prefix_);
    low_urgency_ = config.value("low_urgency", low_urgency_);
    if (low_urgency_ != "partial" && low_urgency_ != "major" && low_urgency_ != "none")
      throw std::runtime_error("config: low_urgency must be \"partial\", \"major\" or \"none\"");
    if (config.contains("services"))
      for (const auto& [k, v] : config["services"].items()) services_[k] = v.get<std::string>();
  }

  // A webhook request (ABI 1.2, `vow serve`'s /v1/hooks/NAME): its body is
  // a payload as feed reads one.
  void webhook(std::string_view /*headers*/, std::string_view body) { feed("webhook", body); }

  // One webhook ({"event": ...}), a JSON array of them, or one per line.
  void feed(std::string_view file, std::string_view data) {
    json doc = vow::connector::parse_json(data);
    events_.from(file);
    if (!doc.is_discarded()) {
      if (doc.is_array())
        for (const auto& w : doc) payload(file, w);
      else
        payload(file, doc);
      return;
    }
    for (size_t pos = 0, line_no = 1; pos < data.size(); ++line_no) {
      size_t end = data.find('\n', pos);
      if (end == std::string_view::npos) end = data.size();
      std::string_view line = data.substr(pos, end - pos);
      pos = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      json w = vow::connector::parse_json(line);
      if (w.is_discarded()) throw std::runtime_error(std::string(file) + ":" + std::to_string(line_no) + ": not JSON");
      events_.from(file, static_cast<uint32_t>(line_no));
      payload(file, w);
    }
  }

  bool next_batch(std::string& ndjson, vow::sdk::Origin& origin) { return events_.next_batch(ndjson, origin); }

 private:
  void payload(std::string_view file, const json& w) {
    if (!w.is_object() || !w.contains("event") || !w["event"].is_object())
      throw std::runtime_error(std::string(file) + ": not a PagerDuty v3 webhook (no \"event\")");
    const json& e = w["event"];
    std::string type = text(e, "event_type");
    if (type != "incident.triggered" && type != "incident.resolved") return;  // acknowledged, priority, notes...
    const json& incident = e.value("data", json::object());
    std::string id = text(incident, "id"), occurred = text(e, "occurred_at");
    if (id.empty() || occurred.empty())
      throw std::runtime_error(std::string(file) + ": " + type + " without an incident id or occurred_at");
    std::string impact = text(incident, "urgency") == "low" ? low_urgency_ : "major";
    if (impact == "none") return;
    if (type == "incident.resolved") {
      events_.emit(
          json{{"id", prefix_ + ":" + id + ":ended"}, {"type", "outage.ended"}, {"at", occurred}, {"outage", id}});
      return;
    }
    const json& svc = incident.value("service", json::object());
    std::string service = text(svc, "summary");
    for (const std::string& key : {text(svc, "id"), text(svc, "summary")})
      if (auto it = services_.find(key); it != services_.end()) service = it->second;
    if (service.empty()) throw std::runtime_error(std::string(file) + ": incident " + id + " names no service");
    std::string start = text(incident, "created_at").empty() ? occurred : text(incident, "created_at");
    json started{{"id", prefix_ + ":" + id + ":started"},
                 {"type", "outage.started"},
                 {"at", start},
                 {"outage", id},
                 {"service", service},
                 {"impact", impact}};
    if (!text(incident, "title").empty()) started["title"] = text(incident, "title");
    events_.emit(started);
  }

  std::map<std::string, std::string> services_;
  std::string low_urgency_ = "partial";
  std::string prefix_ = "pagerduty";
  vow::connector::Events events_;
};

VOW_PLUGIN(PagerDuty)
