// `vow alerts` in JSON (docs/alerts.md's shape), Markdown and CSV.
#include "compliance/alerts.hpp"
#include "output/format.hpp"
#include "output/json_values.hpp"
#include "output/markdown_text.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

using jsonv::J;

bool starts(const Alert& a, std::string_view family) {
  return a.kind.starts_with(family);
}

std::string instant_or_empty(Instant t) {
  return t == kNever ? "" : format_instant(t);
}

J instant_or_null(Instant t) {
  return t == kNever ? J(nullptr) : J(format_instant(t));
}

J optional_number(const std::optional<double>& v) {
  return v ? J(*v) : J(nullptr);
}

J alert_json(const Alert& a) {
  J e{{"id", a.id},
      {"kind", a.kind},
      {"severity", a.severity},
      {"customer", a.customer},
      {"customer_name", a.customer_name},
      {"at", format_instant(a.at)}};
  if (starts(a, "clock.")) {
    e["ticket"] = a.ticket;
    e["metric"] = a.metric;
    e["cycle"] = a.cycle;
    e["priority"] = a.priority;
    if (a.level) e["level"] = *a.level;
    e["deadline"] = instant_or_null(a.deadline);
    if (a.kind == "clock.escalated") {
      e["step"] = a.step;
      e["to"] = a.to;
    }
  } else if (starts(a, "uptime.") || starts(a, "objective.")) {
    e["period"] = a.period;
    if (!a.term.empty()) e["term"] = a.term;
    if (!a.name.empty()) e["name"] = a.name;
    e["budget_consumed"] = optional_number(a.budget_consumed);
    if (a.kind == "uptime.burn_rate") {
      e["rule"] = a.rule;
      e["long"] = a.long_window / kSecond;
      e["short"] = a.short_window / kSecond;
      e["factor"] = a.factor;
      e["burn_long"] = a.burn_long;
      e["burn_short"] = a.burn_short;
    }
  } else if (a.kind == "notice.overdue") {
    e["outage"] = a.outage;
    e["notice"] = a.notice;
    e["n"] = a.n;
    e["deadline"] = instant_or_null(a.deadline);
  } else if (a.kind == "compliance.below_target") {
    e["metric"] = a.metric;
    e["priority"] = a.priority;
    e["period"] = a.period;
    e["achieved"] = a.achieved;
    e["breached"] = a.breached;
    e["rate"] = optional_number(a.rate);
  } else if (a.kind == "job.late") {
    e["job"] = a.job;
    e["run"] = a.run;
    e["due"] = instant_or_null(a.due);
  }
  return e;
}

std::string percent(double fraction) {
  return fmt::fixed(fraction * 100, 0) + "%";
}

// What happened, in words, after the customer's name.
std::string alert_sentence(const Alert& a) {
  if (starts(a, "clock.")) {
    std::string s = "ticket " + md::id(a.ticket) + " " + a.metric + " (cycle " + std::to_string(a.cycle) + ", " +
                    md::text(a.priority) + "): ";
    if (a.kind == "clock.breached") return s + "breached";
    if (a.kind == "clock.escalated")
      return s + "escalated to " + md::text(a.to) + " (step " + std::to_string(a.step) + "), breached at " +
             format_instant(a.deadline);
    return s + percent(a.level.value_or(0)) + " of target used, due " +
           (a.deadline == kNever ? std::string("never") : format_instant(a.deadline));
  }
  std::string what = a.term.empty() ? "uptime" : "uptime term " + md::text(a.term);
  if (!a.name.empty()) what = "objective " + md::text(a.name);
  std::string consumed = a.budget_consumed ? ", " + percent(*a.budget_consumed) + " of the budget used" : "";
  if (a.kind == "uptime.budget_warning" || a.kind == "objective.budget_warning")
    return what + " " + a.period + ": budget warning" + consumed;
  if (a.kind == "uptime.breached" || a.kind == "objective.breached")
    return what + " " + a.period + ": target missed" + consumed;
  if (a.kind == "uptime.burn_rate")
    return what + ": burning budget at " + fmt::fixed(a.burn_long, 1) + "x over " +
           fmt::duration(static_cast<double>(a.long_window / kSecond)) + " and " + fmt::fixed(a.burn_short, 1) +
           "x over " + fmt::duration(static_cast<double>(a.short_window / kSecond)) + " (rule " +
           std::to_string(a.rule) + ", " + a.severity + ")";
  if (a.kind == "notice.overdue")
    return "outage " + md::id(a.outage) + ": " + a.notice + " notice" +
           (a.notice == "update" ? " " + std::to_string(a.n) : std::string()) + " overdue since " +
           format_instant(a.deadline);
  if (a.kind == "compliance.below_target")
    return a.metric + " " + md::text(a.priority) + " " + a.period + ": " + std::to_string(a.achieved) + " achieved, " +
           std::to_string(a.breached) + " breached, below the compliance target";
  if (a.kind == "job.late") return "job " + md::text(a.job) + " run " + md::text(a.run) + " late";
  return a.kind;
}

std::string alert_line(const Alert& a) {
  std::string who = a.customer_name.empty() ? md::id(a.customer) : md::text(a.customer_name);
  return "- " + format_instant(a.at) + " **" + a.severity + "** " + who + ": " + alert_sentence(a) + "\n";
}

// The shortest decimal that reads back as the double, as JSON gives it.
std::string number(double v) {
  return J(v).dump();
}

std::string number_or_empty(const std::optional<double>& v) {
  return v ? number(*v) : "";
}

std::string int_or_empty(long long v) {
  return v ? std::to_string(v) : "";
}

std::string csv_row(const Alert& a, bool retracted) {
  bool burn = a.kind == "uptime.burn_rate";
  bool counts = a.kind == "compliance.below_target";
  std::string cols[] = {fmt::csv(a.id),
                        a.kind,
                        a.severity,
                        fmt::csv(a.customer),
                        fmt::csv(a.customer_name),
                        format_instant(a.at),
                        fmt::csv(a.ticket),
                        a.metric,
                        int_or_empty(a.cycle),
                        fmt::csv(a.priority),
                        instant_or_empty(a.deadline),
                        a.level ? level_text(*a.level) : "",
                        int_or_empty(a.step),
                        fmt::csv(a.to),
                        a.period,
                        fmt::csv(a.term.empty() ? a.name : a.term),
                        number_or_empty(a.budget_consumed),
                        int_or_empty(a.rule),
                        burn ? std::to_string(a.long_window / kSecond) : "",
                        burn ? std::to_string(a.short_window / kSecond) : "",
                        burn ? number(a.factor) : "",
                        burn ? number(a.burn_long) : "",
                        burn ? number(a.burn_short) : "",
                        fmt::csv(a.outage),
                        a.notice,
                        int_or_empty(a.n),
                        counts ? std::to_string(a.achieved) : "",
                        counts ? std::to_string(a.breached) : "",
                        number_or_empty(a.rate),
                        fmt::csv(a.job),
                        fmt::csv(a.run),
                        instant_or_empty(a.due),
                        retracted ? "true" : "false"};
  std::string row;
  for (const std::string& c : cols) row += (&c == &cols[0] ? "" : ",") + c;
  return row + "\n";
}

}  // namespace

std::string to_json(const AlertsReport& r) {
  J alerts = J::array(), retracted = J::array();
  for (const Alert& a : r.alerts) alerts.push_back(alert_json(a));
  for (const Alert& a : r.retracted) retracted.push_back(alert_json(a));
  J out{{"as_of", format_instant(r.as_of)},
        {"since", jsonv::when(r.since)},
        {"alerts", alerts},
        {"retracted", retracted}};
  return out.dump(2) + "\n";
}

std::string to_json(const Alert& a, const AlertDelivery& d) {
  J e = alert_json(a);
  e["retraction"] = d.retraction;
  e["late"] = d.late_by.has_value();
  if (d.late_by) e["late_seconds"] = *d.late_by / kSecond;
  e["drill"] = d.drill;
  e["occurrence"] = d.occurrence;
  return e.dump();
}

std::string to_markdown(const AlertsReport& r) {
  std::string out = "# Alerts as of " + format_instant(r.as_of) + "\n\n";
  if (r.since) out += "Since " + format_instant(*r.since) + ".\n\n";
  if (r.alerts.empty()) out += "None.\n";
  for (const Alert& a : r.alerts) out += alert_line(a);
  if (!r.retracted.empty()) {
    out += "\n## Retracted\n\nDelivered, and no longer supported by the ledger:\n\n";
    for (const Alert& a : r.retracted) out += alert_line(a);
  }
  return out;
}

std::string to_csv(const AlertsReport& r) {
  std::string out =
      "id,kind,severity,customer,customer_name,at,ticket,metric,cycle,priority,deadline,level,step,to,period,term,"
      "budget_consumed,rule,long,short,factor,burn_long,burn_short,outage,notice,n,achieved,breached,rate,job,run,"
      "due,retracted\n";
  for (const Alert& a : r.alerts) out += csv_row(a, false);
  for (const Alert& a : r.retracted) out += csv_row(a, true);
  return out;
}

}  // namespace vow
