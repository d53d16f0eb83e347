// Reading what crosses the plugin boundary as JSON: event lines (a
// connector's own tests, reading back what vow/event_builders.hpp wrote), a sink's
// items (the credit `deliver` receives, docs/plugins.md) and a plugin's
// config.
//
// The one part of the SDK with a dependency: nlohmann/json (Debian's
// nlohmann-json3-dev). Link Vow::sdk_json, from
// find_package(VowSDK COMPONENTS json); Vow::sdk alone never needs it.
// A connector may parse its own input (a webhook payload, an API dump) with
// the same library: vow::sdk::json::Json is nlohmann::json.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vow::sdk::json {

using Json = nlohmann::json;

// `text` as a JSON object; throws std::invalid_argument starting with
// `what` when it is not JSON or not an object.
inline Json parse_object(std::string_view text, const std::string& what) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) throw std::invalid_argument(what + ": not valid JSON");
  if (!j.is_object()) throw std::invalid_argument(what + ": not a JSON object");
  return j;
}

// A [plugins.config] table, as create receives it (Context::config).
inline Json parse_config(std::string_view config) {
  return parse_object(config, "config");
}

// One event line: an object with string `id`, `type` and `at`. Throws
// std::invalid_argument otherwise. Fields are not checked against their
// type's; vow import --dry-run does that.
inline Json parse_event(std::string_view line) {
  Json e = parse_object(line, "event");
  for (const char* field : {"id", "type", "at"})
    if (!e.contains(field) || !e[field].is_string())
      throw std::invalid_argument(std::string("event: missing field \"") + field + "\"");
  return e;
}

// Every non-blank line of an NDJSON batch, as parse_event reads it; a
// failure names the line (1-based).
inline std::vector<Json> parse_events(std::string_view ndjson) {
  std::vector<Json> out;
  size_t number = 0;
  while (!ndjson.empty()) {
    ++number;
    size_t end = ndjson.find('\n');
    std::string_view line = ndjson.substr(0, end);
    ndjson = end == std::string_view::npos ? std::string_view() : ndjson.substr(end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    try {
      out.push_back(parse_event(line));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("line " + std::to_string(number) + ": " + e.what());
    }
  }
  return out;
}

// The item `deliver` receives with kind "credit" (docs/plugins.md, "The
// credit a sink receives"). Money stays a decimal string.
struct Credit {
  std::string customer;     // the contract's id
  std::string name;         // the contract's name, for people
  std::string period;       // "YYYY-MM"
  std::string amount;       // decimal string, "125.00"
  std::string currency;     // "USD"
  std::string monthly_fee;  // decimal string
  bool final = false;       // vow apply delivers final credits only
  std::optional<double> percent;
  std::optional<std::string> note;
  std::string formula;  // FILE:LINE of the contract's credit formula
  std::optional<std::string> invoice;
  Json inputs;  // what the formula was given
  Json raw;     // the whole object, fields added later included

  // The key to deliver at most once on: one credit per customer and month.
  std::string key() const { return customer + ":" + period; }
};

inline Credit read_credit(std::string_view text) {
  Json j = parse_object(text, "credit");
  auto text_of = [&](const char* field) {
    if (!j.contains(field) || !j[field].is_string())
      throw std::invalid_argument(std::string("credit: missing field \"") + field + "\"");
    return j[field].get<std::string>();
  };
  auto maybe = [&](const char* field) -> std::optional<std::string> {
    if (!j.contains(field) || j[field].is_null()) return std::nullopt;
    return j[field].is_string() ? j[field].get<std::string>() : j[field].dump();
  };
  Credit c;
  c.customer = text_of("customer");
  c.period = text_of("period");
  c.amount = text_of("amount");
  c.currency = text_of("currency");
  c.name = maybe("name").value_or("");
  c.monthly_fee = maybe("monthly_fee").value_or("");
  c.final = j.value("final", false);
  if (j.contains("percent") && j["percent"].is_number()) c.percent = j["percent"].get<double>();
  c.note = maybe("note");
  c.formula = maybe("formula").value_or("");
  c.invoice = maybe("invoice");
  c.inputs = j.value("inputs", Json());
  c.raw = std::move(j);
  return c;
}

}  // namespace vow::sdk::json
