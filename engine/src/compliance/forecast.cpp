#include "compliance/forecast.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace vow {
namespace {

// Only the last few months speak for the account as it is now.
constexpr size_t kHistory = 3;
// One disastrous month should not outweigh the others in the mean.
constexpr double kBudgetCap = 2.0;

std::vector<const AccountReport*> recent(const ForecastInput& in) {
  size_t from = in.past.size() > kHistory ? in.past.size() - kHistory : 0;
  return {in.past.begin() + static_cast<std::ptrdiff_t>(from), in.past.end()};
}

// The month so far, then the rest of it at the account's burn rate per
// month: the budget it used over the months observed (its earlier months,
// this one so far, and one month at what accounts like it usually use),
// so a big outage on day 2 is not read as thirty more.
std::optional<Risk> uptime_risk(const ForecastInput& in, const std::string& period, double threshold) {
  const UptimeFigures& u = *in.now->uptime;
  // Missed is not a forecast; a term measured by events has no elapsed time to extrapolate from.
  if (!u.met || !u.budget_consumed || !u.eligible_seconds || *u.eligible_seconds <= 0) return std::nullopt;
  double used = *u.budget_consumed;
  double elapsed = std::clamp(u.elapsed_seconds.value_or(0) / *u.eligible_seconds, 0.0, 1.0);
  double sum = 0;
  RiskBasis basis;
  for (const AccountReport* p : recent(in)) {
    if (!p->uptime || !p->uptime->budget_consumed) continue;
    sum += std::min(*p->uptime->budget_consumed, kBudgetCap);
    basis.earlier_budget.push_back(*p->uptime->budget_consumed);
  }
  double counted = static_cast<double>(basis.earlier_budget.size());
  double rate = (sum + std::min(used, kBudgetCap) + in.usual_budget) / (counted + elapsed + 1);
  double projected = used + (1 - elapsed) * rate;
  if (projected < threshold) return std::nullopt;
  basis.kind = RiskBasis::Kind::Uptime;
  basis.budget_used = used;
  basis.month_elapsed = elapsed;
  basis.usual_budget = in.usual_budget;
  basis.projected_budget = projected;
  return Risk{in.now->customer, "uptime", std::move(basis), 100 - projected * (100 - u.target), u.target, period};
}

// P(X = x) for the number of breaches among clocks with these chances.
std::vector<double> breaches(const std::vector<double>& chances) {
  std::vector<double> dist{1.0};
  for (double p : chances) {
    std::vector<double> next(dist.size() + 1, 0.0);
    for (size_t x = 0; x < dist.size(); ++x) next[x] += dist[x] * (1 - p), next[x + 1] += dist[x] * p;
    dist = std::move(next);
  }
  return dist;
}

// The clocks settled this month and those open now, each open one breaching
// with the chance the team's own clocks had from the same point. Tickets not
// yet opened are left out: the rate is forecast over the work in hand.
std::optional<Risk> rate_risk(const ForecastInput& in, Metric metric, const std::string& priority,
                              const PriorityFigures& f, const TeamPace& team, const std::string& period,
                              double threshold) {
  std::vector<double> chances;
  double furthest = -1;
  for (const auto& c : in.open)
    if (c.metric == metric && c.priority == priority) {
      chances.push_back(team.breach_chance(metric, priority, c.fraction));
      furthest = std::max(furthest, c.fraction);
    }
  int open = static_cast<int>(chances.size());
  int total = f.achieved + f.breached + open;
  if (total == 0) return std::nullopt;
  double target = in.now->compliance_target;
  std::vector<double> dist = breaches(chances);
  double chance = 0, expected = 0;
  for (size_t x = 0; x < dist.size(); ++x) {
    double on_time = f.achieved + open - static_cast<double>(x);
    if (on_time / total < target) chance += dist[x];
    expected += dist[x] * on_time;
  }
  if (chance < threshold) return std::nullopt;
  const char* name = metric_name(metric);
  RiskBasis basis;
  basis.kind = RiskBasis::Kind::Rate;
  basis.achieved = f.achieved;
  basis.breached = f.breached;
  basis.open = open;
  if (open > 0) {
    basis.furthest = furthest;
    std::tie(basis.team_ran, basis.team_late) = team.past(metric, priority, furthest);
  }
  basis.chance = chance;
  basis.target = target;
  for (const AccountReport* p : recent(in)) {
    const PriorityTable& t = metric == Metric::Response ? p->response : p->resolution;
    auto it = t.find(priority);
    if (it == t.end() || !it->second.rate) continue;
    ++basis.months_counted;
    basis.months_missed += *it->second.rate < p->compliance_target;
  }
  return Risk{in.now->customer, std::string(name) + " " + priority, std::move(basis), expected / total, target, period};
}

}  // namespace

std::map<double, double> usual_budget(const std::vector<const UptimeFigures*>& months) {
  std::map<double, std::pair<double, int>> sums;
  for (const UptimeFigures* u : months)
    if (u->budget_consumed) {
      auto& [sum, n] = sums[u->target];
      sum += std::min(*u->budget_consumed, kBudgetCap);
      ++n;
    }
  std::map<double, double> out;
  for (const auto& [target, s] : sums) out[target] = s.first / s.second;
  return out;
}

TeamPace::TeamPace(const std::vector<ClockSample>& settled) {
  for (const auto& s : settled) ran_[{s.metric, s.priority}].push_back(s.breached ? 2.0 : s.fraction);
  for (auto& [_, v] : ran_) std::sort(v.begin(), v.end());
}

std::pair<int, int> TeamPace::past(Metric metric, const std::string& priority, double fraction) const {
  auto it = ran_.find({metric, priority});
  if (it == ran_.end()) return {0, 0};
  const auto& v = it->second;
  auto from = std::upper_bound(v.begin(), v.end(), fraction);
  auto late = std::upper_bound(v.begin(), v.end(), 1.0);
  return {static_cast<int>(v.end() - from), static_cast<int>(v.end() - std::max(from, late))};
}

double TeamPace::breach_chance(Metric metric, const std::string& priority, double fraction) const {
  auto [ran, late] = past(metric, priority, fraction);
  return (late + std::min(fraction, 1.0)) / (ran + 1);
}

std::vector<Risk> forecast_account(const ForecastInput& in, const TeamPace& team, const std::string& period,
                                   const ForecastThresholds& thresholds) {
  std::vector<Risk> out;
  if (in.now->uptime)
    if (auto r = uptime_risk(in, period, thresholds.budget)) out.push_back(std::move(*r));
  for (auto [metric, table] :
       {std::pair{Metric::Response, &in.now->response}, std::pair{Metric::Resolution, &in.now->resolution}})
    for (const auto& [p, f] : *table)
      if (auto r = rate_risk(in, metric, p, f, team, period, thresholds.chance)) out.push_back(std::move(*r));
  return out;
}

}  // namespace vow
