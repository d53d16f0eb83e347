// One self-contained HTML file: no external resources, charts as inline
// SVG, a layout that prints. The same Report as every other format; the
// customer's own cut has a page of its own (html_customer.cpp).
#include <unordered_map>

#include "compliance/owed.hpp"
#include "compliance/shortfall.hpp"
#include "output/format.hpp"
#include "output/html_parts.hpp"
#include "output/reasons_text.hpp"
#include "output/silence_text.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

using html::esc;
using html::name_and_id;
using html::status_color;

std::string num(double v, int decimals) {
  return fmt::fixed(v, decimals);
}

std::string table_cell(const PriorityTable& t) {
  std::string s;
  for (const auto& [p, f] : t) {
    if (f.achieved + f.breached == 0) continue;
    s += (s.empty() ? "" : "<br>") + esc(p) + ": " + fmt::percent(f.rate) + " (" + std::to_string(f.achieved) + "/" +
         std::to_string(f.achieved + f.breached) + ")";
  }
  return s.empty() ? "&ndash;" : s;
}

std::string tier_cards(const Report& r) {
  std::string out = "<h2>Summary by tier</h2><div class=\"cards\">";
  for (const auto& t : r.tiers) {
    std::string credits;
    for (const auto& [cur, amount] : t.credits) credits += (credits.empty() ? "" : ", ") + amount + " " + esc(cur);
    out += "<div class=\"card\" style=\"border-left-color:" + std::string(status_color(t.status)) + "\"><div><b>" +
           esc(t.tier.empty() ? "No tier" : t.tier) +
           "</b> <span class=\"status\" style=\"color:" + status_color(t.status) + "\">" +
           std::string(to_string(t.status)) + "</span></div><p>" + esc(tier_reason(t)) + "</p><div>" +
           std::to_string(t.accounts) + " accounts: " + std::to_string(t.green) + " green, " +
           std::to_string(t.yellow) + " yellow, " + std::to_string(t.red) + " red</div>" +
           (t.uptime_percent ? "<div>Uptime " + num(*t.uptime_percent, 3) + "%</div>" : "") +
           "<div>Response: " + table_cell(t.response) + "</div><div>Resolution: " + table_cell(t.resolution) +
           (t.next_reply.empty() ? "" : "</div><div>Next reply: " + table_cell(t.next_reply)) +
           (t.update.empty() ? "" : "</div><div>Updates: " + table_cell(t.update)) +
           "</div><div>Credits owed: " + (credits.empty() ? "none" : credits) +
           (t.credits_incomplete                 ? " (incomplete)"
            : credits.empty() || t.credits_final ? ""
                                                 : " (provisional)") +
           "</div></div>";
  }
  return out + "</div>\n";
}

// Uptime against target; each term by name when there are several (1.1).
std::string uptime_cell(const AccountReport& a) {
  if (a.uptimes.empty()) return "&ndash;";
  std::string out;
  for (const UptimeFigures& u : a.uptimes)
    out += (out.empty() ? "" : "<br>") + (a.uptimes.size() > 1 ? esc(u.name) + " " : "") + num(u.percent, 3) + "% / " +
           num(u.target, 3) + "%";
  return out;
}

std::string accounts_table(const std::vector<const AccountReport*>& rows) {
  std::string out =
      "<h2>Accounts</h2><table id=\"accounts\"><thead><tr><th>Customer</th><th>Tier</th><th>Status</th>"
      "<th>Uptime</th><th>Response</th><th>Resolution</th><th>Notices</th><th>Credit</th></tr></thead><tbody>";
  for (const AccountReport* a : rows) {
    std::string credit = credit_text(*a);
    out += "<tr data-customer=\"" + esc(a->customer) + "\"><td>" + esc(a->name) + "<br><small>" + esc(a->customer) +
           "</small></td><td>" + esc(a->tier.value_or("")) + "</td><td style=\"color:" + status_color(a->status) +
           "\">" + std::string(to_string(a->status)) + "</td><td>" + uptime_cell(*a) + "</td><td>" +
           table_cell(a->response) +
           (a->next_reply.empty() ? "" : "<br><small>Next reply</small><br>" + table_cell(a->next_reply)) +
           "</td><td>" + table_cell(a->resolution) +
           (a->update.empty() ? "" : "<br><small>Updates</small><br>" + table_cell(a->update)) + "</td><td>" +
           (a->communications ? table_cell(*a->communications) : "&ndash;") + "</td><td>" +
           (credit.empty() ? "&ndash;" : esc(credit)) + "</td></tr>";
  }
  return out + "</tbody></table>\n";
}

}  // namespace

std::string to_html(const Report& r) {
  if (r.customer_audience) return html::customer_page(r);
  std::unordered_map<std::string, std::string> names;
  for (const auto& a : r.accounts) names[a.customer] = a.name;
  auto who = [&](const std::string& id) { return name_and_id(names.count(id) ? names[id] : "", id); };

  std::string title = "Compliance report " + r.period;
  std::string out = html::page_start(title);
  out += "<h1>" + esc(title) + "</h1><p class=\"meta\">As of " + format_instant(r.as_of) + " &middot; " +
         std::to_string(r.accounts.size()) + " account" + (r.accounts.size() == 1 ? "" : "s") + "</p>\n";
  if (!r.tiers.empty()) out += tier_cards(r);
  if (!r.silent_sources.empty()) {
    out += "<h2>Silent sources</h2><ul id=\"silent\">";
    for (const auto& s : r.silent_sources) out += "<li>" + esc(silence_sentence(s)) + "</li>";
    out += "</ul>\n";
  }
  if (!r.flags.empty()) {
    out += "<h2>Accounts to look at</h2><ol id=\"flags\">";
    for (const auto& f : r.flags) {
      out += "<li><b>" + esc(f.name) + "</b> (" + esc(f.customer) + ", <span style=\"color:" + status_color(f.status) +
             "\">" + std::string(to_string(f.status)) + "</span>)";
      for (size_t i = 0; i < f.reasons.size(); ++i) out += (i ? "; " : ": ") + esc(miss_text(f.reasons[i]));
      out += "</li>";
    }
    out += "</ol>\n";
  }
  // Worst first, in the order of "Accounts to look at" (one ranking for every view).
  std::vector<const AccountReport*> ranked = by_severity(r.accounts);
  std::string uptime = html::uptime_chart(ranked, true);
  if (!uptime.empty())
    out += "<h2>Uptime against target</h2>" + uptime +
           "<p class=\"note\">Bars are coloured by the account's status, worst first as in Accounts to look at; "
           "the tick is the account's uptime target.</p>\n";
  std::string compliance;
  for (size_t i = 0; i < r.trends.size(); ++i) {
    std::string chart = html::compliance_chart(r.trends[i], i);
    if (chart.empty()) continue;
    const Trend& t = r.trends[i];
    compliance += "<h3>" + (t.account ? who(t.subject) : esc(t.subject.empty() ? "No tier" : t.subject + " tier")) +
                  "</h3>" + chart;
  }
  if (!compliance.empty())
    out += "<h2>Compliance per priority, last periods</h2><p class=\"note\">" + std::string(html::kBarsNote) + "</p>" +
           compliance + "\n";
  if (!r.risks.empty()) {
    out += "<h2>At risk</h2><ul>";
    for (const auto& k : r.risks) {
      bool pct = k.metric == "uptime";
      out += "<li>" + who(k.customer) + " " + esc(k.metric) + " projected " +
             (pct ? num(k.projected, 3) + "%" : num(k.projected * 100, 1) + "%") + " for " + esc(k.period) +
             " against " + (pct ? num(k.target, 3) + "%" : num(k.target * 100, 0) + "%") + " (" +
             esc(basis_text(k.basis)) + ")</li>";
    }
    out += "</ul>\n";
  }
  out += accounts_table(ranked);
  std::string amended;  // 1.1: whose terms an amendment changed, and since when
  for (const AccountReport* a : ranked)
    if (a->terms_from) amended += "<li>" + who(a->customer) + ": as amended from " + esc(*a->terms_from) + "</li>";
  if (!amended.empty()) out += "<p>Terms in force as amended:</p><ul>" + amended + "</ul>\n";
  std::string excepted, rated;  // 1.1: approved exceptions; satisfaction beside compliance
  for (const AccountReport* a : ranked) {
    for (const AppliedException& x : a->exceptions)
      excepted += "<li>" + who(a->customer) + ": <code>" + esc(x.id) + "</code>, " + esc(x.scope) + ", " +
                  esc(format_instant(x.start)) + " to " + esc(format_instant(x.end)) + ": " + esc(x.reason) +
                  " (approved by " + esc(x.approved_by) + ")</li>";
    if (a->csat.rated == 0) continue;
    rated += "<li>" + who(a->customer) + ": " + esc(csat_text(a->csat));
    for (const std::string& t : a->csat.met_but_unhappy) rated += "; on time but unhappy: <code>" + esc(t) + "</code>";
    rated += "</li>";
  }
  std::string objectives;  // 1.1
  for (const AccountReport* a : ranked)
    for (const ObjectiveFigures& o : a->objectives)
      objectives += "<li>" + who(a->customer) + ": " + esc(objective_text(o)) + "</li>";
  if (!objectives.empty()) out += "<h2>Objectives</h2><ul>" + objectives + "</ul>\n";
  std::string scheduled;  // 1.1: jobs, with their late runs
  for (const AccountReport* a : ranked)
    for (const auto& [name, j] : a->jobs)
      scheduled += "<li>" + who(a->customer) + ": " + esc(job_text(name, j, a->compliance_target)) + "</li>";
  if (!scheduled.empty()) out += "<h2>Scheduled jobs</h2><ul>" + scheduled + "</ul>\n";
  if (!excepted.empty()) out += "<h2>Exceptions</h2><ul>" + excepted + "</ul>\n";
  if (!rated.empty()) out += "<h2>Satisfaction</h2><ul>" + rated + "</ul>\n";
  // The tickets and outages the figures count, by id, for `vow draft`.
  std::string late;
  for (const AccountReport* a : ranked)
    for (const auto& t : a->late_tickets)
      late += "<li>" + who(a->customer) + ": ticket <code>" + esc(t.ticket) + "</code>, " + esc(t.priority) + " " +
              t.metric + " breached at " + format_instant(t.breached_at) + "</li>";
  if (!late.empty()) out += "<h2>Late tickets</h2><ul id=\"late-tickets\">" + late + "</ul>\n";
  if (!r.incidents.empty()) {
    out += "<h2>Outages</h2><ul id=\"outages\">";
    for (const auto& i : r.incidents)
      out += "<li><code>" + esc(i.outage) + "</code> (" + esc(i.service) + (i.partial ? ", partial" : "") +
             "): " + format_instant(i.started) + ", " + fmt::duration(i.duration_seconds) + (i.ended ? "" : " so far") +
             (i.title.empty() ? "" : ", " + esc(i.title)) + "; " + std::to_string(i.customers.size()) +
             (i.customers.size() == 1 ? " account" : " accounts") + "</li>";
    out += "</ul>\n";
  }
  if (!r.problems.empty()) {
    out += "<h2>Events left out</h2><ul>";
    for (const auto& p : r.problems)
      out += "<li><code>" + esc(p.event) + "</code>: " + esc(problem_text(p.reason)) + "</li>";
    out += "</ul>\n";
  }
  // A formula that failed leaves its credit out of the figures above: say so on the page too.
  if (!r.errors.empty()) {
    out += "<h2>Contract errors</h2><ul id=\"errors\">";
    for (const auto& e : r.errors) out += "<li>" + esc(e.str()) + "</li>";
    out += "</ul>\n";
  }
  return out + html::page_end();
}

}  // namespace vow
