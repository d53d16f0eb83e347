#include "compliance/portfolio.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "compliance/money.hpp"
#include "compliance/owed.hpp"
#include "compliance/shortfall.hpp"

namespace vow {
namespace {

void add(PriorityTable& into, const PriorityTable& from) {
  for (const auto& [p, f] : from) {
    auto& t = into[p];
    t.target_seconds = f.target_seconds;
    t.target_text = f.target_text;
    t.achieved += f.achieved;
    t.breached += f.breached;
    t.exempt += f.exempt;
  }
}

void rates(PriorityTable& t) {
  for (auto& [_, f] : t)
    f.rate = f.achieved + f.breached > 0
                 ? std::optional<double>(static_cast<double>(f.achieved) / (f.achieved + f.breached))
                 : std::nullopt;
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
    Shortfall worst_misses;
    for (const AccountReport* a : members) {
      (a->status == Status::Red ? t.red : a->status == Status::Yellow ? t.yellow : t.green)++;
      // A term measured by events has no downtime to add (1.1).
      if (a->uptime && a->uptime->eligible_seconds)
        eligible += *a->uptime->eligible_seconds, down += a->uptime->downtime_seconds.value_or(0);
      add(t.response, a->response);
      add(t.resolution, a->resolution);
      add(t.next_reply, a->next_reply);
      add(t.update, a->update);
      if (auto o = vow::owed(*a)) {
        if (auto amount = Decimal::parse(o->amount)) owed[o->currency] = owed[o->currency] + *amount;
        t.credits_final = t.credits_final && o->final && !o->incomplete;
        t.credits_incomplete = t.credits_incomplete || o->incomplete;
      }
      Shortfall m = shortfall_of(*a, false);
      if (!worst || more_severe(*a, m, *worst, worst_misses)) worst = a, worst_misses = std::move(m);
    }
    rates(t.response);
    rates(t.resolution);
    rates(t.next_reply);
    rates(t.update);
    if (eligible > 0) t.uptime_percent = 100.0 * (eligible - down) / eligible;
    for (const auto& [currency, amount] : owed) t.credits[currency] = amount.format(minor_unit_digits(currency));
    t.status = t.red ? Status::Red : t.yellow ? Status::Yellow : Status::Green;
    if (t.status != Status::Green && worst) {
      worst_misses = shortfall_of(*worst);  // the misses, for the one account named
      if (!worst_misses.reasons.empty()) {
        t.worst_name = worst->name;
        t.worst_miss = std::move(worst_misses.reasons.front());
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<AccountFlag> flag_accounts(const std::vector<AccountReport>& accounts, size_t limit) {
  std::vector<AccountFlag> out;
  for (const AccountReport* a : by_severity(accounts)) {
    if (a->status == Status::Green || out.size() == limit) break;
    Shortfall s = shortfall_of(*a);
    out.push_back({a->customer, a->name, a->status, s.worst, std::move(s.reasons)});
  }
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
