// `vow alerts` in JSON (docs/alerts.md's shape), Markdown and CSV.
#include "compliance/alerts.hpp"
#include "output/format.hpp"
#include "output/json_values.hpp"
#include "output/markdown_text.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

using jsonv::J;

bool is_clock(const Alert& a) {
  return a.kind.starts_with("clock.");
}

std::string instant_or_empty(Instant t) {
  return t == kNever ? "" : format_instant(t);
}

}  // namespace

std::string to_json(const AlertsReport& r) {
  J alerts = J::array();
  for (const Alert& a : r.alerts) {
    J e{{"id", a.id},
        {"kind", a.kind},
        {"severity", a.severity},
        {"customer", a.customer},
        {"at", format_instant(a.at)}};
    if (is_clock(a)) {
      e["ticket"] = a.ticket;
      e["metric"] = a.metric;
      e["cycle"] = a.cycle;
      e["priority"] = a.priority;
      if (a.level) e["level"] = *a.level;
      e["deadline"] = a.deadline == kNever ? J(nullptr) : J(format_instant(a.deadline));
      if (a.kind == "clock.escalated") {
        e["step"] = a.step;
        e["to"] = a.to;
      }
    }
    alerts.push_back(std::move(e));
  }
  // Retraction needs the record of what was delivered, which `vow serve`
  // will keep; until then nothing was delivered and nothing is retracted.
  J out{{"as_of", format_instant(r.as_of)},
        {"since", jsonv::when(r.since)},
        {"alerts", alerts},
        {"retracted", J::array()}};
  return out.dump(2) + "\n";
}

std::string to_markdown(const AlertsReport& r) {
  std::string out = "# Alerts as of " + format_instant(r.as_of) + "\n\n";
  if (r.since) out += "Since " + format_instant(*r.since) + ".\n\n";
  if (r.alerts.empty()) out += "None.\n";
  for (const Alert& a : r.alerts) {
    out += "- " + format_instant(a.at) + " **" + a.severity + "** " + md::id(a.customer) + " ticket " +
           md::id(a.ticket) + " " + a.metric + " (cycle " + std::to_string(a.cycle) + ", " + md::text(a.priority) +
           "): ";
    if (a.kind == "clock.breached")
      out += "breached\n";
    else if (a.kind == "clock.escalated")
      out += "escalated to " + md::text(a.to) + " (step " + std::to_string(a.step) + "), breached at " +
             format_instant(a.deadline) + "\n";
    else
      out += fmt::fixed(*a.level * 100, 0) + "% of target used, due " +
             (a.deadline == kNever ? std::string("never") : format_instant(a.deadline)) + "\n";
  }
  return out;
}

std::string to_csv(const AlertsReport& r) {
  std::string out = "id,kind,severity,customer,at,ticket,metric,cycle,priority,deadline,level,step,to\n";
  for (const Alert& a : r.alerts) {
    out += fmt::csv(a.id) + "," + a.kind + "," + a.severity + "," + fmt::csv(a.customer) + "," + format_instant(a.at) +
           "," + fmt::csv(a.ticket) + "," + a.metric + "," + std::to_string(a.cycle) + "," + fmt::csv(a.priority) +
           "," + instant_or_empty(a.deadline) + "," + (a.level ? level_text(*a.level) : "") + "," +
           (a.step ? std::to_string(a.step) : "") + "," + fmt::csv(a.to) + "\n";
  }
  return out;
}

}  // namespace vow
