// What Vow computes, as plain data: the shapes behind `vow report`,
// `vow credits` and `vow status` (docs/reports.md, "JSON").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vow/diagnostic.hpp"
#include "vow/instant.hpp"
#include "vow/problem.hpp"

namespace vow {

struct UptimeFigures {
  std::string name = "uptime";        // the term's (contract language 1.1: several terms)
  std::optional<std::string> clause;  // where the term stands in the signed contract
  double target = 0;
  double percent = 100;
  std::optional<double> percent_to_date;
  // None for a term measured by events (1.1, method "ratio" or
  // "ratio_timeslices"), which has no downtime.
  std::optional<double> downtime_seconds = 0.0;
  std::optional<double> eligible_seconds = 0.0;
  std::optional<double> elapsed_seconds = 0.0;
  std::optional<double> budget_consumed;
  bool met = true;
  // 1.1, a term read from an indicator (slis.md): its name and method;
  // good and total for "ratio" (percent is then null without events),
  // slices and bad_slices for the sliced methods.
  std::optional<std::string> sli, method;
  std::optional<std::int64_t> good, total, slices, bad_slices;
  std::vector<std::string> windows_left_out{};  // 1.1: longer than their slice, counted nowhere
  bool percent_known() const { return !(method && *method == "ratio" && total && *total == 0); }
  // When missed as of now: the first instant from which the downtime so far
  // is over the whole period's allowance (ADR 0013).
  std::optional<Instant> missed_at;
};

struct PriorityFigures {
  double target_seconds = 0;
  int achieved = 0;
  int breached = 0;
  std::optional<double> rate;
  std::optional<std::string> clause;  // 1.1: where the target stands in the signed contract
  // 1.1: "business_days(1)" for a target that depends on each clock's
  // start; target_seconds is then not a figure (null in json).
  std::optional<std::string> target_text;
  int exempt = 0;  // 1.1: clocks an exception for tickets leaves out
};

// Per priority, in byte order of the priority name.
using PriorityTable = std::map<std::string, PriorityFigures, std::less<>>;

// An objective in a period (1.1, slis.md): by events (ratio: good and
// total) or by slices (slices, and bad_slices for timeslices).
struct ObjectiveFigures {
  std::string name, sli, method;
  double target = 0;
  std::optional<double> percent;  // none without events (ratio) or slices
  bool met = true;
  std::optional<double> budget_consumed;  // none when no failure was allowed and one happened
  std::optional<std::int64_t> good, total, slices, bad_slices;
  std::optional<std::string> clause;
  std::vector<std::string> windows_left_out{};  // longer than their slice
};

// A scheduled job's runs settled in a period (1.1, slis.md).
struct LateRun {
  std::string run;  // its date, YYYY-MM-DD
  Instant due = 0;
};
struct JobFigures {
  std::string target;  // "06:00 daily"
  int achieved = 0, breached = 0;
  std::optional<double> rate;  // achieved over both; none without runs
  std::optional<std::string> clause;
  std::vector<LateRun> late{};  // the breached runs, by due instant
};
using JobTable = std::map<std::string, JobFigures, std::less<>>;

struct CreditFigures {
  std::string customer;
  std::string name;    // the contract's name, for people; `customer` is the id
  std::string amount;  // decimal string in the currency's minor unit
  std::string currency;
  std::string monthly_fee;
  double monthly_fee_value = 0;  // unrounded, as the formula saw it
  // The period's fee (contract language 1.1): a quarter's is its three
  // months' (or its own invoice); a month's is monthly_fee.
  std::string fee;
  double fee_value = 0;
  bool final = false;
  std::optional<double> percent;  // null when the formula returned an amount
  std::optional<std::string> note;
  std::string formula;  // FILE:LINE of the formula
  std::string period;
  std::optional<std::string> invoice;  // the month's invoice.issued, when there is one
  std::optional<std::string> clause;   // 1.1: where the credit term stands in the signed contract
  // The inputs the formula received (`m`).
  std::optional<UptimeFigures> uptime;
  std::vector<UptimeFigures> uptimes;  // m.uptimes[NAME]
  PriorityTable response, resolution;
  PriorityTable next_reply{}, update{};                   // 1.1: m.next_reply, m.update
  std::map<std::string, JobFigures, std::less<>> jobs{};  // 1.1: m.jobs
  std::vector<ObjectiveFigures> objectives{};             // 1.1: m.objectives[NAME]
};

// How an account, a tier or a month of a trend stands: every target met;
// a clock breached or an error budget nearly used; a target missed.
// Outputs print it as "green", "yellow", "red" (to_string in vow/render.hpp).
enum class Status { Green, Yellow, Red };

// A ticket clock that breached in the period: what `vow draft breach --ticket` takes.
struct LateTicket {
  std::string ticket, metric, priority;
  Instant breached_at = 0;
};

// An exception applied to an account in a period (1.1, terms.md).
struct AppliedException {
  std::string id;
  Instant start = 0, end = 0;
  std::string scope, reason, approved_by;
};

// Satisfaction ratings counted in a period (1.1): a rating of 4 or 5 is good.
struct Csat {
  int rated = 0, good = 0;
  std::optional<double> rate;                // good / rated; none without ratings
  std::vector<std::string> met_but_unhappy;  // rated not good, every clock achieved: sorted ticket ids
};

struct AccountReport {
  std::string customer;
  std::string name;
  std::optional<std::string> tier;
  std::optional<std::string> note;        // 1.1: the contract's `note`
  std::optional<std::string> terms_from;  // 1.1: the `from` of the last amendment in force
  // Whose status and credit are per calendar quarter (contract language
  // 1.1): a month's report gives such an account no credit ("credit": null)
  // and the status of its quarter so far.
  bool quarterly = false;
  Instant start = 0, end = 0;
  std::optional<UptimeFigures> uptime;  // the first term, as version 1 readers expect
  std::vector<UptimeFigures> uptimes;   // every term, in the contract's order (1.1)
  PriorityTable response, resolution;
  PriorityTable next_reply{}, update{};         // 1.1: every reply to the customer, regular updates
  std::optional<PriorityTable> communications;  // initial, update, postmortem; with communications terms
  std::optional<CreditFigures> credit;
  // A quarter's report: the credit of each month of it that has begun
  // (credits are monthly: docs/reports.md, "Quarters"), oldest first.
  std::vector<CreditFigures> monthly_credits;
  std::vector<std::string> failed_credit_months;  // months whose formula failed: the sum leaves them out
  std::vector<LateTicket> late_tickets;           // in the order their clocks settled
  bool has_credit_term = false;                   // false: "credit": null
  Status status = Status::Green;
  double compliance_target = 0.95;
  double budget_warn = 0.8;
  std::vector<AppliedException> exceptions{};                   // 1.1: in force in the period, by start
  Csat csat{};                                                  // 1.1: the account's ratings in the period
  std::map<std::string, Csat, std::less<>> csat_by_priority{};  // the same, by the priority when rated
  JobTable jobs{};                                              // 1.1: by job name
  std::vector<ObjectiveFigures> objectives{};                   // 1.1: in the contract's order
};

// One target an account missed or nearly missed, with the figures a
// sentence about it needs; the outputs write the sentence (output/).
struct Miss {
  enum class Kind {
    Uptime,           // `value` percent against `target` percent
    TicketTarget,     // `metric` `priority`: `achieved` of `count` on time, rate `value` against `target`
    UptimeBudget,     // uptime met, with `value` of its error budget used
    LateClocks,       // `count` ticket clocks breached, no ticket target missed
    LateNotices,      // `count` customer notices late or missing
    Quarter,          // a quarterly commitment's month: its quarter so far is not met or near its budget
    LateRuns,         // 1.1: `count` job runs late, no job below its target
    Objective,        // 1.1: objective `metric`: `value` percent against `target` percent
    ObjectiveBudget,  // 1.1: objective `metric` met, with `value` of its error budget used
  } kind = Kind::Uptime;
  double value = 0;
  double target = 0;
  double budget_used = 0;  // Uptime, TicketTarget: share of the error budget used (infinity: none was allowed)
  std::string metric{};    // "response", "resolution", "next_reply", "update" or (1.1) "job": `priority` is its name
  std::string priority{};
  int achieved = 0, count = 0;
};

// The portfolio sections of a report (issue 4): per tier, flagged accounts,
// trend over earlier periods, and what is projected to breach next.
struct TierSummary {
  std::string tier;  // "" for contracts without a tier
  Status status = Status::Green;
  // The worst account of a tier that is not green, and its worst miss: the
  // outputs' one sentence (which target, by how much). None when it missed nothing.
  std::string worst_name;
  std::optional<Miss> worst_miss;
  int accounts = 0, green = 0, yellow = 0, red = 0;
  std::optional<double> uptime_percent;  // downtime over eligible time of its accounts
  PriorityTable response, resolution;
  std::map<std::string, std::string> credits;  // currency -> amount owed
  bool credits_final = true;                   // false while a month in them runs, or one failed
  bool credits_incomplete = false;             // a month's formula failed: its credit is left out
  PriorityTable next_reply{}, update{};        // 1.1
};

struct AccountFlag {
  std::string customer, name;
  Status status = Status::Green;
  double severity = 0;  // the largest share of an error budget used by any target (2.0: twice the budget)
  std::vector<Miss> reasons;
};

struct TrendPoint {
  std::string period;
  std::optional<double> uptime_percent;
  PriorityTable response, resolution;
  Status status = Status::Green;
};

struct Trend {
  std::string subject;  // a tier name, or a customer id
  bool account = false;
  std::vector<TrendPoint> points;  // oldest first, this period last
};

// The figures a forecast's reasoning is written from (ADR 0013); the
// outputs write it on one line.
struct RiskBasis {
  enum class Kind { Uptime, Rate } kind = Kind::Uptime;
  // Uptime: shares of the error budget (1.0: all of it) and of the month.
  double budget_used = 0;                // so far
  double month_elapsed = 0;              // the share of the month gone
  std::vector<double> earlier_budget{};  // each of its last months (up to 3), oldest first
  double usual_budget = 0;               // a month of similar accounts
  double projected_budget = 0;           // by month end
  // Rate: the month's clocks of one metric and priority.
  int achieved = 0, breached = 0, open = 0;
  double furthest = 0;                        // the open clock that ran furthest, as a share of its target
  int team_ran = 0, team_late = 0;            // the team's clocks that ran that far, and how many of them were late
  double chance = 0;                          // to end below the target
  double target = 0;                          // the compliance target (0..1)
  int months_counted = 0, months_missed = 0;  // its last months (up to 3) with clocks, and those that missed
};

// A target an account is forecast to miss in the month running (ADR 0013).
struct Risk {
  std::string customer, metric;  // "uptime", or "response P1", ...
  RiskBasis basis;
  double projected = 0, target = 0;
  std::string period;  // the month forecast
};

// An outage as its customers saw it.
struct Incident {
  std::string outage, service, title;  // title: "" when the source gave none
  bool partial = false;
  Instant started = 0;
  std::optional<Instant> ended;  // none while ongoing at as_of
  double duration_seconds = 0;   // to its end, or to as_of while ongoing
  std::optional<std::string> cause;
  std::vector<std::string> customers;  // the internal report: the selected accounts it affected
};

// A source Vow heard nothing from since `last_event` (ADR 0015): monitoring
// of one service, or the ticket system as a whole.
struct SilentSource {
  std::string kind;                    // "monitoring" or "tickets"
  std::string service;                 // monitoring: the service; tickets: ""
  std::optional<Instant> last_event;   // null: never heard from
  std::vector<std::string> customers;  // the accounts whose figures count the silence as service
};

struct Report {
  std::string period;
  bool quarter = false;
  Instant as_of = 0;
  bool customer_audience = false;  // a customer's own cut: no portfolio, no internals
  std::vector<AccountReport> accounts;
  std::vector<TierSummary> tiers;
  std::vector<AccountFlag> flags;
  std::vector<Trend> trends;
  std::vector<Risk> risks;
  // The outages that affected the selected accounts in the period (for the
  // customer audience: that customer's), in the order they started.
  std::vector<Incident> incidents;
  std::vector<SilentSource> silent_sources;  // not for the customer audience
  std::vector<ProblemLine> problems;
  std::vector<Diagnostic> errors;  // contract code that failed while evaluating
};

// `vow backtest`: the forecast replayed day by day against what happened.
struct BacktestCase {
  std::string customer, metric;
  std::optional<Instant> breached_at;  // null: the month met this target
  std::optional<Instant> flagged_at;   // the first day's flag in the month; null: never flagged
  RiskBasis basis;                     // that flag's reasoning
};

struct BacktestMonth {
  std::string period;  // "all" for the totals
  int accounts = 0;
  int breaches = 0;
  int flagged_ahead = 0;  // breaches flagged before their breach instant
  int missed = 0;         // breaches not flagged before it
  int flags = 0;          // account targets flagged at least once
  int false_flags = 0;    // flagged, and the month met the target
  std::optional<double> median_days_early;
  std::vector<BacktestCase> cases;  // every breach and every flag
};

struct BacktestReport {
  std::string from, to;
  int days = 0;  // forecasts made: one at 00:00 UTC of each day
  std::vector<BacktestMonth> months;
  BacktestMonth total;
  std::vector<Diagnostic> errors;
};

struct CreditsReport {
  std::string period;
  Instant as_of = 0;
  std::vector<CreditFigures> credits;
  std::vector<Diagnostic> errors;
};

struct StatusClock {
  std::string customer, name, ticket, metric, priority;
  bool breached = false;
  Instant deadline = kNever;  // kNever: no deadline can be reached
  double elapsed_seconds = 0, target_seconds = 0, fraction = 0, level = 0;
};

struct StatusAccount {
  std::string customer, name, period, level;
  double uptime_percent = 100;
  std::optional<double> budget_consumed;
  std::string term;  // the uptime term's name, when uptime is a list (1.1)
};

// An objective (1.1) whose current period is lost ("breached") or at risk
// ("warning": below target but able to rise, or past the budget warning).
struct StatusObjective {
  std::string customer, name, period, objective, method, level;
  std::optional<double> percent;  // none without events
  std::optional<double> budget_consumed;
};

// A scheduled job (1.1) with a run past due and not completed, or whose
// current period is below target ("breached" once it cannot reach it).
struct StatusJob {
  std::string customer, name, period, job, target, level;
  int achieved = 0, breached = 0;
  std::optional<double> rate;
  std::vector<LateRun> overdue{};  // runs past their due instant with no completion yet
};

// A notice to a customer that is due (or overdue) for an open incident.
struct StatusNotice {
  std::string customer, name, outage, kind;
  Instant deadline = 0;
  bool overdue = false;
};

struct StatusReport {
  Instant as_of = 0;
  std::vector<StatusClock> clocks;
  std::vector<StatusNotice> notices;
  std::vector<StatusAccount> accounts;
  std::vector<StatusObjective> objectives;  // 1.1
  std::vector<StatusJob> jobs;              // 1.1
  std::vector<Incident> open_outages;       // going on at as_of, affecting the selected accounts
  std::vector<Diagnostic> errors;
};

// An alert (docs/alerts.md): a promise at risk or missed, at the first
// instant its condition held.
// One alert of docs/alerts.md. Which fields mean something depends on the
// kind; the others keep their defaults and are not rendered.
struct Alert {
  std::string id, kind, severity, customer;
  std::string customer_name;  // the contract's name, for people
  Instant at = 0;
  // Clock kinds (metric and priority also for compliance.below_target).
  std::string ticket, metric, priority;
  int cycle = 0;
  Instant deadline = kNever;    // clock kinds and notice.overdue
  std::optional<double> level;  // clock.warning
  int step = 0;                 // clock.escalated: from 1, in the priority's list
  std::string to;               // clock.escalated: who hears of it
  // Uptime and objective kinds (period also for compliance.below_target).
  std::string period;  // YYYY-MM (or YYYY-Qn)
  std::string term;    // an uptime term's name, when uptime is a list
  std::string name;    // an objective's name
  std::optional<double> budget_consumed;
  // uptime.burn_rate.
  int rule = 0;  // from 1, in the burn_alerts list
  Millis long_window = 0, short_window = 0;
  double factor = 0, burn_long = 0, burn_short = 0;
  // notice.overdue.
  std::string outage;  // the outage.started event's id
  std::string notice;  // initial, update or postmortem
  int n = 0;
  // compliance.below_target.
  int achieved = 0, breached = 0;
  std::optional<double> rate;
  // job.late.
  std::string job, run;
  Instant due = kNever;
};

// One alert.delivered event: `sink` acknowledged `alert`, or its retraction.
struct AlertDeliveryRecord {
  std::string alert, sink;
  bool retraction = false;
};

struct AlertsReport {
  Instant as_of = 0;
  std::optional<Instant> since;
  std::vector<Alert> alerts;     // by at, then id
  std::vector<Alert> retracted;  // delivered, no longer supported by the ledger; by at, then id
  std::vector<Diagnostic> errors;
  // For whatever delivers them (docs/alerts.md, "Delivery"), from the same
  // reading of the ledger; not rendered: every alert.delivered record of
  // the ledger (whatever its `at`; when the query names customers, those
  // of their alerts), the tier of each selected customer that has one, and
  // each selected customer's name.
  std::vector<AlertDeliveryRecord> deliveries;
  std::map<std::string, std::string> tiers, names;
  // Also not rendered (docs/adr/0039): for each selected customer whose
  // alerts, with no event added, are those of as_of at every instant
  // before this one (kNever: for good), that instant. A customer not here
  // may see its alerts change at any instant: an outage of it is going
  // on, its notices are still due, or an outage event lies ahead of as_of.
  std::map<std::string, Instant> quiet_until;
};

}  // namespace vow
