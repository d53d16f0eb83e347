#include <algorithm>
#include <map>

#include "compliance/owed.hpp"
#include "compliance/shortfall.hpp"
#include "output/format.hpp"
#include "output/markdown_text.hpp"
#include "output/reasons_text.hpp"
#include "output/silence_text.hpp"
#include "time/period.hpp"
#include "vow/render.hpp"

namespace vow {

namespace {

std::string priority_line(const PriorityTable& t) {
  std::string s;
  for (const auto& [p, f] : t) {
    if (f.achieved + f.breached == 0) continue;
    s += (s.empty() ? "" : ", ") + md::text(p) + ": " + fmt::percent(f.rate) + " (" + std::to_string(f.achieved) + "/" +
         std::to_string(f.achieved + f.breached) + ")";
  }
  return s.empty() ? "-" : s;
}

// The tickets and outages the figures count, by id, so that a draft can be
// asked for without opening the ledger.
std::string late_tickets(const Report& r) {
  std::string out;
  if (std::none_of(r.accounts.begin(), r.accounts.end(), [](const auto& a) { return !a.late_tickets.empty(); }))
    return out;
  for (const AccountReport* a : by_severity(r.accounts))
    for (const auto& t : a->late_tickets)
      out += "- " + md::who(a->name, a->customer) + ": ticket " + md::id(t.ticket) + ", " + md::text(t.priority) + " " +
             t.metric + " breached at " + format_instant(t.breached_at) + "\n";
  if (out.empty()) return out;
  out = "\n## Late tickets\n\n" + out;
  if (!r.customer_audience) out += "\nA notice of a breach: `vow draft breach --ticket ID`.\n";
  return out;
}

// "- `inc-05` (api, partial)": how every list of outages starts a line.
std::string outage_head(const Incident& i) {
  return "- " + md::id(i.outage) + " (" + md::text(i.service) + (i.partial ? ", partial" : "") + ")";
}

std::string accounts_affected(const Incident& i) {
  return "; " + std::to_string(i.customers.size()) + (i.customers.size() == 1 ? " account" : " accounts");
}

std::string outages(const std::vector<Incident>& list, const char* heading, bool internal) {
  if (list.empty()) return "";
  std::string out = "\n## " + std::string(heading) + "\n\n";
  for (const auto& i : list) {
    out += outage_head(i) + ": " + format_instant(i.started) + ", " + fmt::duration(i.duration_seconds) +
           (i.ended ? "" : " so far");
    if (!i.title.empty()) out += ", " + md::text(i.title);
    if (internal) out += accounts_affected(i);
    out += "\n";
  }
  if (internal) out += "\nDrafts for a customer: `vow draft KIND --outage ID --customer CUSTOMER`.\n";
  return out;
}

std::string sections(const Report& r) {
  std::string out;
  std::map<std::string_view, std::string_view> names;
  for (const auto& a : r.accounts) names.emplace(a.customer, a.name);
  auto who = [&](const std::string& customer) {
    auto it = names.find(customer);
    return md::who(it == names.end() ? std::string_view() : it->second, customer);
  };
  if (!r.tiers.empty()) {
    out += "## Summary by tier\n\n";
    for (const auto& t : r.tiers) {
      std::string credits;
      for (const auto& [cur, amount] : t.credits)
        credits += (credits.empty() ? "" : ", ") + amount + " " + md::text(cur);
      out += "### " + (t.tier.empty() ? std::string("No tier") : md::text(t.tier)) + ": " +
             std::string(to_string(t.status)) + "\n\n" + md::text(tier_reason(t)) + "\n\n";
      out += "- Accounts: " + std::to_string(t.accounts) + " (" + std::to_string(t.green) + " green, " +
             std::to_string(t.yellow) + " yellow, " + std::to_string(t.red) + " red)\n";
      if (t.uptime_percent) out += "- Uptime: " + fmt::fixed(*t.uptime_percent, 3) + "%\n";
      out += "- Response: " + priority_line(t.response) + "\n- Resolution: " + priority_line(t.resolution) + "\n";
      if (!t.next_reply.empty()) out += "- Next reply: " + priority_line(t.next_reply) + "\n";
      if (!t.update.empty()) out += "- Updates: " + priority_line(t.update) + "\n";
      out += "- Credits owed: " + (credits.empty() ? std::string("none") : credits) +
             (t.credits_incomplete                 ? " (incomplete)"
              : credits.empty() || t.credits_final ? ""
                                                   : " (provisional)") +
             "\n\n";
    }
  }
  if (!r.silent_sources.empty()) {
    out += "## Silent sources\n\n";
    for (const auto& s : r.silent_sources) out += "- " + md::text(silence_sentence(s)) + "\n";
    out += "\n";
  }
  if (!r.flags.empty()) {
    out += "## Accounts to look at\n\n";
    int n = 0;
    for (const auto& f : r.flags) {
      out += std::to_string(++n) + ". **" + md::text(f.name) + "** (" + md::id(f.customer) + ", " +
             std::string(to_string(f.status)) + ")";
      for (size_t i = 0; i < f.reasons.size(); ++i) out += (i ? "; " : ": ") + md::text(miss_text(f.reasons[i]));
      out += "\n";
    }
    out += "\n";
  }
  if (!r.trends.empty()) {
    out += "## Trend\n\n| " + std::string(r.customer_audience ? "Account" : "Tier or account") + " |";
    for (const auto& p : r.trends.front().points) out += " " + p.period + " |";
    out += "\n|---|";
    for (size_t i = 0; i < r.trends.front().points.size(); ++i) out += "---|";
    out += "\n";
    for (const auto& t : r.trends) {
      out += "| " +
             (t.account           ? who(t.subject)
              : t.subject.empty() ? std::string("No tier")
                                  : md::text(t.subject)) +
             " |";
      for (const auto& p : t.points)
        out += " " + (p.uptime_percent ? fmt::fixed(*p.uptime_percent, 3) + "%" : std::string("-")) + " " +
               std::string(to_string(p.status)) + " |";
      out += "\n";
    }
    out += "\n";
  }
  if (!r.risks.empty()) {
    out += "## At risk\n\n";
    for (const auto& k : r.risks) {
      bool pct = k.metric == "uptime";
      out += "- " + who(k.customer) + " " + md::text(k.metric) + " projected " +
             (pct ? fmt::fixed(k.projected, 3) + "%" : fmt::fixed(k.projected * 100, 1) + "%") + " for " + k.period +
             " against " + (pct ? fmt::fixed(k.target, 3) + "%" : fmt::fixed(k.target * 100, 0) + "%") + " (" +
             basis_text(k.basis) + ")\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string to_markdown(const Report& r) {
  std::string out = "# " + std::string(r.customer_audience ? "Service report " : "Compliance report ") + r.period +
                    "\n\nAs of " + format_instant(r.as_of) + ".\n\n" + sections(r) + "## Accounts\n\n";
  out += "| Customer | Tier | Status | Uptime | Target | Downtime | Response | Resolution | Notices | Credit |\n";
  out += "|---|---|---|---|---|---|---|---|---|---|\n";
  auto clocks = [](const PriorityTable& m) {
    std::string s;
    for (const auto& [p, f] : m) {
      if (f.achieved + f.breached == 0) continue;
      if (!s.empty()) s += ", ";
      s += md::text(p) + ": " + fmt::percent(f.rate) + " (" + std::to_string(f.achieved) + "/" +
           std::to_string(f.achieved + f.breached) + ")";
    }
    return s.empty() ? std::string("-") : s;
  };
  for (const auto& a : r.accounts) {
    out += "| " + md::text(a.name) + " (" + md::id(a.customer) + ") | " + (a.tier ? md::text(*a.tier) : "-") + " | " +
           std::string(to_string(a.status)) + " | ";
    if (a.uptimes.size() > 1) {  // several terms (1.1): each by name
      std::string pct, target, down;
      for (const UptimeFigures& u : a.uptimes) {
        std::string sep = pct.empty() ? "" : "; ";
        std::string name = md::text(u.name) + " ";
        pct += sep + name + (u.percent_known() ? fmt::fixed(u.percent, 3) + "%" : "-");
        target += sep + name + fmt::fixed(u.target, 3) + "%";
        down += sep + name + (u.downtime_seconds ? fmt::duration(*u.downtime_seconds) : "-");
      }
      out += pct + " | " + target + " | " + down + " | ";
    } else if (a.uptime) {
      const UptimeFigures& u = *a.uptime;
      out += (u.percent_known() ? fmt::fixed(u.percent, 3) + "%" : "-") + " | " + fmt::fixed(u.target, 3) + "% | " +
             (u.downtime_seconds ? fmt::duration(*u.downtime_seconds) : "-") + " | ";
    } else {
      out += "- | - | - | ";
    }
    // 1.1: the next reply beside the first, updates beside resolution.
    out += clocks(a.response) + (a.next_reply.empty() ? "" : "; next reply " + clocks(a.next_reply)) + " | " +
           clocks(a.resolution) + (a.update.empty() ? "" : "; updates " + clocks(a.update)) + " | " +
           (a.communications ? clocks(*a.communications) : std::string("-")) + " | ";
    std::string credit = credit_text(a);
    out += credit.empty() ? "-" : md::text(credit);
    out += " |\n";
  }
  std::string amended;  // 1.1: whose terms an amendment changed, and since when
  for (const auto& a : r.accounts)
    if (a.terms_from)
      amended +=
          "- " + md::text(a.name) + " (" + md::id(a.customer) + "): as amended from " + md::text(*a.terms_from) + "\n";
  if (!amended.empty()) out += "\nTerms in force as amended:\n\n" + amended;
  std::string excepted, rated;  // 1.1: approved exceptions; satisfaction beside compliance
  for (const auto& a : r.accounts) {
    for (const AppliedException& x : a.exceptions)
      excepted += "- " + md::text(a.name) + " (" + md::id(a.customer) + "): " + md::id(x.id) + ", " +
                  md::text(x.scope) + ", " + format_instant(x.start) + " to " + format_instant(x.end) + ": " +
                  md::text(x.reason) + " (approved by " + md::text(x.approved_by) + ")\n";
    if (a.csat.rated == 0) continue;
    rated += "- " + md::text(a.name) + " (" + md::id(a.customer) + "): " + md::text(csat_text(a.csat));
    for (const auto& [p, c] : a.csat_by_priority)
      rated += "; " + md::text(p) + " " + std::to_string(c.good) + "/" + std::to_string(c.rated);
    if (!a.csat.met_but_unhappy.empty()) {
      rated += "; on time but unhappy:";
      for (const std::string& t : a.csat.met_but_unhappy) rated += " " + md::id(t);
    }
    rated += "\n";
  }
  std::string objectives;  // 1.1
  for (const auto& a : r.accounts)
    for (const ObjectiveFigures& o : a.objectives)
      objectives += "- " + md::text(a.name) + " (" + md::id(a.customer) + "): " + md::text(objective_text(o)) + "\n";
  if (!objectives.empty()) out += "\n## Objectives\n\n" + objectives;
  std::string scheduled;  // 1.1: jobs, with their late runs
  for (const auto& a : r.accounts)
    for (const auto& [name, j] : a.jobs)
      scheduled += "- " + md::text(a.name) + " (" + md::id(a.customer) +
                   "): " + md::text(job_text(name, j, a.compliance_target)) + "\n";
  if (!scheduled.empty()) out += "\n## Scheduled jobs\n\n" + scheduled;
  if (!excepted.empty()) out += "\n## Exceptions\n\n" + excepted;
  if (!rated.empty()) out += "\n## Satisfaction\n\n" + rated;
  out += late_tickets(r) + outages(r.incidents, r.customer_audience ? "Incidents" : "Outages", !r.customer_audience);
  if (!r.problems.empty()) {
    out += "\n## Events left out\n\n";
    for (const auto& p : r.problems) out += "- " + md::id(p.event) + ": " + md::text(problem_text(p.reason)) + "\n";
  }
  if (!r.errors.empty()) {
    out += "\n## Contract errors\n\n";
    for (const auto& e : r.errors) out += "- " + md::text(e.str()) + "\n";
  }
  return out;
}

std::string to_markdown(const CreditsReport& r) {
  std::string out = "# Credits " + r.period + "\n\nAs of " + format_instant(r.as_of) + ".\n\n";
  bool quarter = parse_period(r.period).value_or(Period{}).is_quarter();
  out += std::string("| Customer | Amount | ") + (quarter ? "Quarter's fee" : "Monthly fee") +
         " | Percent | Final | Formula | Note |\n|---|---|---|---|---|---|---|\n";
  for (const auto& c : r.credits)
    out += "| " + md::who(c.name, c.customer) + " | " + c.amount + " " + md::text(c.currency) + " | " + c.fee + " | " +
           (c.percent ? fmt::fixed(*c.percent, 2) + "%" : "-") + " | " + (c.final ? "yes" : "provisional") + " | " +
           md::text(c.formula) + " | " + md::text(c.note.value_or("")) + " |\n";
  for (const auto& e : r.errors) out += "\n- error: " + md::text(e.str());
  return out;
}

std::string to_markdown(const StatusReport& r) {
  std::string out = "# Status as of " + format_instant(r.as_of) + "\n\n## Ticket clocks\n\n";
  if (r.clocks.empty()) out += "None at a warning level or breached.\n";
  for (const auto& c : r.clocks) {
    out += "- " + md::who(c.name, c.customer) + " ticket " + md::id(c.ticket) + " " + c.metric + " " +
           md::text(c.priority) + ": ";
    if (c.breached)
      out += "**breached** at " + format_instant(c.deadline) + "\n";
    else
      out += fmt::fixed(c.fraction * 100, 0) + "% of target used, due " +
             (c.deadline == kNever ? std::string("never") : format_instant(c.deadline)) + "\n";
  }
  if (!r.notices.empty()) {
    out += "\n## Customer notices\n\n";
    for (const auto& n : r.notices)
      out += "- " + md::who(n.name, n.customer) + " outage " + md::id(n.outage) + ": " + md::text(n.kind) + " notice " +
             (n.overdue ? "**overdue** since " : "due by ") + format_instant(n.deadline) + "\n";
  }
  if (!r.open_outages.empty()) {
    out += "\n## Open outages\n\n";
    for (const auto& i : r.open_outages)
      out += outage_head(i) + " since " + format_instant(i.started) +
             (i.title.empty() ? "" : ", " + md::text(i.title)) + accounts_affected(i) + "\n";
  }
  out += "\n## Uptime\n\n";
  if (r.accounts.empty()) out += "No account over its budget warning.\n";
  for (const auto& a : r.accounts)
    out += "- " + md::who(a.name, a.customer) + (a.term.empty() ? "" : " " + md::text(a.term)) + " " + a.period + ": " +
           a.level + ", uptime " + fmt::fixed(a.uptime_percent, 3) + "%" +
           (a.budget_consumed ? ", " + fmt::fixed(*a.budget_consumed * 100, 0) + "% of the error budget" : "") + "\n";
  if (!r.objectives.empty()) {
    out += "\n## Objectives\n\n";
    for (const auto& o : r.objectives)
      out += "- " + md::who(o.name, o.customer) + " " + md::text(o.objective) + " " + o.period + ": " + o.level + ", " +
             (o.percent ? fmt::fixed(*o.percent, 3) + "%" : std::string("no events yet")) +
             (o.budget_consumed ? ", " + fmt::fixed(*o.budget_consumed * 100, 0) + "% of the error budget" : "") + "\n";
  }
  if (!r.jobs.empty()) {
    out += "\n## Scheduled jobs\n\n";
    for (const auto& j : r.jobs) {
      out += "- " + md::who(j.name, j.customer) + " " + md::text(j.job) + " (" + md::text(j.target) + ") " + j.period +
             ": " + j.level + ", " + std::to_string(j.achieved) + " of " + std::to_string(j.achieved + j.breached) +
             " runs on time";
      for (std::size_t i = 0; i < j.overdue.size(); ++i)
        out +=
            (i == 0 ? "; **overdue**: " : ", ") + j.overdue[i].run + " (due " + format_instant(j.overdue[i].due) + ")";
      out += "\n";
    }
  }
  return out;
}

}  // namespace vow
