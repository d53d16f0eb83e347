#include <future>
#include <nlohmann/json.hpp>

#include "output/json_values.hpp"
#include "output/reasons_text.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

using jsonv::J;
using jsonv::opt;

J instant(Instant t) {
  return t == kNever ? J(nullptr) : J(format_instant(t));
}

J uptime(const UptimeFigures& u) {
  J e{{"target", u.target},
      {"percent", u.percent_known() ? J(u.percent) : J(nullptr)},
      {"percent_to_date", opt(u.percent_to_date)},
      {"downtime_seconds", opt(u.downtime_seconds)},
      {"eligible_seconds", opt(u.eligible_seconds)},
      {"elapsed_seconds", opt(u.elapsed_seconds)},
      {"budget_consumed", opt(u.budget_consumed)},
      {"met", u.met}};
  if (u.clause) e["clause"] = *u.clause;
  // 1.1: a term read from an indicator says which, and its counts.
  if (u.sli) {
    e["sli"] = *u.sli;
    e["method"] = *u.method;
  }
  for (auto [key, v] : {std::pair{"good", &u.good}, std::pair{"total", &u.total}, std::pair{"slices", &u.slices},
                        std::pair{"bad_slices", &u.bad_slices}})
    if (*v) e[key] = **v;
  if (!u.windows_left_out.empty()) e["windows_left_out"] = u.windows_left_out;
  return e;
}

// Every uptime term (1.1), each with its name (and clause, when written).
J uptimes(const std::vector<UptimeFigures>& list) {
  J out = J::array();
  for (const auto& u : list) {
    J e = uptime(u);
    e["name"] = u.name;
    out.push_back(std::move(e));
  }
  return out;
}

J priorities(const PriorityTable& m, bool with_target) {
  J out = J::object();
  for (const auto& [p, f] : m) {
    J e = J::object();
    if (with_target) e["target_seconds"] = f.target_text ? J(nullptr) : J(f.target_seconds);
    if (with_target && f.target_text) e["target"] = *f.target_text;
    e["achieved"] = f.achieved;
    e["breached"] = f.breached;
    e["exempt"] = f.exempt;
    e["rate"] = opt(f.rate);
    if (with_target && f.clause) e["clause"] = *f.clause;
    out[p] = e;
  }
  return out;
}

J csat(const Csat& c) {
  return J{{"rated", c.rated}, {"good", c.good}, {"rate", opt(c.rate)}, {"met_but_unhappy", c.met_but_unhappy}};
}

J problems(const std::vector<ProblemLine>& ps) {
  J out = J::array();
  for (const auto& p : ps) out.push_back(J{{"event", p.event}, {"reason", problem_text(p.reason)}});
  return out;
}

J errors(const std::vector<Diagnostic>& ds) {
  J out = J::array();
  for (const auto& d : ds) out.push_back(d.str());
  return out;
}

// Scheduled jobs (1.1): per name, its target and settled runs; `late` lists
// the breached ones where a reader needs them (an account, not a formula's inputs).
J jobs(const JobTable& table, bool with_late) {
  J out = J::object();
  for (const auto& [name, j] : table) {
    J e{{"target", j.target}, {"achieved", j.achieved}, {"breached", j.breached}, {"rate", opt(j.rate)}};
    if (j.clause) e["clause"] = *j.clause;
    if (with_late) {
      J late = J::array();
      for (const LateRun& r : j.late) late.push_back(J{{"run", r.run}, {"due", instant(r.due)}});
      e["late"] = late;
    }
    out[name] = e;
  }
  return out;
}

// Objectives (1.1): events (good, total) or slices (slices, bad_slices), as measured.
J objectives(const std::vector<ObjectiveFigures>& list) {
  J out = J::array();
  for (const ObjectiveFigures& o : list) {
    J e{{"name", o.name},
        {"sli", o.sli},
        {"method", o.method},
        {"target", o.target},
        {"percent", opt(o.percent)},
        {"met", o.met},
        {"budget_consumed", opt(o.budget_consumed)}};
    for (auto [key, v] : {std::pair{"good", o.good}, std::pair{"total", o.total}, std::pair{"slices", o.slices},
                          std::pair{"bad_slices", o.bad_slices}})
      if (v) e[key] = *v;
    if (o.clause) e["clause"] = *o.clause;
    if (!o.windows_left_out.empty()) e["windows_left_out"] = o.windows_left_out;
    out.push_back(std::move(e));
  }
  return out;
}

J credit_inputs(const CreditFigures& c) {
  J in{{"customer", c.customer},
       {"period", c.period},
       {"monthly_fee", c.monthly_fee_value},
       {"fee", c.fee_value},
       {"currency", c.currency}};
  auto term = [](const UptimeFigures& u) {
    return J{{"percent", u.percent_known() ? J(u.percent) : J(nullptr)},
             {"target", u.target},
             {"downtime", opt(u.downtime_seconds)},
             {"eligible", opt(u.eligible_seconds)},
             {"met", u.met}};
  };
  in["uptime"] = c.uptime ? term(*c.uptime) : J(nullptr);
  if (c.uptimes.size() > 1) {  // m.uptimes, for a contract of several terms
    J all = J::object();
    for (const auto& u : c.uptimes) all[u.name] = term(u);
    in["uptimes"] = all;
  }
  in["response"] = priorities(c.response, false);
  in["resolution"] = priorities(c.resolution, false);
  in["next_reply"] = priorities(c.next_reply, false);
  in["update"] = priorities(c.update, false);
  in["jobs"] = jobs(c.jobs, false);
  in["objectives"] = objectives(c.objectives);
  return in;
}

std::string dump(const J& j) {
  return j.dump(2) + "\n";
}

}  // namespace

// Outages with their ids; `customers` only where the reader may see other accounts.
J incidents(const std::vector<Incident>& list, bool with_customers) {
  J out = J::array();
  for (const auto& i : list) {
    J e{{"outage", i.outage},
        {"service", i.service},
        {"title", i.title.empty() ? J(nullptr) : J(i.title)},
        {"impact", i.partial ? "partial" : "major"},
        {"started", instant(i.started)},
        {"ended", i.ended ? instant(*i.ended) : J(nullptr)},
        {"duration_seconds", i.duration_seconds},
        {"cause", opt(i.cause)}};
    if (with_customers) e["customers"] = i.customers;
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

// Each account's part of the report: one element of "accounts".
J account_json(const AccountReport& a, const Report& r) {
  J e{{"customer", a.customer},
      {"name", a.name},
      {"tier", opt(a.tier)},
      {"start", instant(a.start)},
      {"end", instant(a.end)},
      {"uptime", a.uptime ? uptime(*a.uptime) : J(nullptr)},
      {"uptimes", uptimes(a.uptimes)},
      {"response", priorities(a.response, true)},
      {"resolution", priorities(a.resolution, true)},
      {"next_reply", priorities(a.next_reply, true)},
      {"update", priorities(a.update, true)},
      {"jobs", jobs(a.jobs, true)},
      {"objectives", objectives(a.objectives)}};
  if (a.communications) e["communications"] = priorities(*a.communications, true);
  if (a.quarterly) e["commitment"] = "quarter";
  if (a.note) e["note"] = *a.note;
  e["terms_from"] = opt(a.terms_from);
  J applied = J::array();
  for (const AppliedException& x : a.exceptions)
    applied.push_back(J{{"id", x.id},
                        {"start", instant(x.start)},
                        {"end", instant(x.end)},
                        {"scope", x.scope},
                        {"reason", x.reason},
                        {"approved_by", x.approved_by}});
  e["exceptions"] = applied;
  e["csat"] = csat(a.csat);
  e["csat"]["priorities"] = J::object();
  for (const auto& [p, c] : a.csat_by_priority) e["csat"]["priorities"][p] = csat(c);
  e["met_but_unhappy"] = a.csat.met_but_unhappy;
  // A quarterly contract's credit is its quarter's: a month of it has none (terms.md).
  if (!r.quarter || a.quarterly) {
    if (a.credit) {
      e["credit"] = J{{"amount", a.credit->amount},
                      {"currency", a.credit->currency},
                      {"monthly_fee", a.credit->monthly_fee},
                      {"fee", a.credit->fee},
                      {"final", a.credit->final}};
      if (a.credit->clause) e["credit"]["clause"] = *a.credit->clause;
    } else {
      e["credit"] = nullptr;
    }
  } else if (a.has_credit_term) {
    // Not the spec's `credit` (absent for quarters): what the quarter's months owe.
    J months = J::array();
    for (const auto& c : a.monthly_credits)
      months.push_back(J{{"period", c.period},
                         {"amount", c.amount},
                         {"currency", c.currency},
                         {"monthly_fee", c.monthly_fee},
                         {"fee", c.fee},
                         {"final", c.final}});
    e["monthly_credits"] = months;
    if (!a.failed_credit_months.empty()) e["failed_credit_months"] = a.failed_credit_months;
  }
  e["status"] = to_string(a.status);
  J late = J::array();
  for (const auto& t : a.late_tickets)
    late.push_back(J{
        {"ticket", t.ticket}, {"metric", t.metric}, {"priority", t.priority}, {"breached_at", instant(t.breached_at)}});
  e["late_tickets"] = late;
  return e;
}

// One account, indented to sit in "accounts", and the comma or line end after it.
void append_account(std::string& text, const AccountReport& a, const Report& r, bool last) {
  std::string one = account_json(a, r).dump(2);
  text += "    ";
  std::size_t from = 0;
  for (std::size_t nl; (nl = one.find('\n', from)) != std::string::npos; from = nl + 1) {
    text.append(one, from, nl + 1 - from);
    text += "    ";
  }
  text.append(one, from);
  text += last ? "\n" : ",\n";
}

// The accounts are the bulk of a report (20 MB for 10,000): each is written
// as soon as it is made, rather than all of them held as one document, and
// the second half on a thread of its own (about a fifth of a big report's
// time is this). Each account's JSON depends on nothing but the report.
std::string accounts_json(const Report& r) {
  const std::size_t n = r.accounts.size();
  if (n == 0) return "[]";
  auto part = [&r, n](std::size_t begin, std::size_t end) {
    std::string text;
    for (std::size_t i = begin; i < end; ++i) append_account(text, r.accounts[i], r, i + 1 == n);
    return text;
  };
  constexpr std::size_t kAlone = 256;  // below it, a thread costs more than it saves
  std::size_t half = n < kAlone ? n : n / 2;
  std::future<std::string> second;
  if (half < n) second = std::async(std::launch::async, part, half, n);
  std::string text = "[\n" + part(0, half);
  if (second.valid()) text += second.get();  // rethrows what the thread threw
  text += "  ]";
  return text;
}

}  // namespace

std::string to_json(const Report& r) {
  J accounts = J::array();
  J out{{"period", r.period}, {"as_of", instant(r.as_of)}, {"accounts", accounts}, {"problems", problems(r.problems)}};
  if (r.customer_audience) out["audience"] = "customer";
  J tiers = J::array();
  for (const auto& t : r.tiers) {
    J credits = J::object();
    for (const auto& [cur, amount] : t.credits) credits[cur] = amount;
    tiers.push_back(J{{"tier", t.tier.empty() ? J(nullptr) : J(t.tier)},
                      {"status", to_string(t.status)},
                      {"reason", tier_reason(t)},
                      {"accounts", t.accounts},
                      {"green", t.green},
                      {"yellow", t.yellow},
                      {"red", t.red},
                      {"uptime_percent", opt(t.uptime_percent)},
                      {"response", priorities(t.response, true)},
                      {"resolution", priorities(t.resolution, true)},
                      {"next_reply", priorities(t.next_reply, true)},
                      {"update", priorities(t.update, true)},
                      {"credits", credits},
                      {"credits_final", t.credits_final},
                      {"credits_incomplete", t.credits_incomplete}});
  }
  J flags = J::array();
  for (const auto& f : r.flags) {
    J reasons = J::array();
    for (const auto& m : f.reasons) reasons.push_back(miss_text(m));
    flags.push_back(
        J{{"customer", f.customer}, {"name", f.name}, {"status", to_string(f.status)}, {"reasons", reasons}});
  }
  J trends = J::array();
  for (const auto& t : r.trends) {
    J points = J::array();
    for (const auto& p : t.points)
      points.push_back(J{{"period", p.period},
                         {"uptime_percent", opt(p.uptime_percent)},
                         {"response", priorities(p.response, false)},
                         {"resolution", priorities(p.resolution, false)},
                         {"status", to_string(p.status)}});
    trends.push_back(J{{t.account ? "customer" : "tier", t.subject.empty() && !t.account ? J(nullptr) : J(t.subject)},
                       {"points", points}});
  }
  J risks = J::array();
  for (const auto& k : r.risks)
    risks.push_back(J{{"customer", k.customer},
                      {"metric", k.metric},
                      {"period", k.period},
                      {"projected", k.projected},
                      {"target", k.target},
                      {"basis", basis_text(k.basis)}});
  if (!r.customer_audience) {
    out["tiers"] = tiers;
    out["flags"] = flags;
    J silent = J::array();
    for (const auto& s : r.silent_sources)
      silent.push_back(J{{"kind", s.kind},
                         {"service", s.service.empty() ? J(nullptr) : J(s.service)},
                         {"last_event", s.last_event ? instant(*s.last_event) : J(nullptr)},
                         {"customers", s.customers}});
    out["silent_sources"] = silent;
  } else {
  }
  out["incidents"] = incidents(r.incidents, !r.customer_audience);
  out["trends"] = trends;
  out["risks"] = risks;
  if (!r.errors.empty()) out["errors"] = errors(r.errors);
  // A placeholder, replaced by the accounts written one by one.
  std::string text = dump(out), accounts_text = accounts_json(r);
  const std::string placeholder = "\"accounts\": []";
  auto at = text.find(placeholder) + placeholder.size() - 2;
  std::string whole;
  whole.reserve(text.size() + accounts_text.size());
  whole.append(text, 0, at).append(accounts_text).append(text, at + 2);
  return whole;
}

std::string to_json(const CreditsReport& r) {
  J credits = J::array();
  for (const auto& c : r.credits)
    credits.push_back(J{{"customer", c.customer},
                        {"name", c.name},
                        {"amount", c.amount},
                        {"currency", c.currency},
                        {"monthly_fee", c.monthly_fee},
                        {"fee", c.fee},
                        {"final", c.final},
                        {"percent", opt(c.percent)},
                        {"note", opt(c.note)},
                        {"formula", c.formula},
                        {"invoice", opt(c.invoice)},
                        {"clause", opt(c.clause)},
                        {"inputs", credit_inputs(c)}});
  J out{{"period", r.period}, {"as_of", instant(r.as_of)}, {"credits", credits}};
  if (!r.errors.empty()) out["errors"] = errors(r.errors);
  return dump(out);
}

std::string to_json(const StatusReport& r) {
  J clocks = J::array();
  for (const auto& c : r.clocks) {
    J e{{"customer", c.customer},
        {"name", c.name},
        {"ticket", c.ticket},
        {"metric", c.metric},
        {"priority", c.priority}};
    if (!c.breached) {
      e["elapsed_seconds"] = c.elapsed_seconds;
      e["target_seconds"] = c.target_seconds;
      e["fraction"] = c.fraction;
      e["level"] = c.level;
    }
    e["deadline"] = instant(c.deadline);
    e["breached"] = c.breached;
    clocks.push_back(std::move(e));
  }
  J accounts = J::array();
  for (const auto& a : r.accounts) {
    J e{{"customer", a.customer},
        {"name", a.name},
        {"period", a.period},
        {"uptime_percent", a.uptime_percent},
        {"budget_consumed", opt(a.budget_consumed)},
        {"level", a.level}};
    if (!a.term.empty()) e["term"] = a.term;
    accounts.push_back(std::move(e));
  }
  J objectives = J::array();
  for (const auto& o : r.objectives)
    objectives.push_back(J{{"customer", o.customer},
                           {"name", o.name},
                           {"period", o.period},
                           {"objective", o.objective},
                           {"method", o.method},
                           {"percent", opt(o.percent)},
                           {"budget_consumed", opt(o.budget_consumed)},
                           {"level", o.level}});
  J jobs = J::array();
  for (const auto& j : r.jobs) {
    J overdue = J::array();
    for (const LateRun& run : j.overdue) overdue.push_back(J{{"run", run.run}, {"due", instant(run.due)}});
    jobs.push_back(J{{"customer", j.customer},
                     {"name", j.name},
                     {"period", j.period},
                     {"job", j.job},
                     {"target", j.target},
                     {"achieved", j.achieved},
                     {"breached", j.breached},
                     {"rate", opt(j.rate)},
                     {"overdue", overdue},
                     {"level", j.level}});
  }
  J notices = J::array();
  for (const auto& n : r.notices)
    notices.push_back(J{{"customer", n.customer},
                        {"name", n.name},
                        {"outage", n.outage},
                        {"kind", n.kind},
                        {"deadline", instant(n.deadline)},
                        {"overdue", n.overdue}});
  J out{{"as_of", instant(r.as_of)},
        {"clocks", clocks},
        {"accounts", accounts},
        {"objectives", objectives},
        {"jobs", jobs},
        {"notices", notices},
        {"open_outages", incidents(r.open_outages, true)}};
  if (!r.errors.empty()) out["errors"] = errors(r.errors);
  return dump(out);
}

}  // namespace vow
