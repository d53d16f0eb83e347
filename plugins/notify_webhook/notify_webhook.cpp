// A notifier SINK: each alert (and draft announcement) POSTed as JSON to a
// configured URL, for an incident tool, a chat bridge or a team's own
// service.
//
// Config:
//   url      "https://hooks.example.com/vow" (required)
//   headers  { "Authorization" = "Bearer ..." } sent with every request
//   timeout  seconds per request (default 10)
//
// The body is the item as vow hands it over; the header Idempotency-Key
// carries the alert's id (with "#2" for its second occurrence, and
// ":retraction" for a retraction), so a receiver can drop the copy a crash
// between its answer and vow's record may send again.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "alert_text.hpp"
#include "connector.hpp"
#include "http_post.hpp"

class NotifyWebhook {
 public:
  static constexpr const char* name = "notify_webhook";
  static constexpr const char* version = "1.0.0";

  explicit NotifyWebhook(const vow::sdk::Context& cx) {
    auto config = vow::connector::config_of(cx);
    target_ = vow::connector::http_target(config, "where to POST each alert");
    if (config.contains("headers")) {
      if (!config["headers"].is_object()) throw std::runtime_error("config: headers must be a table of strings");
      for (const auto& [k, v] : config["headers"].items()) {
        if (!v.is_string()) throw std::runtime_error("config: headers." + k + " must be a string");
        headers_.emplace_back(k, v.get<std::string>());
      }
    }
  }

  std::string deliver(std::string_view kind, std::string_view payload) {
    if (kind != "alert" && kind != "draft") return "";  // credits go to billing sinks
    auto item = vow::connector::parse_json(payload);
    if (item.is_discarded() || !item.is_object() || !item.contains("id"))
      throw std::runtime_error("an " + std::string(kind) + " without an id");
    auto headers = headers_;
    // A drill's alert has a real alert's id: its key must not make the
    // receiver drop the real one later as seen.
    headers.emplace_back("Idempotency-Key", vow::connector::delivery_key(item));
    int status = vow::connector::post_json(target_.url, std::string(payload), headers, target_.timeout);
    return "HTTP " + std::to_string(status);
  }

 private:
  vow::connector::HttpTarget target_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

VOW_PLUGIN(NotifyWebhook)
