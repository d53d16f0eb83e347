// Statuspage incidents (the v2 API's incident JSON, the incident history,
// and incident webhooks) to outage and maintenance events.
//
// Config (all optional):
//   services       { "component name or id": "service" }; default: the component's name
//   page_service   service for an incident that names no component (default "page")
//   degraded       "none" (default) or "partial": whether degraded_performance counts
//   prefix         event id prefix (default "statuspage")
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

std::string text(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

// When an update was published: what the page shows (display_at, which an
// operator may backdate), else when it was written.
std::string update_time(const json& u) {
  std::string at = text(u, "display_at");
  return at.empty() ? text(u, "created_at") : at;
}

struct Change {
  std::string at, old_status, new_status;
};

// major > partial > none, from a component status.
int severity(const std::string& status, bool degraded_counts) {
  if (status == "major_outage") return 2;
  if (status == "partial_outage") return 1;
  if (status == "degraded_performance" && degraded_counts) return 1;
  return 0;
}

}  // namespace

class Statuspage {
 public:
  static constexpr const char* name = "monitoring_statuspage";
  static constexpr const char* version = "1.0.0";

  explicit Statuspage(const vow::sdk::Context& cx) : cx_{{}, cx.host} {  // config is valid only during create
    json config = vow::connector::config_of(cx);
    prefix_ = config.value("prefix", prefix_);
    page_service_ = config.value("page_service", page_service_);
    std::string degraded = config.value("degraded", std::string("none"));
    if (degraded != "none" && degraded != "partial")
      throw std::runtime_error("config: degraded must be \"none\" or \"partial\"");
    degraded_counts_ = degraded == "partial";
    if (config.contains("services")) {
      if (!config["services"].is_object()) throw std::runtime_error("config: services must map components to services");
      for (const auto& [k, v] : config["services"].items()) services_[k] = v.get<std::string>();
    }
  }

  // A webhook request (ABI 1.2, `vow serve`'s /v1/hooks/NAME): its body is
  // a payload as feed reads one.
  void webhook(std::string_view /*headers*/, std::string_view body) { feed("webhook", body); }

  // One incident document ({"incident": ...} or the incident itself), a
  // webhook payload, a list ({"incidents": [...]} or an array).
  void feed(std::string_view file, std::string_view data) {
    json doc = vow::connector::parse_json(data);
    if (doc.is_discarded()) throw std::runtime_error(std::string(file) + ": not JSON");
    if (doc.is_array()) {
      for (const auto& d : doc) document(file, d);
    } else if (doc.contains("incidents") && doc["incidents"].is_array()) {
      for (const auto& i : doc["incidents"]) incident(file, i);
    } else {
      document(file, doc);
    }
  }

  bool next_batch(std::string& ndjson) { return events_.next_batch(ndjson); }

 private:
  void document(std::string_view file, const json& d) {
    if (d.contains("incident") && d["incident"].is_object())
      incident(file, d["incident"]);
    else if (d.contains("incident_updates"))
      incident(file, d);
    else
      throw std::runtime_error(std::string(file) + ": not a Statuspage incident (no \"incident\")");
  }

  std::string service_of(const json& component) const {
    for (const char* key : {"id", "code", "name"}) {
      auto it = services_.find(text(component, key));
      if (it != services_.end()) return it->second;
    }
    return text(component, "name");
  }

  void incident(std::string_view file, const json& inc) {
    std::string id = text(inc, "id");
    if (id.empty()) throw std::runtime_error(std::string(file) + ": an incident without an id");
    // Component -> whether the updates set a status for it (-1: never).
    std::map<std::string, std::pair<json, int>> components;
    for (const auto& c : inc.value("components", json::array())) components[text(c, "id")] = {c, -1};
    // The updates in time order (the API lists them newest first), each
    // component's status changes with them.
    const json all_updates = inc.value("incident_updates", json::array());
    std::vector<const json*> updates;
    for (const auto& u : all_updates) updates.push_back(&u);
    std::stable_sort(updates.begin(), updates.end(),
                     [](const json* a, const json* b) { return update_time(*a) < update_time(*b); });
    std::map<std::string, std::vector<Change>> changes;
    for (const json* u : updates) {
      for (const auto& a : u->value("affected_components", json::array())) {
        std::string key = text(a, "code").empty() ? text(a, "name") : text(a, "code");
        auto& slot = components[key];
        if (slot.first.is_null()) slot = {json{{"id", key}, {"name", text(a, "name")}}, -1};  // not in "components"
        // -1 while the page never set a status ("operational" throughout);
        // once set (degraded or under maintenance included), the component
        // follows its own timeline, even if it never is an outage.
        for (const char* field : {"old_status", "new_status"})
          if (std::string status = text(a, field); !status.empty() && status != "operational")
            slot.second = std::max(slot.second, severity(status, degraded_counts_));
        changes[key].push_back({update_time(*u), text(a, "old_status"), text(a, "new_status")});
      }
    }
    std::string impact = text(inc, "impact");
    int incident_severity = impact == "critical" || impact == "major" ? 2 : impact == "minor" ? 1 : 0;

    if (!text(inc, "scheduled_for").empty()) {
      maintenance(inc, id, components);
      return;
    }
    std::string start = text(inc, "started_at").empty() ? text(inc, "created_at") : text(inc, "started_at");
    std::string end = text(inc, "resolved_at");
    if (!end.empty() && end < start)  // same format, so text order is time order
      cx_.log(2, "incident " + id + " was resolved (" + end + ") before it started (" + start +
                     "); both ends are passed on, and vow lists them as a problem");
    if (components.empty()) components[""] = {json{{"id", ""}, {"name", page_service_}}, -1};
    for (const auto& [key, entry] : components) {
      const auto& [component, seen] = entry;
      std::string outage = key.empty() ? id : id + ":" + key;
      std::string service = key.empty() ? page_service_ : service_of(component);
      if (seen >= 0) {  // the page set its statuses: follow them
        timeline(inc, outage, service, changes[key], start, end);
        continue;
      }
      if (incident_severity > 0) emit_outage(inc, outage, service, incident_severity, start, end);
    }
  }

  // A component is down from the update that set it to an outage status
  // until the update that set it to another status (or the resolution).
  // Each stretch at one impact is its own outage, numbered from 1: events
  // have no way to change an outage's impact. The status before its first
  // update is that update's old_status; later old_status values are not
  // trusted (GitHub's often repeat new_status), the previous new_status is.
  void timeline(const json& inc, const std::string& outage, const std::string& service,
                const std::vector<Change>& changes, const std::string& start, const std::string& end) {
    int down = changes.empty() ? 0 : severity(changes.front().old_status, degraded_counts_), n = 0;
    std::string since = start;
    auto close = [&](const std::string& until) {
      if (down > 0 && since != until) emit_outage(inc, outage + ":" + std::to_string(++n), service, down, since, until);
    };
    for (const auto& c : changes) {
      int now = severity(c.new_status, degraded_counts_);
      if (now == down) continue;
      close(c.at);
      down = now;
      since = c.at;
    }
    close(end);
  }

  // `end` empty: still going, no outage.ended.
  void emit_outage(const json& inc, const std::string& outage, const std::string& service, int sev,
                   const std::string& start, const std::string& end) {
    json started{{"id", prefix_ + ":" + outage + ":started"},
                 {"type", "outage.started"},
                 {"at", start},
                 {"outage", outage},
                 {"service", service},
                 {"impact", sev == 2 ? "major" : "partial"}};
    if (!text(inc, "name").empty()) started["title"] = text(inc, "name");
    events_.emit(started);
    if (!end.empty())
      events_.emit(
          {{"id", prefix_ + ":" + outage + ":ended"}, {"type", "outage.ended"}, {"at", end}, {"outage", outage}});
  }

  void maintenance(const json& inc, const std::string& id,
                   const std::map<std::string, std::pair<json, int>>& components) {
    std::string start = text(inc, "scheduled_for"), end = text(inc, "scheduled_until");
    if (end.empty()) return;  // no window to exclude
    for (const auto& [key, entry] : components) {
      std::string m = key.empty() ? id : id + ":" + key;
      events_.emit(json{{"id", prefix_ + ":" + m + ":maintenance"},
                        {"type", "maintenance.scheduled"},
                        {"at", text(inc, "created_at")},  // when it was announced
                        {"maintenance", m},
                        {"service", key.empty() ? page_service_ : service_of(entry.first)},
                        {"start", start},
                        {"end", end}});
      if (text(inc, "status") == "cancelled" || text(inc, "status") == "canceled")
        events_.emit(json{{"id", prefix_ + ":" + m + ":cancelled"},
                          {"type", "maintenance.cancelled"},
                          {"at", text(inc, "updated_at")},
                          {"maintenance", m}});
    }
  }

  vow::sdk::Context cx_;
  std::map<std::string, std::string> services_;
  std::string page_service_ = "page";
  std::string prefix_ = "statuspage";
  bool degraded_counts_ = false;
  vow::connector::Events events_;
};

VOW_PLUGIN(Statuspage)
