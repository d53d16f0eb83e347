// UptimeRobot alert webhooks to outage events.
//
// Config (all optional):
//   services  { "monitor name or id": "service" }; default: the monitor's friendly name
//   prefix    event id prefix (default "uptimerobot")
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

std::string field(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

// "2 hours, 5 minutes and 3 seconds" -> seconds; -1 when it is not such a
// text, or says more than a century. Scanned by hand: std::regex recurses
// once per character, and the text is the payload's.
long long friendly_seconds(const std::string& text) {
  constexpr long long kCentury = 100LL * 366 * 86400;
  const std::pair<std::string_view, long long> units[] = {
      {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}};
  auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  long long total = 0;
  bool any = false;
  for (size_t i = 0; i < text.size();) {
    if (!digit(i)) {
      ++i;
      continue;
    }
    size_t start = i;
    while (digit(i)) ++i;
    if (i - start > 12) return -1;  // 10^12 days still fits in a long long
    long long n = std::stoll(text.substr(start, i - start));
    size_t k = i;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    for (auto [word, seconds] : units)
      if (std::string_view(text).substr(k, word.size()) == word) {
        total += n * seconds;
        if (total > kCentury) return -1;
        any = true;
        i = k + word.size();
        if (i < text.size() && text[i] == 's') ++i;
        break;
      }
  }
  return any ? total : -1;
}

}  // namespace

class UptimeRobot {
 public:
  static constexpr const char* name = "monitoring_uptimerobot";
  static constexpr const char* version = "1.0.0";

  explicit UptimeRobot(const vow::sdk::Context& cx) : cx_{{}, cx.host} {  // config is valid only here
    json config = vow::connector::config_of(cx);
    prefix_ = config.value("prefix", prefix_);
    if (config.contains("services"))
      for (const auto& [k, v] : config["services"].items()) services_[k] = v.get<std::string>();
  }

  // A webhook request (ABI 1.2, `vow serve`'s /v1/hooks/NAME): its body is
  // a payload as feed reads one, and with no time of its own it happened
  // when it arrived.
  void webhook(std::string_view headers, std::string_view body) {
    arrival_.during(headers, [&] { feed("webhook", body); });
  }

  void feed(std::string_view file, std::string_view data) {
    json doc = vow::connector::parse_json(data);
    if (doc.is_discarded()) throw std::runtime_error(std::string(file) + ": not JSON");
    if (doc.is_array())
      for (const auto& a : doc) alert(file, a);
    else
      alert(file, doc);
  }

  bool next_batch(std::string& ndjson) { return events_.next_batch(ndjson); }

 private:
  // When the alert happened: alertDateTime, else when the webhook request
  // arrived, else when the payload was saved.
  long long when(std::string_view file, const json& a) {
    std::string t = field(a, "alertDateTime");
    if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos) return std::stoll(t);
    if (arrival_.at) return *arrival_.at;
    long long secs = vow::connector::written_at(
        file, "the alert has no alertDateTime; add *alertDateTime* to the webhook's POST value");
    cx_.log(2, std::string(file) + ": no alertDateTime in the alert; using the time the file was written, " +
                   vow::connector::utc(secs));
    return secs;
  }

  void alert(std::string_view file, const json& a) {
    std::string monitor = field(a, "monitorID"), type = field(a, "alertType");
    if (monitor.empty() || type.empty())
      throw std::runtime_error(std::string(file) + ": not an UptimeRobot alert (no monitorID or alertType)");
    if (type != "1" && type != "2") return;  // 3: SSL expiry, not an outage
    std::string friendly = field(a, "monitorFriendlyName");
    std::string service = friendly.empty() ? monitor : friendly;
    for (const std::string& key : {friendly, monitor})
      if (auto it = services_.find(key); it != services_.end()) service = it->second;
    long long at = when(file, a);
    if (type == "1") {  // down: the outage starts now
      std::string outage = monitor + "@" + std::to_string(at);
      json e{{"id", prefix_ + ":" + outage + ":started"},
             {"type", "outage.started"},
             {"at", vow::connector::utc(at)},
             {"outage", outage},
             {"service", service}};
      if (!field(a, "alertDetails").empty()) e["title"] = field(a, "alertDetails");
      events_.emit(e);
      return;
    }
    // up: it started alertFriendlyDuration ago, which names the down alert's outage.
    long long lasted = friendly_seconds(field(a, "alertFriendlyDuration"));
    if (lasted < 0)
      throw std::runtime_error(std::string(file) + ": an up alert whose alertFriendlyDuration (\"" +
                               field(a, "alertFriendlyDuration") + "\") says not how long the monitor was down");
    std::string outage = monitor + "@" + std::to_string(at - lasted);
    events_.emit(json{{"id", prefix_ + ":" + outage + ":ended"},
                      {"type", "outage.ended"},
                      {"at", vow::connector::utc(at)},
                      {"outage", outage}});
  }

  vow::sdk::Context cx_;
  std::map<std::string, std::string> services_;
  std::string prefix_ = "uptimerobot";
  vow::connector::Events events_;
  vow::connector::Arrival arrival_;
};

VOW_PLUGIN(UptimeRobot)
