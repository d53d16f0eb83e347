// CSV: one row per account and metric, for spreadsheets. Every column holds
// one unit (a percent, a rate from 0 to 1, seconds, an amount with its
// currency beside it), so that a column can be summed or charted as it is;
// a row leaves empty the columns that are not its kind's.
#include <span>
#include <vector>

#include "output/format.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

std::string num(std::optional<double> v) {
  return v ? fmt::fixed(*v, 6) : "";
}

// The cells of a row after its leading ones, by column name, in header order.
class Row {
 public:
  explicit Row(std::span<const char* const> columns) : names_(columns.begin(), columns.end()), cells_(columns.size()) {}
  Row& set(std::string_view column, std::string value) {
    for (size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == column) cells_[i] = std::move(value);
    return *this;
  }
  std::string header() const {
    std::string out;
    for (size_t i = 0; i < names_.size(); ++i) out += (i ? "," : "") + std::string(names_[i]);
    return out;
  }
  std::string line() const {
    std::string out;
    for (size_t i = 0; i < cells_.size(); ++i) out += (i ? "," : "") + cells_[i];
    return out;
  }

 private:
  std::vector<std::string_view> names_;
  std::vector<std::string> cells_;
};

constexpr const char* kReportColumns[] = {"period",
                                          "customer",
                                          "name",
                                          "tier",
                                          "status",
                                          "metric",
                                          "priority",
                                          "percent",
                                          "target_percent",
                                          "downtime_seconds",
                                          "eligible_seconds",
                                          "rate",
                                          "target_rate",
                                          "target_seconds",
                                          "achieved",
                                          "breached",
                                          "amount",
                                          "currency",
                                          "final",
                                          "commitment",
                                          "term",
                                          "target",
                                          "terms_from",
                                          "exempt",
                                          "rated",
                                          "good",
                                          "met_but_unhappy",
                                          "subject",
                                          "start",
                                          "end",
                                          "scope",
                                          "reason",
                                          "approved_by",
                                          "total",
                                          "slices",
                                          "bad_slices"};

constexpr const char* kStatusColumns[] = {
    "kind",        "customer",        "name",           "subject",       "metric",     "priority", "deadline",
    "breached",    "elapsed_seconds", "target_seconds", "fraction_used", "warn_level", "period",   "uptime_percent",
    "budget_used", "state",           "started",        "percent",       "rate",       "achieved", "late",
    "overdue_runs"};

}  // namespace

std::string to_csv(const Report& r) {
  std::string out = Row(kReportColumns).header() + "\n";
  for (const auto& a : r.accounts) {
    auto row = [&](const std::string& period, const char* metric) {
      Row x(kReportColumns);
      x.set("period", period)
          .set("customer", fmt::csv(a.customer))
          .set("name", fmt::csv(a.name))
          .set("tier", fmt::csv(a.tier.value_or("")))
          .set("status", std::string(to_string(a.status)))
          .set("metric", metric)
          .set("commitment", a.quarterly ? "quarter" : "month")
          .set("terms_from", a.terms_from.value_or(""));
      return x;
    };
    // One row per uptime term; `term` names it when there are several (1.1).
    const std::vector<UptimeFigures> one = a.uptime ? std::vector{*a.uptime} : std::vector<UptimeFigures>{};
    for (const UptimeFigures& u : a.uptimes.empty() ? one : a.uptimes)
      out += row(r.period, "uptime")
                 .set("percent", u.percent_known() ? num(u.percent) : "")
                 .set("target_percent", num(u.target))
                 .set("downtime_seconds", num(u.downtime_seconds))
                 .set("eligible_seconds", num(u.eligible_seconds))
                 .set("term", a.uptimes.size() > 1 ? fmt::csv(u.name) : "")
                 .set("good", u.good ? std::to_string(*u.good) : "")
                 .set("total", u.total ? std::to_string(*u.total) : "")
                 .set("slices", u.slices ? std::to_string(*u.slices) : "")
                 .set("bad_slices", u.bad_slices ? std::to_string(*u.bad_slices) : "")
                 .line() +
             "\n";
    static const PriorityTable none;
    for (auto [metric, m] : {std::pair{"response", &a.response}, std::pair{"resolution", &a.resolution},
                             std::pair{"next_reply", &a.next_reply}, std::pair{"update", &a.update},
                             std::pair{"communications", a.communications ? &*a.communications : &none}}) {
      bool clocks = std::string_view(metric) != "communications";
      for (const auto& [p, f] : *m)
        out += row(r.period, metric)
                   .set("priority", fmt::csv(p))
                   .set("rate", num(f.rate))
                   .set("target_rate", clocks ? num(a.compliance_target) : "")
                   .set("target_seconds", f.target_text ? "" : num(f.target_seconds))
                   .set("target", f.target_text ? fmt::csv(*f.target_text) : "")
                   .set("achieved", std::to_string(f.achieved))
                   .set("breached", std::to_string(f.breached))
                   .set("exempt", clocks ? std::to_string(f.exempt) : "")
                   .line() +
               "\n";
    }
    // 1.1: objectives, named in `term`, figures as uptime's and counts as ratings'.
    for (const ObjectiveFigures& o : a.objectives)
      out += row(r.period, "objective")
                 .set("term", fmt::csv(o.name))
                 .set("percent", num(o.percent))
                 .set("target_percent", num(o.target))
                 .set("good", o.good ? std::to_string(*o.good) : "")
                 .set("total", o.total ? std::to_string(*o.total) : "")
                 .set("slices", o.slices ? std::to_string(*o.slices) : "")
                 .set("bad_slices", o.bad_slices ? std::to_string(*o.bad_slices) : "")
                 .line() +
             "\n";
    // 1.1: scheduled jobs, named in `term`, their target ("06:00 daily") in `target`.
    for (const auto& [name, j] : a.jobs)
      out += row(r.period, "job")
                 .set("term", fmt::csv(name))
                 .set("target", fmt::csv(j.target))
                 .set("rate", num(j.rate))
                 .set("target_rate", num(a.compliance_target))
                 .set("achieved", std::to_string(j.achieved))
                 .set("breached", std::to_string(j.breached))
                 .line() +
             "\n";
    // 1.1: the exceptions applied, then the ratings: for the account (no
    // priority), per priority, and a row per ticket on time but unhappy,
    // so that a filter on metric finds each.
    for (const AppliedException& x : a.exceptions)
      out += row(r.period, "exception")
                 .set("subject", fmt::csv(x.id))
                 .set("start", format_instant(x.start))
                 .set("end", format_instant(x.end))
                 .set("scope", fmt::csv(x.scope))
                 .set("reason", fmt::csv(x.reason))
                 .set("approved_by", fmt::csv(x.approved_by))
                 .line() +
             "\n";
    auto csat = [&](const std::string& priority, const Csat& c) {
      out += row(r.period, "csat")
                 .set("priority", fmt::csv(priority))
                 .set("rate", num(c.rate))
                 .set("rated", std::to_string(c.rated))
                 .set("good", std::to_string(c.good))
                 .set("met_but_unhappy", std::to_string(c.met_but_unhappy.size()))
                 .line() +
             "\n";
    };
    if (a.csat.rated > 0) {
      csat("", a.csat);
      for (const auto& [p, c] : a.csat_by_priority) csat(p, c);
      for (const auto& ticket : a.csat.met_but_unhappy)
        out += row(r.period, "met_but_unhappy").set("subject", fmt::csv(ticket)).line() + "\n";
    }
    // A quarter's credits are its months': each row carries the month it is for.
    auto credit = [&](const CreditFigures& c) {
      out += row(c.period, "credit")
                 .set("amount", c.amount)
                 .set("currency", fmt::csv(c.currency))
                 .set("final", c.final ? "true" : "false")
                 .line() +
             "\n";
    };
    if (a.credit) credit(*a.credit);
    for (const auto& c : a.monthly_credits) credit(c);
  }
  return out;
}

std::string to_csv(const CreditsReport& r) {
  std::string out = "period,customer,name,amount,currency,monthly_fee,percent,final,formula,note,fee\n";
  for (const auto& c : r.credits)
    out += r.period + "," + fmt::csv(c.customer) + "," + fmt::csv(c.name) + "," + c.amount + "," +
           fmt::csv(c.currency) + "," + c.monthly_fee + "," + num(c.percent) + "," + (c.final ? "true" : "false") +
           "," + fmt::csv(c.formula) + "," + fmt::csv(c.note.value_or("")) + "," + c.fee + "\n";
  return out;
}

std::string to_csv(const StatusReport& r) {
  std::string out = Row(kStatusColumns).header() + "\n";
  auto row = [](const char* kind, const std::string& customer, const std::string& name) {
    Row x(kStatusColumns);
    x.set("kind", kind).set("customer", fmt::csv(customer)).set("name", fmt::csv(name));
    return x;
  };
  for (const auto& c : r.clocks) {
    Row x = row("clock", c.customer, c.name);
    x.set("subject", fmt::csv(c.ticket))
        .set("metric", c.metric)
        .set("priority", fmt::csv(c.priority))
        .set("deadline", c.deadline == kNever ? "" : format_instant(c.deadline))
        .set("breached", c.breached ? "true" : "false");
    if (!c.breached)
      x.set("elapsed_seconds", num(c.elapsed_seconds))
          .set("target_seconds", num(c.target_seconds))
          .set("fraction_used", num(c.fraction))
          .set("warn_level", num(c.level));
    out += x.line() + "\n";
  }
  for (const auto& n : r.notices)
    out += row("notice", n.customer, n.name)
               .set("subject", fmt::csv(n.outage))
               .set("metric", fmt::csv(n.kind + " notice"))
               .set("deadline", format_instant(n.deadline))
               .set("breached", n.overdue ? "true" : "false")
               .set("state", n.overdue ? "overdue" : "due")
               .line() +
           "\n";
  // An open outage affects several accounts: one row each, so that a filter on customer finds it.
  for (const auto& i : r.open_outages)
    for (const auto& customer : i.customers)
      out += row("outage", customer, "")
                 .set("subject", fmt::csv(i.outage))
                 .set("metric", fmt::csv(i.service))
                 .set("state", "open")
                 .set("started", format_instant(i.started))
                 .line() +
             "\n";
  for (const auto& a : r.accounts)
    out += row("account", a.customer, a.name)
               .set("subject", fmt::csv(a.term))
               .set("metric", "uptime")
               .set("period", a.period)
               .set("uptime_percent", num(a.uptime_percent))
               .set("budget_used", num(a.budget_consumed))
               .set("state", a.level)
               .line() +
           "\n";
  for (const auto& o : r.objectives)
    out += row("objective", o.customer, o.name)
               .set("subject", fmt::csv(o.objective))
               .set("metric", o.method)
               .set("period", o.period)
               .set("percent", num(o.percent))
               .set("budget_used", num(o.budget_consumed))
               .set("state", o.level)
               .line() +
           "\n";
  for (const auto& j : r.jobs) {
    std::string runs;
    for (const LateRun& run : j.overdue) runs += (runs.empty() ? "" : " ") + run.run;
    out += row("job", j.customer, j.name)
               .set("subject", fmt::csv(j.job))
               .set("metric", fmt::csv(j.target))
               .set("period", j.period)
               .set("deadline", j.overdue.empty() ? "" : format_instant(j.overdue.front().due))
               .set("rate", num(j.rate))
               .set("achieved", std::to_string(j.achieved))
               .set("late", std::to_string(j.breached))
               .set("overdue_runs", runs)
               .set("state", j.level)
               .line() +
           "\n";
  }
  return out;
}

}  // namespace vow
