#include "compliance/shortfall.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace vow {
namespace {

int rank(Status status) {
  return status == Status::Red ? 2 : status == Status::Yellow ? 1 : 0;
}

// Share of the budget that a failure share `failed` (0..1) uses against a target share `target`.
double budget_used(double failed, double target) {
  double allowed = 1 - target;
  if (allowed <= 0) return failed > 0 ? std::numeric_limits<double>::infinity() : 0;
  return failed / allowed;
}

}  // namespace

Shortfall shortfall_of(const AccountReport& a, bool with_reasons) {
  Shortfall s;
  auto say = [&](Miss m) {
    if (with_reasons) s.reasons.push_back(std::move(m));
  };
  if (a.uptime) {
    const UptimeFigures& u = *a.uptime;
    double used = budget_used(1 - u.percent / 100, u.target / 100);
    s.worst = std::max(s.worst, used);
    s.uptime_used = used;
    s.uptime_missed = !u.met;
    s.uptime_short = std::max(0.0, u.target - u.percent);
    if (!u.met) {
      say({.kind = Miss::Kind::Uptime, .value = u.percent, .target = u.target, .budget_used = used});
      s.total += used;
    }
  }
  // A rate of achieved clocks (or, 1.1, job runs) against the compliance target.
  auto rate_target = [&](const char* metric, const std::string& name, std::optional<double> rate, int achieved,
                         int breached) {
    if (!rate) return;
    double used = budget_used(1 - *rate, a.compliance_target);
    s.worst = std::max(s.worst, used);
    s.tickets_worst = std::max(s.tickets_worst, used);
    s.tickets_failed = std::max(s.tickets_failed, 1 - *rate);
    if (*rate < a.compliance_target) {
      say({.kind = Miss::Kind::TicketTarget,
           .value = *rate,
           .target = a.compliance_target,
           .budget_used = used,
           .metric = metric,
           .priority = name,
           .achieved = achieved,
           .count = achieved + breached});
      s.total += used;
    }
  };
  int late = 0;
  for (auto [metric, table] : {std::pair{"response", &a.response}, std::pair{"resolution", &a.resolution},
                               std::pair{"next_reply", &a.next_reply}, std::pair{"update", &a.update}})
    for (const auto& [p, f] : *table) {
      late += f.breached;
      rate_target(metric, p, f.rate, f.achieved, f.breached);
    }
  // 1.1: a scheduled job counts like a ticket target, its name for the priority.
  int late_runs = 0;
  for (const auto& [name, j] : a.jobs) {
    late_runs += j.breached;
    rate_target("job", name, j.rate, j.achieved, j.breached);
  }
  for (const ObjectiveFigures& o : a.objectives) {  // 1.1
    if (!o.met && o.percent)
      say({.kind = Miss::Kind::Objective, .value = *o.percent, .target = o.target, .metric = o.name});
    else if (o.met && o.budget_consumed && *o.budget_consumed >= a.budget_warn)
      say({.kind = Miss::Kind::ObjectiveBudget, .value = *o.budget_consumed, .metric = o.name});
  }
  if (a.uptime && a.uptime->met && a.uptime->budget_consumed && *a.uptime->budget_consumed >= a.budget_warn)
    say({.kind = Miss::Kind::UptimeBudget, .value = *a.uptime->budget_consumed});
  if (late > 0 && s.reasons.empty()) say({.kind = Miss::Kind::LateClocks, .count = late});
  // Late runs are said unless a job below its target says more.
  bool job_missed = std::any_of(a.jobs.begin(), a.jobs.end(),
                                [&](const auto& j) { return j.second.rate && *j.second.rate < a.compliance_target; });
  if (late_runs > 0 && !job_missed) say({.kind = Miss::Kind::LateRuns, .count = late_runs});
  if (a.communications) {
    for (const auto& [_, f] : *a.communications) s.late_notices += f.breached;
    if (s.late_notices > 0) say({.kind = Miss::Kind::LateNotices, .count = s.late_notices});
  }
  // A quarterly commitment's month takes its status from the quarter: say so
  // when the month's own figures do not explain it.
  if (a.quarterly && a.status != Status::Green && s.reasons.empty()) say({.kind = Miss::Kind::Quarter});
  return s;
}

bool more_severe(const AccountReport& a, const Shortfall& sa, const AccountReport& b, const Shortfall& sb) {
  auto key = [](const AccountReport& x, const Shortfall& s) {
    // A met uptime ranks only last: budget used within a target is no miss.
    bool missed = s.uptime_missed;
    return std::tuple(rank(x.status), missed, missed ? s.uptime_used : 0, missed ? s.uptime_short : 0, s.tickets_worst,
                      s.tickets_failed, s.total, s.late_notices, s.uptime_used);
  };
  auto ka = key(a, sa), kb = key(b, sb);
  if (ka != kb) return ka > kb;
  return a.customer < b.customer;
}

std::vector<const AccountReport*> by_severity(const std::vector<AccountReport>& accounts) {
  std::vector<std::pair<const AccountReport*, Shortfall>> keyed;
  keyed.reserve(accounts.size());
  for (const auto& a : accounts) keyed.emplace_back(&a, shortfall_of(a, false));
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& x, const auto& y) { return more_severe(*x.first, x.second, *y.first, y.second); });
  std::vector<const AccountReport*> out;
  out.reserve(keyed.size());
  for (const auto& [a, _] : keyed) out.push_back(a);
  return out;
}

}  // namespace vow
