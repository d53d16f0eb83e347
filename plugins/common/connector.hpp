// What the bundled connectors share: their config as a JSON object, the
// queue of events a source hands over in next_batch, and time helpers.
// (Out-of-tree plugins need only the SDK; this header is for plugins/.)
#pragma once

#include <chrono>
#include <ctime>
#include <deque>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "vow/plugin.hpp"

namespace vow::connector {

using json = nlohmann::json;

// Deeper than any real payload (they nest under ten levels). nlohmann::json
// copies, compares and prints recursively, so a document nested a hundred
// thousand levels would overflow the stack in the first copy.
constexpr size_t kMaxJsonDepth = 64;

// `data` as JSON, or a discarded value when it is not JSON; throws when it
// nests deeper than kMaxJsonDepth.
inline json parse_json(std::string_view data) {
  size_t depth = 0;
  bool in_string = false, escaped = false;
  for (char c : data) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw std::runtime_error("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return json::parse(data.begin(), data.end(), nullptr, false);
}

// The [plugins.config] table, which must be an object.
inline json config_of(const vow::sdk::Context& cx) {
  json config = parse_json(cx.config);
  if (config.is_discarded() || !config.is_object()) throw std::runtime_error("config must be a JSON object");
  return config;
}

// Events made by feed(), handed over by next_batch(): all at once, or one
// file at a time with the input line behind each event (vow::sdk::Origin)
// for inputs whose lines mean something (one payload per line).
class Events {
 public:
  // Where the events emitted next come from: `line` 0 for a whole document.
  void from(std::string_view file, uint32_t line = 0) {
    if (batches_.empty() || batches_.back().file != file) batches_.push_back({std::string(file), {}, {}});
    line_ = line;
  }
  void emit(const json& event) {
    if (batches_.empty()) from("");
    std::string line = event.dump() + "\n";
    size_ += line.size();
    batches_.back().ndjson += line;
    batches_.back().lines.push_back(line_);
  }
  size_t size() const { return size_; }  // bytes emitted so far
  bool next_batch(std::string& ndjson) {
    for (auto& b : batches_) ndjson += b.ndjson;
    batches_.clear();
    return !ndjson.empty();
  }
  bool next_batch(std::string& ndjson, vow::sdk::Origin& origin) {
    // A file that made no events is no batch: the host stops a source that
    // returns too many empty ones in a row.
    while (!batches_.empty() && batches_.front().ndjson.empty()) batches_.pop_front();
    if (batches_.empty()) return false;
    Batch& b = batches_.front();
    ndjson = std::move(b.ndjson);
    for (uint32_t line : b.lines)
      if (line > 0) {
        origin.file = std::move(b.file);
        origin.lines = std::move(b.lines);
        break;
      }
    batches_.pop_front();
    return true;
  }

 private:
  struct Batch {
    std::string file, ndjson;
    std::vector<uint32_t> lines;
  };
  std::deque<Batch> batches_;
  uint32_t line_ = 0;
  size_t size_ = 0;
};

// Unix seconds as an RFC 3339 instant in UTC (or another strftime format).
inline std::string utc(long long unix_seconds, const char* format = "%Y-%m-%dT%H:%M:%SZ") {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// When a webhook request arrived, in Unix seconds: the host's
// "x-vow-received-at" header (ABI 1.2), for payloads with no time of their
// own. Throws when the headers do not say.
inline long long received_at(std::string_view headers) {
  json h = parse_json(headers);
  std::string at = h.is_object() && h.contains("x-vow-received-at") && h["x-vow-received-at"].is_string()
                       ? h["x-vow-received-at"].get<std::string>()
                       : "";
  std::tm tm{};
  char z = 0;
  if (at.size() < 20 || std::sscanf(at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) != 7)
    throw std::runtime_error("the webhook's headers carry no x-vow-received-at instant");
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long long>(timegm(&tm));
}

// When the webhook request being read arrived (ABI 1.2), for payloads with
// no time of their own; empty while a saved file is read.
class Arrival {
 public:
  // Runs `read` with `at` set from the request's headers, and clears it after.
  template <typename F>
  void during(std::string_view headers, F&& read) {
    at = received_at(headers);
    struct Forget {
      std::optional<long long>& at;
      ~Forget() { at.reset(); }
    } forget{at};
    read();
  }
  std::optional<long long> at;
};

// When `file` was last written, for payloads that carry no time of their
// own; throws `why` when there is no such file.
inline long long written_at(std::string_view file, const std::string& why) {
  std::error_code ec;
  auto t = std::filesystem::last_write_time(std::filesystem::path(file), ec);
  if (ec) throw std::runtime_error(std::string(file) + ": " + why);
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::file_clock::to_sys(t).time_since_epoch())
      .count();
}

}  // namespace vow::connector
