// What a person reads of an alert (docs/alerts.md), made from the JSON a
// notifier sink receives: one line for a subject or a chat message, and the
// alert's fields for an e-mail body. Shared by the bundled notifiers.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace vow::connector {

namespace alert_detail {

using json = nlohmann::json;

inline std::string str(const json& a, const char* key) {
  auto it = a.find(key);
  if (it == a.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

inline std::string percent(const json& a, const char* key) {
  auto it = a.find(key);
  if (it == a.end() || !it->is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", it->get<double>() * 100);
  return buf;
}

inline std::string minutes(long long seconds) {
  if (seconds < 3600) return std::to_string(seconds / 60) + " min";
  return std::to_string(seconds / 3600) + " h " + std::to_string(seconds / 60 % 60) + " min";
}

// The event itself, after the customer's name.
inline std::string what(const json& a) {
  std::string kind = str(a, "kind");
  if (kind.rfind("clock.", 0) == 0) {
    std::string t = "ticket " + str(a, "ticket") + " " + str(a, "metric") + " (" + str(a, "priority") + ")";
    if (kind == "clock.warning")
      return t + ": " + percent(a, "level") + " of its target used, due " + str(a, "deadline");
    if (kind == "clock.breached") return t + ": target missed at " + str(a, "at");
    if (kind == "clock.escalated")
      return t + ": breach escalated to " + str(a, "to") + " (step " + str(a, "step") + "), breached at " +
             str(a, "deadline");
  }
  std::string subject = a.contains("name") ? "objective " + str(a, "name") : "uptime";
  if (a.contains("term")) subject += " (" + str(a, "term") + ")";
  if (kind == "uptime.budget_warning" || kind == "objective.budget_warning")
    return subject + " " + str(a, "period") + ": " + percent(a, "budget_consumed") + " of the downtime budget used";
  if (kind == "uptime.breached" || kind == "objective.breached")
    return subject + " " + str(a, "period") + ": below its target";
  if (kind == "uptime.burn_rate")
    return subject + ": error budget burning " + str(a, "factor") + "x or faster over " +
           minutes(a.value("long", 0LL)) + " and " + minutes(a.value("short", 0LL)) + " (rule " + str(a, "rule") + ")";
  if (kind == "notice.overdue")
    return "outage " + str(a, "outage") + ": " + str(a, "notice") + " notice overdue since " + str(a, "deadline");
  if (kind == "compliance.below_target")
    return str(a, "metric") + " " + str(a, "priority") + " " + str(a, "period") + ": " + str(a, "achieved") +
           " achieved, " + str(a, "breached") + " breached, below the compliance target";
  if (kind == "job.late") return "job " + str(a, "job") + " run " + str(a, "run") + " late (due " + str(a, "due") + ")";
  return kind;
}

}  // namespace alert_detail

// "[BREACH] Acme Corp: ticket T-9 response (P1): target missed at ...",
// with [DRILL] before it for a drill, [RETRACTED] for a retraction and how
// late it is when late.
inline std::string alert_line(const nlohmann::json& a) {
  using namespace alert_detail;
  std::string severity = str(a, "severity");
  for (char& c : severity) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  std::string who = str(a, "customer_name").empty() ? str(a, "customer") : str(a, "customer_name");
  std::string line = std::string(a.value("drill", false) ? "[DRILL] " : "") +
                     (a.value("retraction", false) ? "[RETRACTED] " : "") + "[" + severity + "] " + who + ": " +
                     what(a);
  if (a.value("late", false) && a.contains("late_seconds"))
    line += " (late by " + minutes(a.value("late_seconds", 0LL)) + ")";
  return line;
}

// The line, then every field of the alert, one "key: value" a line.
inline std::string alert_body(const nlohmann::json& a) {
  std::string body = alert_line(a) + "\n";
  if (a.value("retraction", false))
    body += "\nThe ledger no longer supports this alert (a later event shows it did not happen); it is withdrawn.\n";
  body += "\n";
  for (const auto& [key, value] : a.items()) body += key + ": " + alert_detail::str(a, key.c_str()) + "\n";
  return body;
}

// What tells one delivery from another for a receiver: the alert's id,
// `#N` from its second occurrence on (raised again after a retraction),
// `:retraction` for one, and `drill:` before a drill's. A copy that a crash
// between the sink's answer and vow's record sends again has the same key.
inline std::string delivery_key(const nlohmann::json& item) {
  std::string key = item.value("drill", false) ? "drill:" : "";
  key += item.at("id").get<std::string>();
  auto n = item.value("occurrence", 1);
  if (n > 1) key += "#" + std::to_string(n);
  if (item.value("retraction", false)) key += ":retraction";
  return key;
}

}  // namespace vow::connector
