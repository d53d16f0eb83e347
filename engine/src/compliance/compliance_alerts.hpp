// compliance.below_target alerts (docs/alerts.md): the first instant in a
// commitment period at which a priority's rate so far, as `vow report
// --as-of t` counts it for that period, is below compliance_target.
#pragma once

#include <string_view>
#include <vector>

#include "compliance/clocks.hpp"
#include "vow/report.hpp"

namespace vow {

// A settled clock as the rate of its period sees it: the report counts it
// in the period holding `at`, from `at` on, or, when `strict`, only after
// `at` (a breach at d exists as of t when d < t).
struct RateStep {
  Instant at = 0;
  bool strict = false;
  bool achieved = false;
  Metric metric = Metric::Response;
  std::string_view priority;  // must outlive the call
};

// The step of one clock as of `as_of`; nullopt while it is in progress or
// untracked, which the rate does not count.
std::optional<RateStep> rate_step(const ClockResult& clock);

// The alerts that `steps` (settled as of some as_of, in any order) make for
// `c`: one per (period, metric, priority) at most, at the first instant the
// rate is below target. Priorities without a target in `c` are not counted,
// as in the report.
void below_target_alerts(const Contract& c, std::vector<RateStep> steps, std::vector<Alert>& out);

// Every ticket clock of `c` as of `as_of`, through below_target_alerts.
void compliance_alerts(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch,
                       std::vector<Alert>& out);

}  // namespace vow
