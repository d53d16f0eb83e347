#include "compliance/account.hpp"

#include <algorithm>

#include "compliance/cadence.hpp"
#include "compliance/credits.hpp"
#include "compliance/jobs.hpp"
#include "compliance/objectives.hpp"
#include "compliance/satisfaction.hpp"
#include "model/utf8.hpp"

namespace vow {
namespace {

PriorityTable empty_figures(const std::map<std::string, Target>& targets) {
  PriorityTable out;
  for (const auto& [p, t] : targets) {
    out[p].target_seconds = static_cast<double>(t.target) / 1000.0;
    out[p].clause = t.clause;
    if (t.business_days > 0) out[p].target_text = business_days_text(t.business_days);
  }
  return out;
}

PriorityTable& figures_of(AccountReport& a, Metric m) {
  return m == Metric::Response     ? a.response
         : m == Metric::Resolution ? a.resolution
         : m == Metric::NextReply  ? a.next_reply
                                   : a.update;
}

}  // namespace

void add_clock(const TicketHistory& t, const ClockResult& clock, std::vector<SettledClock>& out,
               std::vector<ClockSample>* open) {
  bool achieved = clock.state == ClockResult::State::Achieved;
  double fraction = clock.has_target && clock.target > 0
                        ? static_cast<double>(clock.elapsed) / static_cast<double>(clock.target)
                        : 0.0;
  if (achieved || clock.state == ClockResult::State::Breached)
    out.push_back({clock.settled, t.opened->ref, clock.priority, clock.metric, achieved, achieved ? fraction : 2.0,
                   clock.stopped && clock.stop == clock.settled, clock.start});
  else if (open && clock.state == ClockResult::State::InProgress && clock.has_target && clock.target > 0)
    open->push_back({std::string(clock.priority), clock.metric, fraction, false});
}

std::vector<SettledClock> settled_clocks(const Contract& c, Instant as_of, const Facts& f, ClockScratch& scratch,
                                         std::vector<ClockSample>* open) {
  std::vector<SettledClock> out;
  for_each_ticket_clock(c, as_of, f, scratch, [&](const TicketHistory& t, const ClockResult& clock) {
    add_clock(t, clock, out, f.exempt(c.id, clock.start) ? nullptr : open);
  });
  return out;
}

ExcludeFn exclude_for(const Contract& c, const UptimeTerm& u, const Evaluation& ev) {
  if (!u.exclude_fn) return {};
  return [&c, &u, ev](const OutageView& o) {
    std::string err;
    bool yes = ev.calls.exclude(c, u, o, err);
    if (!err.empty())
      ev.errors.push_back(
          {u.exclude_at.file, u.exclude_at.line, printable("contract \"" + c.id + "\": exclude failed: " + err)});
    return yes;
  };
}

namespace {

// Whether a clock settled by `t`: a stop at `t` is seen at `t`, a breach at
// its deadline only after it (semantics.md, "Deadline and breach").
bool seen_by(const SettledClock& k, Instant t) {
  return k.at < t || (k.at == t && k.by_stop);
}

// The figures and status of `period` as of ev.as_of, without credit.
AccountReport figures(const Contract& c, const Period& period, const Evaluation& ev,
                      const std::vector<SettledClock>& settled) {
  const Facts& f = ev.facts;
  AccountReport a;
  a.customer = c.id;
  a.name = c.name;
  a.tier = c.tier;
  a.note = c.note;
  a.terms_from = c.terms_from;
  a.quarterly = c.quarterly();
  Interval b = period.bounds(*c.zone);
  a.start = b.a;
  a.end = b.b;
  for (const UptimeTerm& u : c.uptimes) {
    UptimeFigures& fig = a.uptimes.emplace_back(compute_uptime(u, c.id, b, ev.as_of, f, exclude_for(c, u, ev)));
    fig.name = u.name;
    fig.clause = u.clause;
  }
  if (!a.uptimes.empty()) a.uptime = a.uptimes.front();
  a.response = empty_figures(c.response);
  a.resolution = empty_figures(c.resolution);
  a.next_reply = empty_figures(c.next_reply);
  a.update = empty_figures(c.update);
  bool any_breach = false;
  for (const SettledClock& clock : settled) {
    if (clock.at < b.a || clock.at >= b.b || !seen_by(clock, ev.as_of)) continue;
    auto& figures = figures_of(a, clock.metric);
    auto slot = figures.find(clock.priority);
    if (slot == figures.end()) continue;
    if (f.exempt(c.id, clock.start)) {  // an exception's (1.1): beside the others, not among them
      slot->second.exempt++;
      continue;
    }
    (clock.achieved ? slot->second.achieved : slot->second.breached)++;
    any_breach |= !clock.achieved;
    if (!clock.achieved)
      a.late_tickets.push_back(
          {std::string(clock.ticket), metric_name(clock.metric), std::string(clock.priority), clock.at});
  }
  if (c.communications) a.communications = communications_table(c, b, ev.as_of, f);
  a.exceptions = exceptions_in(c, b, f);
  a.jobs = job_figures(c, b, ev.as_of, f);
  for (const Objective& o : c.objectives) a.objectives.push_back(objective_figures(o, *c.zone, c.id, b, ev.as_of, f));
  count_ratings(c, b, ev.as_of, f, a);
  // Every term counts (terms.md): red when any is missed, yellow when any
  // is near its budget.
  bool red = std::any_of(a.uptimes.begin(), a.uptimes.end(), [](const UptimeFigures& u) { return !u.met; });
  for (auto* figures : {&a.response, &a.resolution, &a.next_reply, &a.update})
    for (auto& [_, p] : *figures) {
      int n = p.achieved + p.breached;
      if (n > 0) p.rate = static_cast<double>(p.achieved) / n;
      if (p.rate && *p.rate < c.compliance_target) red = true;
    }
  // A job below the target is missed (slis.md); a late run alone, like a breached clock, is a warning.
  for (const ObjectiveFigures& o : a.objectives) {  // 1.1: as an uptime term
    red |= !o.met;
    any_breach |= o.met && (!o.budget_consumed || *o.budget_consumed >= c.budget_warn);
  }
  for (const auto& [_, j] : a.jobs) {
    red |= j.rate && *j.rate < c.compliance_target;
    any_breach |= j.breached > 0;
  }
  bool yellow = any_breach || std::any_of(a.uptimes.begin(), a.uptimes.end(), [&](const UptimeFigures& u) {
                  return u.budget_consumed && *u.budget_consumed >= c.budget_warn;
                });
  a.status = red ? Status::Red : yellow ? Status::Yellow : Status::Green;
  a.compliance_target = c.compliance_target;
  a.budget_warn = c.budget_warn;
  a.has_credit_term = c.credit.kind != CreditTerm::Kind::None;
  return a;
}

}  // namespace

AccountReport evaluate_account(const Contract& contract, const Period& period, const Evaluation& ev,
                               const std::vector<SettledClock>& settled, bool with_credit) {
  const Contract& c = contract.in_force(period);  // as amended (terms.md)
  AccountReport a = figures(c, period, ev, settled);
  bool credit = with_credit && a.has_credit_term;
  if (c.quarterly()) {
    if (period.is_quarter()) {
      if (credit) a.credit = credit_for(c, period, a, ev);
    } else {
      // The month's own figures; the status is the quarter's so far (terms.md).
      Evaluation then{ev.facts, std::min(ev.as_of, a.end), ev.calls, ev.errors};
      a.status = figures(c, quarter_of(period), then, settled).status;
    }
    return a;
  }
  if (credit && !period.is_quarter()) a.credit = credit_for(c, period, a, ev);
  // A monthly contract's credits are monthly: a quarter shows what each of
  // its months that has begun owes, so a quarter's report never hides
  // October's credit.
  if (credit && period.is_quarter())
    for (int i = 0; i < period.months; ++i) {
      Period month{period.year, period.first_month + i, 1};
      if (month.bounds(*c.zone).a >= ev.as_of) break;
      if (auto owed = evaluate_account(c, month, ev, settled, true).credit)
        a.monthly_credits.push_back(std::move(*owed));
      else
        a.failed_credit_months.push_back(month.label());  // its formula failed: listed in errors
    }
  return a;
}

PriorityTable communications_table(const Contract& c, Interval period, Instant as_of, const Facts& f) {
  PriorityTable table;
  const Communications& terms = *c.communications;
  for (auto [kind, target] :
       {std::pair{NoticeKind::Initial, terms.initial}, std::pair{NoticeKind::Update, terms.update_every},
        std::pair{NoticeKind::Postmortem, terms.postmortem}})
    if (target) {
      PriorityFigures& fig = table[std::string(to_string(kind))];
      fig.target_seconds = static_cast<double>(target->length) / 1000.0;
      fig.clause = terms.clause;
      if (target->business_days > 0) fig.target_text = business_days_text(target->business_days);
    }
  for_each_notice_clock(c, as_of, f, [&](const Outage&, const NoticeClock& clock) {
    if (clock.state == NoticeClock::State::InProgress || clock.settled < period.a || clock.settled >= period.b) return;
    auto& fig = table[std::string(to_string(clock.kind))];
    (clock.state == NoticeClock::State::Achieved ? fig.achieved : fig.breached)++;
  });
  for (auto& [_, fig] : table)
    if (fig.achieved + fig.breached > 0) fig.rate = static_cast<double>(fig.achieved) / (fig.achieved + fig.breached);
  return table;
}

Decimal period_fee(const Contract& c, const Period& period, const Facts& f, std::optional<std::string>* invoice) {
  if (auto inv = f.invoices.find({c.id, period.label()}); inv != f.invoices.end()) {
    if (invoice) *invoice = inv->second.id;
    return inv->second.amount;
  }
  if (!period.is_quarter()) return c.base_fee().value_or(Decimal());
  Decimal sum;
  for (int i = 0; i < period.months; ++i)
    sum = sum + period_fee(c, Period{period.year, period.first_month + i, 1}, f, nullptr);
  return sum;
}

std::optional<CreditFigures> credit_for(const Contract& c, const Period& period, const AccountReport& a,
                                        const Evaluation& ev) {
  CreditFigures m;
  m.customer = c.id;
  m.name = c.name;
  m.period = period.label();
  m.currency = c.currency;
  Decimal fee = period_fee(c, period, ev.facts, &m.invoice);
  Decimal monthly = fee / Decimal::integer(period.months);
  m.fee_value = fee.to_double();
  m.fee = fee.format(minor_unit_digits(c.currency));
  m.monthly_fee_value = monthly.to_double();
  m.monthly_fee = monthly.format(minor_unit_digits(c.currency));
  m.uptime = a.uptime;
  m.uptimes = a.uptimes;
  m.response = a.response;
  m.resolution = a.resolution;
  m.next_reply = a.next_reply;
  m.jobs = a.jobs;
  m.objectives = a.objectives;
  m.update = a.update;
  m.final = ev.as_of >= a.end;
  m.formula = c.credit.at.str();
  m.clause = c.credit.clause;
  std::optional<double> percent, amount;
  std::optional<Decimal> exact;  // a schedule's percent, exact over several terms
  if (c.credit.kind == CreditTerm::Kind::Schedule) {
    exact = schedule_credit(c, a.uptimes);
    percent = exact->to_double();
  } else {
    std::string err;
    auto out = ev.calls.credit(c, m, err);
    if (!out) {
      ev.errors.push_back(
          {c.credit.at.file, c.credit.at.line, printable("contract \"" + c.id + "\": credit formula failed: " + err)});
      return std::nullopt;
    }
    percent = out->percent;
    amount = out->amount;
    m.note = out->note;
  }
  m.percent = percent;
  try {
    m.amount =
        (exact ? settle_exact_credit(exact, amount, fee, c.credit_cap, c.currency, c.credit_cap_days, period.days())
               : settle_credit(percent, amount, fee, c.credit_cap, c.currency, c.credit_cap_days, period.days()))
            .format(minor_unit_digits(c.currency));
  } catch (const std::exception& e) {  // fails this contract only; the others are still reported
    ev.errors.push_back(
        {c.credit.at.file, c.credit.at.line, "contract \"" + c.id + "\": credit formula failed: " + e.what()});
    return std::nullopt;
  }
  return m;
}

}  // namespace vow
