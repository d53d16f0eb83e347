// Which accounts will miss a target in the month running now (ADR 0013):
// pure arithmetic over the month so far, the account's earlier months and
// the team's pace on ticket clocks.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compliance/clocks.hpp"
#include "vow/report.hpp"

namespace vow {

// The team's pace is read from the clocks it settled this recently.
constexpr Millis kTeamWindow = 90 * kDay;
// The account's own months the forecast reads.
constexpr int kHistoryMonths = 3;

// A ticket clock: still running at `fraction` of its target, or settled
// (then `fraction` is where it stopped, and a breach counts as past 1).
struct ClockSample {
  std::string priority;
  Metric metric = Metric::Response;
  double fraction = 0;
  bool breached = false;
};

// How the team's clocks of one metric and priority ended, by how far they
// had run: the chance that a clock still open at fraction f breaches.
class TeamPace {
 public:
  explicit TeamPace(const std::vector<ClockSample>& settled);
  // (breached + f) / (settled + 1) over the settled clocks that ran past f:
  // with no such clocks, the elapsed fraction itself.
  double breach_chance(Metric metric, const std::string& priority, double fraction) const;
  // Of the clocks that ran past `fraction`: how many, how many breached.
  std::pair<int, int> past(Metric metric, const std::string& priority, double fraction) const;

 private:
  // Per metric and priority, the settled fractions (breaches as 2), sorted.
  std::map<std::pair<Metric, std::string>, std::vector<double>> ran_;
};

struct ForecastInput {
  const AccountReport* now = nullptr;      // the month running, as of now
  std::vector<const AccountReport*> past;  // its earlier months with data, oldest first
  std::vector<ClockSample> open;           // its clocks in progress now
  double usual_budget = 0;                 // mean monthly budget use of accounts with the same uptime target
};

// The mean monthly error budget use (each month capped at 2) over the
// accounts' earlier months, per uptime target: the forecast's prior for an
// account with little history of its own.
std::map<double, double> usual_budget(const std::vector<const UptimeFigures*>& months);

struct ForecastThresholds {
  double budget = 1.0;  // flag uptime when the projected budget use reaches this
  double chance = 0.5;  // flag a rate when the chance to end below target reaches this
};

// The account's risks for `period`, each with its reasoning on one line.
std::vector<Risk> forecast_account(const ForecastInput& in, const TeamPace& team, const std::string& period,
                                   const ForecastThresholds& thresholds = {});

}  // namespace vow
