#include "compliance/portfolio.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "compliance/money.hpp"

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

std::string share(const PriorityFigures& f) {
  return fixed(f.rate.value_or(0) * 100, 1) + "% (" + std::to_string(f.achieved) + "/" +
         std::to_string(f.achieved + f.breached) + ")";
}

void add(PriorityTable& into, const PriorityTable& from) {
  for (const auto& [p, f] : from) {
    auto& t = into[p];
    t.target_seconds = f.target_seconds;
    t.achieved += f.achieved;
    t.breached += f.breached;
  }
}

void rates(PriorityTable& t) {
  for (auto& [_, f] : t)
    f.rate = f.achieved + f.breached > 0
                 ? std::optional<double>(static_cast<double>(f.achieved) / (f.achieved + f.breached))
                 : std::nullopt;
}

// What an account missed, as sentences, and how badly (for ranking).
struct Misses {
  std::vector<std::string> reasons;
  double severity = 0;
};

Misses misses_of(const AccountReport& a) {
  Misses m;
  if (a.uptime && !a.uptime->met) {
    double short_by = a.uptime->target - a.uptime->percent;
    m.reasons.push_back("uptime " + fixed(a.uptime->percent, 3) + "% against " + fixed(a.uptime->target, 3) + "% (" +
                        fixed(short_by, 3) + " points short)");
    m.severity += 100 + short_by * 100;
  }
  for (auto [metric, table] : {std::pair{"response", &a.response}, std::pair{"resolution", &a.resolution}})
    for (const auto& [p, f] : *table)
      if (f.rate && *f.rate < a.compliance_target) {
        m.reasons.push_back(p + " " + metric + " " + share(f) + " against " + fixed(a.compliance_target * 100, 0) +
                            "%");
        m.severity += 50 + (a.compliance_target - *f.rate) * 100;
      }
  if (a.uptime && a.uptime->met && a.uptime->budget_consumed && *a.uptime->budget_consumed >= a.budget_warn) {
    m.reasons.push_back(fixed(*a.uptime->budget_consumed * 100, 0) + "% of the uptime error budget used");
    m.severity += *a.uptime->budget_consumed * 10;
  }
  int late = 0;
  for (auto [_, table] : {std::pair{0, &a.response}, std::pair{1, &a.resolution}})
    for (const auto& [p, f] : *table) late += f.breached;
  if (late > 0 && m.reasons.empty()) {
    m.reasons.push_back(std::to_string(late) + " ticket clock" + (late > 1 ? "s" : "") + " breached");
    m.severity += late;
  }
  if (a.communications) {
    int missed = 0;
    for (const auto& [_, f] : *a.communications) missed += f.breached;
    if (missed > 0) {
      m.reasons.push_back(std::to_string(missed) + " customer notice" + (missed > 1 ? "s" : "") + " late or missing");
      m.severity += missed;
    }
  }
  return m;
}

// Least squares over 0..n-1, evaluated at n: the next period.
std::optional<double> next_by_trend(const std::vector<double>& ys) {
  size_t n = ys.size();
  if (n < 2) return std::nullopt;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) sx += i, sy += ys[i], sxx += double(i) * i, sxy += i * ys[i];
  double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  double intercept = (sy - slope * sx) / n;
  return intercept + slope * n;
}

std::string series(const std::vector<double>& ys, int decimals) {
  std::string out;
  for (double y : ys) out += (out.empty() ? "" : ", ") + fixed(y, decimals);
  return out;
}

// A report's accounts by customer, built once per report (not searched per account).
class ByCustomer {
 public:
  explicit ByCustomer(const Report& r) {
    for (const auto& a : r.accounts) index_.emplace(a.customer, &a);
  }
  const AccountReport* find(const std::string& customer) const {
    auto it = index_.find(customer);
    return it == index_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<std::string_view, const AccountReport*> index_;
};

}  // namespace

std::vector<TierSummary> summarize_tiers(const std::vector<AccountReport>& accounts) {
  std::map<std::string, std::vector<const AccountReport*>> by_tier;
  for (const auto& a : accounts) by_tier[a.tier.value_or("")].push_back(&a);
  std::vector<TierSummary> out;
  for (const auto& [tier, members] : by_tier) {
    TierSummary t;
    t.tier = tier;
    t.accounts = static_cast<int>(members.size());
    double eligible = 0, down = 0;
    std::map<std::string, Decimal> owed;
    const AccountReport* worst = nullptr;
    Misses worst_misses;
    for (const AccountReport* a : members) {
      (a->status == "red" ? t.red : a->status == "yellow" ? t.yellow : t.green)++;
      if (a->uptime) eligible += a->uptime->eligible_seconds, down += a->uptime->downtime_seconds;
      add(t.response, a->response);
      add(t.resolution, a->resolution);
      if (a->credit)
        if (auto amount = Decimal::parse(a->credit->amount))
          owed[a->credit->currency] = owed[a->credit->currency] + *amount;
      Misses m = misses_of(*a);
      if (!worst || rank(a->status) > rank(worst->status) ||
          (rank(a->status) == rank(worst->status) && m.severity > worst_misses.severity))
        worst = a, worst_misses = m;
    }
    rates(t.response);
    rates(t.resolution);
    if (eligible > 0) t.uptime_percent = 100.0 * (eligible - down) / eligible;
    for (const auto& [currency, amount] : owed) t.credits[currency] = amount.format(minor_unit_digits(currency));
    t.status = t.red ? "red" : t.yellow ? "yellow" : "green";
    std::string count = t.status == "red" ? std::to_string(t.red) : std::to_string(t.yellow);
    if (t.status == "green" || !worst || worst_misses.reasons.empty())
      t.reason = t.status == "green" ? "All " + std::to_string(t.accounts) + " accounts met every target."
                                     : count + " of " + std::to_string(t.accounts) + " accounts " + t.status + ".";
    else
      t.reason = count + " of " + std::to_string(t.accounts) + " accounts " + t.status + "; worst: " + worst->name +
                 ", " + worst_misses.reasons.front() + ".";
    out.push_back(std::move(t));
  }
  return out;
}

double account_severity(const AccountReport& a) {
  return misses_of(a).severity + 1000.0 * rank(a.status);
}

std::vector<const AccountReport*> worst_first(const std::vector<AccountReport>& accounts) {
  std::vector<std::pair<double, const AccountReport*>> ranked;
  for (const auto& a : accounts) ranked.emplace_back(account_severity(a), &a);
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second->customer < y.second->customer;
  });
  std::vector<const AccountReport*> out;
  for (const auto& [_, a] : ranked) out.push_back(a);
  return out;
}

std::vector<AccountFlag> flag_accounts(const std::vector<AccountReport>& accounts, size_t limit) {
  std::vector<AccountFlag> out;
  for (const auto& a : accounts) {
    if (a.status == "green") continue;
    out.push_back({a.customer, a.name, a.status, account_severity(a), misses_of(a).reasons});
  }
  std::sort(out.begin(), out.end(), [](const AccountFlag& x, const AccountFlag& y) {
    return x.severity != y.severity ? x.severity > y.severity : x.customer < y.customer;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<Trend> trends(const std::vector<const Report*>& history, const Report& current,
                          const std::vector<AccountFlag>& flags) {
  std::vector<const Report*> all(history);
  all.push_back(&current);
  std::vector<Trend> out;
  std::map<std::string, Trend> by_tier;
  for (const Report* r : all)
    for (const auto& t : summarize_tiers(r->accounts)) {
      auto& trend = by_tier[t.tier];
      trend.subject = t.tier;
      trend.points.push_back({r->period, t.uptime_percent, t.response, t.resolution, t.status});
    }
  for (auto& [_, t] : by_tier) out.push_back(std::move(t));
  std::vector<ByCustomer> indexed;
  for (const Report* r : all) indexed.emplace_back(*r);
  for (const auto& f : flags) {
    Trend t{f.customer, true, {}};
    for (size_t i = 0; i < all.size(); ++i)
      if (const AccountReport* a = indexed[i].find(f.customer))
        t.points.push_back({all[i]->period, a->uptime ? std::optional<double>(a->uptime->percent) : std::nullopt,
                            a->response, a->resolution, a->status});
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Risk> project_risks(const std::vector<const Report*>& history, const Report& current,
                                const std::string& next_period, Instant as_of) {
  std::vector<Risk> out;
  std::vector<ByCustomer> indexed;
  for (const Report* r : history) indexed.emplace_back(*r);
  for (const auto& a : current.accounts) {
    std::vector<const AccountReport*> past;
    for (const auto& index : indexed)
      if (const AccountReport* p = index.find(a.customer)) past.push_back(p);
    bool running = as_of < a.end;
    if (a.uptime) {
      std::vector<double> ys;
      for (const auto* p : past)
        if (p->uptime) ys.push_back(p->uptime->percent);
      ys.push_back(running && a.uptime->percent_to_date ? *a.uptime->percent_to_date : a.uptime->percent);
      if (auto next = next_by_trend(ys); next && *next < a.uptime->target)
        out.push_back({a.customer, "uptime", "linear trend of " + series(ys, 3), *next, a.uptime->target, next_period});
      else if (ys.size() == 1 && running && a.uptime->percent_to_date && *a.uptime->percent_to_date < a.uptime->target)
        out.push_back(
            {a.customer, "uptime", "current burn rate", *a.uptime->percent_to_date, a.uptime->target, current.period});
    }
    for (auto [metric, table] : {std::pair{"response", &a.response}, std::pair{"resolution", &a.resolution}})
      for (const auto& [p, f] : *table) {
        std::vector<double> ys;
        for (const auto* past_a : past) {
          const auto& t = std::string(metric) == "response" ? past_a->response : past_a->resolution;
          if (auto it = t.find(p); it != t.end() && it->second.rate) ys.push_back(*it->second.rate);
        }
        if (f.rate) ys.push_back(*f.rate);
        if (auto next = next_by_trend(ys); next && *next < a.compliance_target)
          out.push_back({a.customer, std::string(metric) + " " + p, "linear trend of " + series(ys, 3),
                         std::max(0.0, *next), a.compliance_target, next_period});
      }
  }
  return out;
}

}  // namespace vow
