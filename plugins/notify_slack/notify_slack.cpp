// A notifier SINK: each alert as a message to a Slack incoming webhook
// (https://hooks.slack.com/services/...), one line a person reads at a
// glance, the details in a second block.
//
// Config:
//   url      the incoming webhook's URL (required; it is a secret: messages
//            name only its host)
//   timeout  seconds per request (default 10)
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "alert_text.hpp"
#include "connector.hpp"
#include "http_post.hpp"

namespace {

// Slack's mrkdwn gives &, < and > meaning; a name must not open a link or
// mention (<!channel>).
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

class NotifySlack {
 public:
  static constexpr const char* name = "notify_slack";
  static constexpr const char* version = "1.0.0";

  explicit NotifySlack(const vow::sdk::Context& cx) {
    target_ = vow::connector::http_target(vow::connector::config_of(cx), "the Slack incoming webhook");
  }

  std::string deliver(std::string_view kind, std::string_view payload) {
    if (kind != "alert") return "";  // drafts and credits are not chat messages
    auto a = vow::connector::parse_json(payload);
    if (a.is_discarded() || !a.is_object() || !a.contains("id")) throw std::runtime_error("an alert without an id");
    std::string line = escaped(vow::connector::alert_line(a));
    std::string details = "`" + escaped(a["id"].get<std::string>()) + "` at " + escaped(a.value("at", ""));
    nlohmann::json message{{"text", line},
                           {"blocks",
                            {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*" + line + "*"}}}},
                             {{"type", "context"}, {"elements", {{{"type", "mrkdwn"}, {"text", details}}}}}}}};
    vow::connector::post_json(target_.url, message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {},
                              target_.timeout);
    return "slack:" + a["id"].get<std::string>();
  }

 private:
  vow::connector::HttpTarget target_;
};

VOW_PLUGIN(NotifySlack)
