// The forecast of the month running (the report's "At risk") and its
// replay against what happened (`vow backtest`): ADR 0013.
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "compliance/backtest.hpp"
#include "compliance/forecast.hpp"
#include "engine_impl.hpp"

namespace vow {
namespace {

// A replay forecasts every day of its months: the range is bounded so that
// a typo (9999-12, 0000-01) is refused rather than run for hours.
constexpr int kFirstYear = 1970, kLastYear = 9998, kMaxMonths = 600;

Period need_month(const std::string& text, const char* name) {
  auto p = parse_period(text);
  if (!p || p->is_quarter()) throw Error(Exit::Usage, {field(name), " " + text + ": expected a month YYYY-MM"});
  if (p->year < kFirstYear || p->year > kLastYear)
    throw Error(Exit::Usage, {field(name), " " + text + ": months from 1970-01 to 9998-12"});
  return *p;
}

int month_number(const Period& p) {
  return p.year * 12 + p.first_month - 1;
}

}  // namespace

std::vector<Risk> Engine::Impl::risks_at(const std::vector<const Contract*>& selected, Instant as_of, const Facts& f,
                                         ClockViews& views,
                                         const std::function<bool(const Contract&, const Period&)>& wanted,
                                         std::vector<Diagnostic>& errors) {
  std::vector<ClockSample> team;
  for (const auto& [_, own] : views.settled)
    for (const auto& k : own)
      if (k.at >= as_of - kTeamWindow) team.push_back({std::string(k.priority), k.metric, k.fraction, !k.achieved});
  auto& settled = views.settled;
  auto& open = views.open;
  TeamPace pace(team);
  struct Account {
    const Contract* contract;
    Period month;
    AccountReport now;
    std::vector<AccountReport> past;
  };
  // A month the ledger covers only in part (it began after the month did)
  // is no history: an almost empty month is not good service.
  auto history = [&](const Contract& c, const Period& month) {
    std::vector<Period> out;
    Period p = month;
    for (int i = 0; i < kHistoryMonths; ++i) {
      p = previous(p);
      if (p.bounds(*c.zone).a < first_event) break;
      out.insert(out.begin(), p);
    }
    return out;
  };
  std::vector<Account> accounts;
  accounts.reserve(selected.size());  // an AccountReport is big: moved on each growth
  std::unordered_set<const Contract*> chosen(selected.begin(), selected.end());
  std::vector<UptimeFigures> others;  // the prior reads every contract, chosen or not
  for (const Contract* c : all_contracts()) {
    Period month = c->period_at(as_of);  // a quarterly commitment forecasts its quarter
    if (!wanted(*c, month)) continue;
    if (!chosen.count(c)) {
      if (const UptimeTerm* u = c->uptime())  // the forecast reads the first term (ADR 0041)
        for (const Period& p : history(*c, month))
          others.push_back(compute_uptime(*u, c->id, p.bounds(*c->zone), as_of, f,
                                          exclude_for(*c, *u, evaluation(f, as_of, errors))));
      continue;
    }
    Account& a = accounts.emplace_back(Account{c, month, account(*c, month, as_of, f, errors, &settled[c], false), {}});
    for (const Period& p : history(*c, month)) a.past.push_back(account(*c, p, as_of, f, errors, &settled[c], false));
  }
  std::vector<const UptimeFigures*> earlier;
  for (const auto& a : accounts)
    for (const auto& p : a.past)
      if (p.uptime) earlier.push_back(&*p.uptime);
  for (const auto& u : others) earlier.push_back(&u);
  std::map<double, double> usual = usual_budget(earlier);
  std::vector<Risk> out;
  for (auto& a : accounts) {
    ForecastInput in{&a.now, {}, std::move(open[a.contract]), 0};
    for (const auto& p : a.past) in.past.push_back(&p);
    if (a.now.uptime)
      if (auto it = usual.find(a.now.uptime->target); it != usual.end()) in.usual_budget = it->second;
    for (auto& r : forecast_account(in, pace, a.month.label())) out.push_back(std::move(r));
  }
  return out;
}

BacktestReport Engine::backtest(const BacktestQuery& q) {
  Period from = need_month(q.from, "from"), to = need_month(q.to, "to");
  if (month_number(to) < month_number(from))
    throw Error(Exit::Usage, {field("to"), " " + q.to + ": is before ", field("from"), " " + q.from});
  if (month_number(to) - month_number(from) >= kMaxMonths)
    throw Error(Exit::Usage, {field("from"), " " + q.from + " ", field("to"),
                              " " + q.to + ": at most " + std::to_string(kMaxMonths) +
                                  " months at a time (the replay forecasts every day)"});
  Query filter;
  filter.customers = q.customers;
  filter.tier = q.tier;
  auto selected = impl_->select(filter);
  // The replay is of monthly forecasts: a quarterly commitment's month is
  // not a promise that can be missed (ADR 0040).
  std::erase_if(selected, [](const Contract* c) { return c->quarterly(); });
  auto hold = impl_->read();
  BacktestReport r;
  r.from = from.label();
  r.to = to.label();
  std::vector<Period> months;
  for (Period m = from; month_number(m) <= month_number(to); m = next_month(m)) months.push_back(m);

  // What happened: each month as of its end, and when each miss became certain.
  using Key = std::pair<std::string, std::string>;  // customer, metric
  std::map<std::string, std::map<Key, BacktestCase>> cases;
  std::map<Instant, Facts> at_end;
  Instant first_start = kNever, last_end = 0;
  for (const Period& m : months)
    for (const Contract* c : selected) {
      Interval b = m.bounds(*c->zone);
      first_start = std::min(first_start, b.a);
      last_end = std::max(last_end, b.b);
      auto it = at_end.find(b.b);
      if (it == at_end.end()) it = at_end.emplace(b.b, impl_->facts(b.b)).first;
      const Facts& f = it->second;
      auto settled = impl_->settled_clocks(*c, b.b, f);
      AccountReport a = impl_->account(*c, m, b.b, f, r.errors, &settled, false);
      auto& month_cases = cases[m.label()];
      if (a.uptime && !a.uptime->met) month_cases[{c->id, "uptime"}] = {c->id, "uptime", a.uptime->missed_at, {}, {}};
      for (auto [metric, table] :
           {std::pair{Metric::Response, &a.response}, std::pair{Metric::Resolution, &a.resolution}})
        for (const auto& [p, fig] : *table) {
          if (!fig.rate || *fig.rate >= a.compliance_target) continue;  // the month's terms (amendments)
          std::vector<ClockOutcome> outcomes;
          for (const auto& k : settled)
            if (k.metric == metric && k.priority == p && k.at >= b.a && k.at < b.b && !f.exempt(c->id, k.start))
              outcomes.push_back({k.at, k.achieved});
          std::string name = std::string(metric_name(metric)) + " " + p;
          month_cases[{c->id, name}] = {c->id, name, rate_missed_at(outcomes, a.compliance_target), {}, {}};
        }
    }

  // What was forecast: at 00:00 UTC of each day, the month running then.
  std::set<std::string> wanted_months;
  for (const auto& m : months) wanted_months.insert(m.label());
  auto wanted = [&](const Contract&, const Period& m) { return wanted_months.count(m.label()) > 0; };
  Instant first_day = first_start - ((first_start % kDay) + kDay) % kDay;
  int total_days = static_cast<int>((last_end - first_day + kDay - 1) / kDay);
  std::vector<Diagnostic> errors;
  auto every = impl_->all_contracts();
  for (Instant day = first_day; day < last_end; day += kDay) {
    Facts f = impl_->facts(day);
    auto clocks = impl_->clock_views(day, f, every);
    for (auto& risk : impl_->risks_at(selected, day, f, clocks, wanted, errors)) {
      auto& c = cases[risk.period][{risk.customer, risk.metric}];
      if (c.flagged_at) continue;
      c.customer = risk.customer;
      c.metric = risk.metric;
      c.flagged_at = day;
      c.basis = std::move(risk.basis);
    }
    ++r.days;
    if (q.progress) q.progress(r.days, total_days);
  }
  // A contract function that fails, fails every day: say it once.
  std::set<std::string> seen;
  for (auto& e : errors)
    if (seen.insert(e.str()).second) r.errors.push_back(std::move(e));

  std::vector<BacktestCase> all;
  int accounts = static_cast<int>(selected.size());
  for (const Period& m : months) {
    std::vector<BacktestCase> list;
    for (auto& [_, c] : cases[m.label()]) list.push_back(std::move(c));
    all.insert(all.end(), list.begin(), list.end());
    r.months.push_back(score(m.label(), accounts, std::move(list)));
  }
  r.total = score("all", accounts, std::move(all));
  return r;
}

}  // namespace vow
