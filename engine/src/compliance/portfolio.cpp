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

std::vector<AccountFlag> flag_accounts(const std::vector<AccountReport>& accounts, size_t limit) {
  std::vector<AccountFlag> out;
  for (const auto& a : accounts) {
    if (a.status == "green") continue;
    Misses m = misses_of(a);
    out.push_back({a.customer, a.name, a.status, m.severity + 1000.0 * rank(a.status), m.reasons});
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

}  // namespace vow
