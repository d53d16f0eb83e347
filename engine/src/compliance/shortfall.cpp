#include "compliance/shortfall.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <tuple>

namespace vow {
namespace {

int rank(const std::string& status) {
  return status == "red" ? 2 : status == "yellow" ? 1 : 0;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "23.4× the error budget"; a target of 100% allows nothing, so any miss is unbounded.
std::string times_budget(double used) {
  if (used == std::numeric_limits<double>::infinity()) return "a target that allows no miss";
  return fixed(used, 1) + "× the error budget";
}

// Share of the budget that a failure share `failed` (0..1) uses against a target share `target`.
double budget_used(double failed, double target) {
  double allowed = 1 - target;
  if (allowed <= 0) return failed > 0 ? std::numeric_limits<double>::infinity() : 0;
  return failed / allowed;
}

std::string share(const PriorityFigures& f) {
  return fixed(f.rate.value_or(0) * 100, 1) + "% (" + std::to_string(f.achieved) + "/" +
         std::to_string(f.achieved + f.breached) + ")";
}

}  // namespace

Shortfall shortfall_of(const AccountReport& a, bool with_reasons) {
  Shortfall s;
  auto say = [&](auto sentence) {
    if (with_reasons) s.reasons.push_back(sentence());
  };
  if (a.uptime) {
    const UptimeFigures& u = *a.uptime;
    double used = budget_used(1 - u.percent / 100, u.target / 100);
    s.worst = std::max(s.worst, used);
    s.uptime_used = used;
    s.uptime_missed = !u.met;
    s.uptime_short = std::max(0.0, u.target - u.percent);
    if (!u.met) {
      say([&] {
        return "uptime " + fixed(u.percent, 3) + "% against " + fixed(u.target, 3) + "% (" +
               fixed(u.target - u.percent, 3) + " points short, " + times_budget(used) + ")";
      });
      s.total += used;
    }
  }
  int late = 0;
  for (auto [metric, table] : {std::pair{"response", &a.response}, std::pair{"resolution", &a.resolution}})
    for (const auto& [p, f] : *table) {
      late += f.breached;
      if (!f.rate) continue;
      double used = budget_used(1 - *f.rate, a.compliance_target);
      s.worst = std::max(s.worst, used);
      s.tickets_worst = std::max(s.tickets_worst, used);
      s.tickets_failed = std::max(s.tickets_failed, 1 - *f.rate);
      if (*f.rate < a.compliance_target) {
        say([&] {
          return p + " " + metric + " " + share(f) + " against " + fixed(a.compliance_target * 100, 0) + "% (" +
                 times_budget(used) + ")";
        });
        s.total += used;
      }
    }
  if (a.uptime && a.uptime->met && a.uptime->budget_consumed && *a.uptime->budget_consumed >= a.budget_warn)
    say([&] { return fixed(*a.uptime->budget_consumed * 100, 0) + "% of the uptime error budget used"; });
  if (late > 0 && s.reasons.empty())
    say([&] { return std::to_string(late) + " ticket clock" + (late > 1 ? "s" : "") + " breached"; });
  if (a.communications) {
    for (const auto& [_, f] : *a.communications) s.late_notices += f.breached;
    if (s.late_notices > 0)
      say([&] {
        return std::to_string(s.late_notices) + " customer notice" + (s.late_notices > 1 ? "s" : "") +
               " late or missing";
      });
  }
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
