// Engine's internals, shared by engine.cpp and drafts.cpp.
#pragma once

#include <algorithm>
#include <deque>
#include <span>
#include <unordered_map>

#include "compliance/cadence.hpp"
#include "compliance/clocks.hpp"
#include "compliance/credits.hpp"
#include "compliance/event_index.hpp"
#include "compliance/event_store.hpp"
#include "compliance/facts.hpp"
#include "compliance/forecast.hpp"
#include "compliance/uptime.hpp"
#include "contracts/calls.hpp"
#include "contracts/contract_set.hpp"
#include "model/utf8.hpp"
#include "time/period.hpp"
#include "vow/engine.hpp"
#include "vow/error.hpp"

namespace vow {

struct Engine::Impl {
  explicit Impl(EngineLimits l)
      : contracts(SandboxLimits{l.lua_memory_per_call, 1024u << 20, l.lua_instructions_per_call}) {}

  ContractSet contracts;
  EventStore events;
  std::int64_t next_seq = 1;
  bool indexed = false;
  EventIndex index;
  Instant first_event = kNever;  // of the indexed events
  ClockScratch scratch;
  std::vector<ClockResult> clocks;

  // Groups the events once; queries reuse the index.
  void prepare() {
    if (indexed) return;
    index = build_index(events);
    first_event = kNever;
    for (const auto& e : events.whole()) first_event = std::min(first_event, e.at);
    for (const auto& e : events.tickets()) first_event = std::min(first_event, e.at);
    indexed = true;
  }

  Facts facts(Instant as_of) {
    prepare();
    return gather_facts(index, as_of, [this](std::string_view id) { return contracts.find(id); });
  }

  std::vector<const Contract*> select(const Query& q) {
    for (const auto& id : q.customers)
      if (!contracts.find(id)) throw Error(Exit::Usage, {field("customer"), " " + id + ": no contract has this id"});
    std::vector<const Contract*> out;
    for (const auto& c : contracts.contracts()) {
      if (!q.customers.empty() && std::find(q.customers.begin(), q.customers.end(), c.id) == q.customers.end())
        continue;
      if (!q.tier.empty() && c.tier != q.tier) continue;
      out.push_back(&c);
    }
    return out;
  }

  ExcludeFn exclude_for(const Contract& c, std::vector<Diagnostic>& errors) {
    if (!c.uptime || !c.uptime->exclude_fn) return {};
    return [this, &c, &errors](const OutageView& o) {
      std::string err;
      bool yes = call_exclude(contracts.sandbox(), *c.uptime, o, err);
      if (!err.empty())
        errors.push_back({c.uptime->exclude_at.file, c.uptime->exclude_at.line,
                          printable("contract \"" + c.id + "\": exclude failed: " + err)});
      return yes;
    };
  }

  static PriorityTable empty_figures(const std::map<std::string, Target>& targets) {
    PriorityTable out;
    for (const auto& [p, t] : targets) out[p].target_seconds = static_cast<double>(t.target) / 1000.0;
    return out;
  }

  // A ticket clock that has settled: all a period needs to count it.
  struct SettledClock {
    Instant at;
    std::string_view ticket;  // the source's ticket id
    std::string_view priority;
    Metric metric;
    bool achieved;
    double fraction;  // of its target, where it stopped; a breach counts as 2
  };

  // Clocks do not depend on the period, only on as_of: a report evaluating
  // several periods computes them once per contract. `open` receives the
  // clocks in progress with a target.
  std::vector<SettledClock> settled_clocks(const Contract& c, Instant as_of, const Facts& f,
                                           std::vector<ClockSample>* open = nullptr) {
    std::vector<SettledClock> out;
    for (const auto& t : f.tickets_for(c.id)) {
      clocks.clear();
      ticket_clocks(t, c, as_of, *f.priorities, scratch, clocks);
      for (const auto& clock : clocks) {
        bool achieved = clock.state == ClockResult::State::Achieved;
        double fraction = clock.has_target && clock.target > 0
                              ? static_cast<double>(clock.elapsed) / static_cast<double>(clock.target)
                              : 0.0;
        if (achieved || clock.state == ClockResult::State::Breached)
          out.push_back(
              {clock.settled, t.opened->ref, clock.priority, clock.metric, achieved, achieved ? fraction : 2.0});
        else if (open && clock.state == ClockResult::State::InProgress && clock.has_target && clock.target > 0)
          open->push_back({std::string(clock.priority), clock.metric, fraction, false});
      }
    }
    return out;
  }

  // Contracts' clocks at one as_of: the report's periods and the forecast's
  // team pace (which reads every contract's) share them.
  struct ClockViews {
    std::unordered_map<const Contract*, std::vector<SettledClock>> settled;
    std::unordered_map<const Contract*, std::vector<ClockSample>> open;
  };
  ClockViews clock_views(Instant as_of, const Facts& f, const std::vector<const Contract*>& which) {
    ClockViews v;
    for (const Contract* c : which) v.settled[c] = settled_clocks(*c, as_of, f, &v.open[c]);
    return v;
  }
  std::vector<const Contract*> all_contracts() {
    std::vector<const Contract*> out;
    for (const auto& c : contracts.contracts()) out.push_back(&c);
    return out;
  }

  // The forecast (ADR 0013) for each selected contract whose month running
  // at as_of is `wanted`.
  std::vector<Risk> risks_at(const std::vector<const Contract*>& selected, Instant as_of, const Facts& f,
                             ClockViews& views, const std::function<bool(const Contract&, const Period&)>& wanted,
                             std::vector<Diagnostic>& errors);

  AccountReport account(const Contract& c, const Period& period, Instant as_of, const Facts& f,
                        std::vector<Diagnostic>& errors, const std::vector<SettledClock>* settled = nullptr,
                        bool with_credit = true) {
    AccountReport a;
    a.customer = c.id;
    a.name = c.name;
    a.tier = c.tier;
    Interval b = period.bounds(*c.zone);
    a.start = b.a;
    a.end = b.b;
    if (c.uptime) a.uptime = compute_uptime(*c.uptime, c.id, b, as_of, f, exclude_for(c, errors));
    a.response = empty_figures(c.response);
    a.resolution = empty_figures(c.resolution);
    bool any_breach = false;
    std::vector<SettledClock> own;
    if (!settled) settled = &(own = settled_clocks(c, as_of, f));
    for (const SettledClock& clock : *settled) {
      if (clock.at < b.a || clock.at >= b.b) continue;
      auto& figures = clock.metric == Metric::Response ? a.response : a.resolution;
      auto slot = figures.find(clock.priority);
      if (slot == figures.end()) continue;
      (clock.achieved ? slot->second.achieved : slot->second.breached)++;
      any_breach |= !clock.achieved;
      if (!clock.achieved)
        a.late_tickets.push_back({std::string(clock.ticket),
                                  clock.metric == Metric::Response ? "response" : "resolution",
                                  std::string(clock.priority), clock.at});
    }
    if (c.communications) a.communications = communications(c, b, as_of, f);
    bool red = a.uptime && !a.uptime->met;
    for (auto* figures : {&a.response, &a.resolution})
      for (auto& [_, p] : *figures) {
        int n = p.achieved + p.breached;
        if (n > 0) p.rate = static_cast<double>(p.achieved) / n;
        if (p.rate && *p.rate < c.compliance_target) red = true;
      }
    bool yellow = any_breach || (a.uptime && a.uptime->budget_consumed && *a.uptime->budget_consumed >= c.budget_warn);
    a.status = red ? "red" : yellow ? "yellow" : "green";
    a.compliance_target = c.compliance_target;
    a.budget_warn = c.budget_warn;
    a.has_credit_term = c.credit.kind != CreditTerm::Kind::None;
    if (with_credit && a.has_credit_term && !period.is_quarter()) a.credit = credit(c, period, as_of, a, f, errors);
    // Credits are monthly: a quarter shows what each of its months that has
    // begun owes, so a quarter's report never hides October's credit.
    if (with_credit && a.has_credit_term && period.is_quarter())
      for (int i = 0; i < period.months; ++i) {
        Period month{period.year, period.first_month + i, 1};
        if (month.bounds(*c.zone).a >= as_of) break;
        if (auto owed = account(c, month, as_of, f, errors, settled, true).credit)
          a.monthly_credits.push_back(std::move(*owed));
        else
          a.failed_credit_months.push_back(month.label());  // its formula failed: listed in errors
      }
    return a;
  }

  // Notice clocks of every outage that affects the contract, settled in the period.
  static PriorityTable communications(const Contract& c, Interval period, Instant as_of, const Facts& f) {
    PriorityTable table;
    const Communications& terms = *c.communications;
    for (auto [kind, target] :
         {std::pair{NoticeKind::Initial, terms.initial}, std::pair{NoticeKind::Update, terms.update_every},
          std::pair{NoticeKind::Postmortem, terms.postmortem}})
      if (target) table[std::string(to_string(kind))].target_seconds = static_cast<double>(*target) / 1000.0;
    for (const Outage& o : f.outages) {
      if (!affects(c, *o.started)) continue;
      auto notices = f.notices_for(o.started->ref, c.id);
      for (const auto& clock : notice_clocks(terms, o, notices, as_of)) {
        if (clock.state == NoticeClock::State::InProgress || clock.settled < period.a || clock.settled >= period.b)
          continue;
        auto& fig = table[std::string(to_string(clock.kind))];
        (clock.state == NoticeClock::State::Achieved ? fig.achieved : fig.breached)++;
      }
    }
    for (auto& [_, fig] : table)
      if (fig.achieved + fig.breached > 0) fig.rate = static_cast<double>(fig.achieved) / (fig.achieved + fig.breached);
    return table;
  }

  std::optional<CreditFigures> credit(const Contract& c, const Period& period, Instant as_of, const AccountReport& a,
                                      const Facts& f, std::vector<Diagnostic>& errors) {
    CreditFigures m;
    m.customer = c.id;
    m.name = c.name;
    m.period = period.label();
    m.currency = c.currency;
    Decimal fee;
    if (auto inv = f.invoices.find({c.id, m.period}); inv != f.invoices.end()) {
      fee = inv->second.amount;
      m.invoice = inv->second.id;
    } else if (auto base = c.base_fee())
      fee = *base;
    m.monthly_fee_value = fee.to_double();
    m.monthly_fee = fee.format(minor_unit_digits(c.currency));
    m.uptime = a.uptime;
    m.response = a.response;
    m.resolution = a.resolution;
    m.final = as_of >= a.end;
    m.formula = c.credit.at.str();
    std::optional<double> percent, amount;
    if (c.credit.kind == CreditTerm::Kind::Schedule) {
      percent = schedule_percent(c.credit.rows, a.uptime ? std::optional<double>(a.uptime->percent) : std::nullopt);
    } else {
      std::string err;
      auto out = call_credit(contracts.sandbox(), c.credit, m, err);
      if (!out) {
        errors.push_back({c.credit.at.file, c.credit.at.line,
                          printable("contract \"" + c.id + "\": credit formula failed: " + err)});
        return std::nullopt;
      }
      percent = out->percent;
      amount = out->amount;
      m.note = out->note;
    }
    m.percent = percent;
    try {
      m.amount = settle_credit(percent, amount, fee, c.credit_cap, c.currency).format(minor_unit_digits(c.currency));
    } catch (const std::exception& e) {  // fails this contract only; the others are still reported
      errors.push_back(
          {c.credit.at.file, c.credit.at.line, "contract \"" + c.id + "\": credit formula failed: " + e.what()});
      return std::nullopt;
    }
    return m;
  }
};

}  // namespace vow
