// `vow drill FILE.ndjson` (docs/serve.md, "Drills"): synthetic events played
// on a copy of the ledger, the alerts they raise delivered through the real
// routes and sinks, marked as a drill, and timed, so that a team can show
// its alerting works end to end without touching its ledger.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vow/workspace.hpp"

namespace vow::serve {

struct DrillDelivery {
  Alert alert;
  std::string sink;
  bool acknowledged = false;
  std::string reference, why;
  double sink_seconds = 0;   // the sink's own part
  double total_seconds = 0;  // from storing the drill's events to the sink's answer
};

struct DrillResult {
  std::size_t events = 0;
  Instant as_of = 0;
  std::vector<Alert> alerts;  // the alerts the drill's events raised, as of as_of
  std::vector<DrillDelivery> deliveries;
  std::vector<std::string> unrouted;  // ids of those alerts no route takes
  bool ok() const;                    // every delivery acknowledged
};

// Plays `ndjson` (named `source` in messages) on a copy of the config's
// ledger, as of `as_of` (default: the latest `at` of its events). The
// ledger itself is not touched. vow::Error 65 for events that are not
// valid, 78 for a sink that does not start.
DrillResult drill(const WorkspaceConfig& config, const WorkspaceOptions& options, const std::string& source,
                  std::string_view ndjson, std::optional<Instant> as_of);

}  // namespace vow::serve
