// What Vow computes, as plain data: the shapes behind `vow report`,
// `vow credits` and `vow status` (spec/cli.md, "JSON outputs").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vow/instant.hpp"

namespace vow {

struct Diagnostic {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const { return file + ":" + std::to_string(line) + ": " + message; }
};

struct UptimeFigures {
  double target = 0;
  double percent = 100;
  std::optional<double> percent_to_date;
  double downtime_seconds = 0;
  double eligible_seconds = 0;
  double elapsed_seconds = 0;
  std::optional<double> budget_consumed;
  bool met = true;
};

struct PriorityFigures {
  double target_seconds = 0;
  int achieved = 0;
  int breached = 0;
  std::optional<double> rate;
};

// Per priority, in byte order of the priority name.
using PriorityTable = std::map<std::string, PriorityFigures, std::less<>>;

struct CreditFigures {
  std::string customer;
  std::string amount;  // decimal string in the currency's minor unit
  std::string currency;
  std::string monthly_fee;
  double monthly_fee_value = 0;  // unrounded, as the formula saw it
  bool final = false;
  std::optional<double> percent;  // null when the formula returned an amount
  std::optional<std::string> note;
  std::string formula;  // FILE:LINE of the formula
  std::string period;
  std::optional<std::string> invoice;  // the month's invoice.issued, when there is one
  // The inputs the formula received (`m`).
  std::optional<UptimeFigures> uptime;
  PriorityTable response, resolution;
};

struct AccountReport {
  std::string customer;
  std::string name;
  std::optional<std::string> tier;
  Instant start = 0, end = 0;
  std::optional<UptimeFigures> uptime;
  PriorityTable response, resolution;
  std::optional<PriorityTable> communications;  // initial, update, postmortem; with communications terms
  std::optional<CreditFigures> credit;
  bool has_credit_term = false;  // false: "credit": null
  std::string status;            // green, yellow, red
};

struct ProblemLine {
  std::string event;
  std::string reason;
};

struct Report {
  std::string period;
  bool quarter = false;
  Instant as_of = 0;
  std::vector<AccountReport> accounts;
  std::vector<ProblemLine> problems;
  std::vector<Diagnostic> errors;  // contract code that failed while evaluating
};

struct CreditsReport {
  std::string period;
  Instant as_of = 0;
  std::vector<CreditFigures> credits;
  std::vector<Diagnostic> errors;
};

struct StatusClock {
  std::string customer, ticket, metric, priority;
  bool breached = false;
  Instant deadline = kNever;  // kNever: no deadline can be reached
  double elapsed_seconds = 0, target_seconds = 0, fraction = 0, level = 0;
};

struct StatusAccount {
  std::string customer, period, level;
  double uptime_percent = 100;
  std::optional<double> budget_consumed;
};

// A notice to a customer that is due (or overdue) for an open incident.
struct StatusNotice {
  std::string customer, outage, kind;
  Instant deadline = 0;
  bool overdue = false;
};

struct StatusReport {
  Instant as_of = 0;
  std::vector<StatusClock> clocks;
  std::vector<StatusNotice> notices;
  std::vector<StatusAccount> accounts;
  std::vector<Diagnostic> errors;
};

}  // namespace vow
