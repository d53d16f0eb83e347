#include "output/reasons_text.hpp"

#include <limits>

#include "compliance/money.hpp"
#include "output/format.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

using fmt::fixed;

// "23.4× the error budget"; a target of 100% allows nothing, so any miss is unbounded.
std::string times_budget(double used) {
  if (used == std::numeric_limits<double>::infinity()) return "a target that allows no miss";
  return fixed(used, 1) + "× the error budget";
}

// "62%": a share as a whole percent.
std::string percent(double share) {
  return fixed(share * 100, 0) + "%";
}

std::string plural(int n, const char* one) {
  return std::to_string(n) + " " + one + (n > 1 ? "s" : "");
}

}  // namespace

std::string_view to_string(Status s) {
  return s == Status::Red ? "red" : s == Status::Yellow ? "yellow" : "green";
}

std::string miss_text(const Miss& m) {
  switch (m.kind) {
    case Miss::Kind::Uptime:
      return "uptime " + fixed(m.value, 3) + "% against " + fixed(m.target, 3) + "% (" + fixed(m.target - m.value, 3) +
             " points short, " + times_budget(m.budget_used) + ")";
    case Miss::Kind::TicketTarget:
      return m.priority + " " + m.metric + " " + fixed(m.value * 100, 1) + "% (" + std::to_string(m.achieved) + "/" +
             std::to_string(m.count) + ") against " + fixed(m.target * 100, 0) + "% (" + times_budget(m.budget_used) +
             ")";
    case Miss::Kind::UptimeBudget:
      return fixed(m.value * 100, 0) + "% of the uptime error budget used";
    case Miss::Kind::LateClocks:
      return plural(m.count, "ticket clock") + " breached";
    case Miss::Kind::LateNotices:
      return plural(m.count, "customer notice") + " late or missing";
    case Miss::Kind::Quarter:
      return "the status of its quarter so far (commitment per quarter)";
    case Miss::Kind::LateRuns:
      return plural(m.count, "job run") + " late";
    case Miss::Kind::Objective:
      return "objective " + m.metric + " " + fixed(m.value, 3) + "% against " + fixed(m.target, 3) + "%";
    case Miss::Kind::ObjectiveBudget:
      return fixed(m.value * 100, 0) + "% of the error budget of objective " + m.metric + " used";
  }
  return {};
}

std::string tier_reason(const TierSummary& t) {
  std::string accounts = std::to_string(t.accounts);
  if (t.status == Status::Green) return "All " + accounts + " accounts met every target.";
  std::string head = std::to_string(t.status == Status::Red ? t.red : t.yellow) + " of " + accounts + " accounts " +
                     std::string(to_string(t.status));
  if (!t.worst_miss) return head + ".";
  return head + "; worst: " + t.worst_name + ", " + miss_text(*t.worst_miss) + ".";
}

std::string basis_text(const RiskBasis& b) {
  if (b.kind == RiskBasis::Kind::Uptime) {
    std::string each;
    for (double used : b.earlier_budget) each += (each.empty() ? "" : ", ") + percent(used);
    size_t n = b.earlier_budget.size();
    std::string earlier = n == 0   ? std::string("no earlier months")
                          : n == 1 ? "used " + each + " in the last month"
                                   : "used " + each + " in the last " + std::to_string(n) + " months";
    return percent(b.budget_used) + " of the error budget used after " + percent(b.month_elapsed) + " of the month; " +
           earlier + "; similar accounts use " + percent(b.usual_budget) + " a month; " + percent(b.projected_budget) +
           " projected by month end";
  }
  std::string out = std::to_string(b.achieved) + " on time and " + std::to_string(b.breached) + " late so far, ";
  if (b.open == 0)
    out += "none open";
  else
    out += std::to_string(b.open) + " open (furthest at " + percent(b.furthest) +
           " of its target; the team's clocks that ran that far: " + std::to_string(b.team_late) + " of " +
           std::to_string(b.team_ran) + " late)";
  out += "; " + percent(b.chance) + " chance to end below " + percent(b.target);
  if (b.months_counted == 1)
    out += b.months_missed ? "; missed last month" : "; met last month";
  else if (b.months_counted > 1)
    out +=
        "; missed " + std::to_string(b.months_missed) + " of the last " + std::to_string(b.months_counted) + " months";
  return out;
}

std::string problem_text(const EventProblem& p) {
  using K = EventProblem::Kind;
  switch (p.kind) {
    case K::SecondOutageStart:
      return "second start of outage " + p.subject + " (the earliest, " + p.earliest + ", counts)";
    case K::SecondOutageEnd:
      return "second end of outage " + p.subject + " (the earliest, " + p.earliest + ", counts)";
    case K::OutageEndWithoutStart:
      return "end of outage " + p.subject + ", which never started";
    case K::OutageEndsBeforeStart:
      return "outage " + p.subject + " ends before it starts";
    case K::MaintenanceEndsBeforeStart:
      return "maintenance " + p.subject + " ends before or when it starts";
    case K::UnknownMaintenanceCancelled:
      return "cancellation of unknown maintenance " + p.subject;
    case K::UnknownTicket:
      return p.event_type + " for unknown ticket " + p.subject;
    case K::SecondTicketOpening:
      return "second opening of ticket " + p.subject + " (the earliest, " + p.earliest + ", counts)";
    case K::BeforeTicketOpened:
      return p.event_type + " before ticket " + p.subject + " was opened";
    case K::TicketWithoutContract:
      return "ticket " + p.subject + " is for customer " + p.customer + ", who has no contract";
    case K::InvoiceWithoutContract:
      return "invoice for customer " + p.customer + ", who has no contract";
    case K::InvoiceCurrency:
      return "invoice " + p.subject + " is in " + p.currency + " but the contract of " + p.customer + " is in " +
             p.contract_currency;
    case K::QuarterInvoiceForMonthly:
      return "invoice " + p.subject + " is for a quarter but the contract of " + p.customer +
             " commits per month (commitment = \"quarter\" for quarterly fees)";
    case K::ExceptionEndsBeforeStart:
      return "exception " + p.subject + " ends before or when it starts";
    case K::ExceptionWithoutContract:
      return "exception " + p.subject + " is for customer " + p.customer + ", who has no contract";
    case K::UnknownExceptionRevoked:
      return "revocation of exception " + p.subject + ", which was never granted";
    case K::SliWindowsOverlap:
      return "window of indicator " + p.subject + " overlaps " + p.earliest +
             (p.customer.empty() ? std::string() : " for customer " + p.customer) + ": both are left out";
    case K::UnknownTicketRated:
      return "rating of ticket " + p.subject +
             ", which is no contract's ticket (never opened, or for a customer "
             "without a contract)";
  }
  return {};
}

std::string csat_text(const Csat& c) {
  return std::to_string(c.good) + " of " + std::to_string(c.rated) + " ratings good (" + fmt::percent(c.rate) + ")";
}

std::string objective_text(const ObjectiveFigures& o) {
  std::string out = o.name + ": " + (o.percent ? fixed(*o.percent, 3) + "%" : std::string("no events")) + " against " +
                    fixed(o.target, 3) + "%, " + (o.met ? "met" : "missed");
  if (o.good && o.total)
    out += " (" + std::to_string(*o.good) + " of " + std::to_string(*o.total) + " events good)";
  else if (o.slices && o.bad_slices)
    out += " (" + std::to_string(*o.bad_slices) + " of " + std::to_string(*o.slices) + " slices bad)";
  else if (o.slices)
    out += " (mean error rate over " + std::to_string(*o.slices) + " slices)";
  return out;
}

std::string job_text(const std::string& name, const JobFigures& j, double compliance_target) {
  std::string out = name + " (" + j.target + "): " + std::to_string(j.achieved) + " of " +
                    std::to_string(j.achieved + j.breached) + " runs on time (" + fmt::percent(j.rate) + ") against " +
                    fmt::percent(compliance_target);
  for (std::size_t i = 0; i < j.late.size(); ++i) out += (i ? ", " : "; late: ") + j.late[i].run;
  return out;
}

std::string credit_text(const AccountReport& a) {
  if (auto o = owed(a)) return owed_text(*o);
  return a.quarterly && a.has_credit_term ? "per quarter" : "";
}

std::string owed_text(const Owed& o) {
  std::string out = o.currency.empty() ? o.amount : o.amount + " " + o.currency;
  // The months that owe something, so that a quarter's total can be traced.
  std::string parts;
  for (const auto& m : o.months)
    if (Decimal::parse(m.amount).value_or(Decimal()) != Decimal())
      parts += (parts.empty() ? "" : ", ") + m.period + ": " + m.amount;
  for (const auto& m : o.failed) parts += (parts.empty() ? "" : ", ") + m + ": formula failed";
  if (!parts.empty()) out += " (" + parts + ")";
  if (o.incomplete)
    out += " (incomplete)";
  else if (!o.final)
    out += " (provisional)";
  return out;
}

}  // namespace vow
