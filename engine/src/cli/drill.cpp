// `vow drill FILE.ndjson`: which alerts the events raise, and how each
// reached which sink, printed as a table (md) or JSON.
#include "serve/drill.hpp"

#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "vow/render.hpp"
#include "workspace/files.hpp"

namespace vow::cli {
namespace {

std::string ms(double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << seconds * 1000 << " ms";
  return out.str();
}

std::string markdown(const serve::DrillResult& r, const std::string& file) {
  std::string out = "# Drill: " + file + "\n\n" + std::to_string(r.events) +
                    " events played on a copy of the ledger, as of " + format_instant(r.as_of) +
                    ". Every delivery was marked as a drill.\n\n";
  if (r.alerts.empty()) return out + "No alert: these events raise none as of then (try a later --as-of).\n";
  out +=
      "| alert | customer | sink | delivered | sink took | after the events |\n| --- | --- | --- | --- | --- | --- |\n";
  for (const auto& d : r.deliveries)
    out += "| `" + d.alert.id + "` | " + d.alert.customer_name + " | " + d.sink + " | " +
           (d.acknowledged ? "yes (" + d.reference + ")" : "**no**: " + d.why) + " | " + ms(d.sink_seconds) + " | " +
           ms(d.total_seconds) + " |\n";
  if (!r.unrouted.empty()) {
    out += "\nRaised, and taken by no route of [[serve.routes]]:\n\n";
    for (const auto& id : r.unrouted) out += "- `" + id + "`\n";
  }
  return out;
}

std::string json_of(const serve::DrillResult& r, const std::string& file) {
  nlohmann::ordered_json out{{"file", file},
                             {"events", r.events},
                             {"as_of", format_instant(r.as_of)},
                             {"alerts", nlohmann::json::array()},
                             {"deliveries", nlohmann::json::array()},
                             {"unrouted", r.unrouted}};
  for (const auto& a : r.alerts) out["alerts"].push_back(nlohmann::ordered_json::parse(to_json(a, AlertDelivery{})));
  for (const auto& d : r.deliveries)
    out["deliveries"].push_back(nlohmann::ordered_json{{"alert", d.alert.id},
                                                       {"sink", d.sink},
                                                       {"delivered", d.acknowledged},
                                                       {"reference", d.reference},
                                                       {"error", d.why},
                                                       {"sink_ms", d.sink_seconds * 1000},
                                                       {"total_ms", d.total_seconds * 1000}});
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

int drill(const Options& o) {
  if (o.format != "md" && o.format != "json") throw Error(Exit::Usage, "--format " + o.format + ": md or json");
  if (o.files.size() != 1)
    throw Error(Exit::Usage, "vow drill takes one NDJSON file of events (\"-\": standard input)");
  std::optional<Instant> as_of;
  if (!o.as_of.empty()) {
    as_of = parse_instant(o.as_of);
    if (!as_of) throw Error(Exit::Usage, "--as-of " + o.as_of + ": expected an RFC 3339 timestamp");
  }
  auto ws = workspace_of(o);
  auto r = serve::drill(ws.config(), plugin_options(), o.files[0], read_input(o.files[0]), as_of);
  std::string text = o.format == "json" ? json_of(r, o.files[0]) : markdown(r, o.files[0]);
  if (o.output.empty())
    std::cout << text;
  else
    write_whole(o.output, text, "--output " + o.output);
  // A sink that did not take its alert fails the drill, as it would fail the team.
  return r.ok() ? 0 : static_cast<int>(Exit::BadConfig);
}

}  // namespace vow::cli
