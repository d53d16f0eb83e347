// One JSON POST to a configured URL through cpp-httplib, for the bundled
// notifiers. The URL's path may hold a secret (a Slack webhook's does), so
// messages name only its scheme and host.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vow::connector {

struct Url {
  std::string origin;  // scheme://host[:port]
  std::string path;    // from the first '/', "/" when none
};

// http:// or https:// URLs only; throws naming the config field otherwise.
inline Url parse_url(const std::string& url, const char* field) {
  auto scheme = url.find("://");
  std::string s = scheme == std::string::npos ? "" : url.substr(0, scheme);
  if ((s != "http" && s != "https") || url.size() == scheme + 3)
    throw std::runtime_error(std::string("config: ") + field + " must be an http:// or https:// URL");
  auto slash = url.find('/', scheme + 3);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

// Where a notifier posts: its config's `url` (required; `what` says what it
// is for in the message) and `timeout` in seconds (default 10).
struct HttpTarget {
  Url url;
  int timeout = 10;
};

inline HttpTarget http_target(const nlohmann::json& config, const std::string& what) {
  if (!config.contains("url") || !config["url"].is_string())
    throw std::runtime_error("config: \"url\" (" + what + ") is required");
  HttpTarget t{parse_url(config["url"].get<std::string>(), "url")};
  t.timeout = config.value("timeout", t.timeout);
  if (t.timeout <= 0 || t.timeout > 600) throw std::runtime_error("config: timeout must be 1 to 600 seconds");
  return t;
}

// Posts `body`; the response's status on 2xx, else throws saying what came back.
inline int post_json(const Url& url, const std::string& body,
                     const std::vector<std::pair<std::string, std::string>>& headers, int timeout_seconds) {
  httplib::Client client(url.origin);
  client.set_connection_timeout(timeout_seconds, 0);
  client.set_read_timeout(timeout_seconds, 0);
  client.set_write_timeout(timeout_seconds, 0);
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  auto res = client.Post(url.path, h, body, "application/json");
  if (!res) throw std::runtime_error("POST to " + url.origin + " failed: " + httplib::to_string(res.error()));
  if (res->status < 200 || res->status > 299) {
    std::string said = res->body.substr(0, 200);
    for (char& c : said)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    throw std::runtime_error("POST to " + url.origin + " answered HTTP " + std::to_string(res->status) +
                             (said.empty() ? "" : ": " + said));
  }
  return res->status;
}

}  // namespace vow::connector
