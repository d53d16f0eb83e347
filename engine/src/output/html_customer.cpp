// The customer's own cut as a page a company would send: plain sentences
// instead of internal words (no tier, no green/yellow/red, no "update:
// 54.5% (12/22)"), and the incidents that affected the customer.
#include <cstdio>

#include "compliance/owed.hpp"
#include "output/format.hpp"
#include "output/html_parts.hpp"
#include "output/reasons_text.hpp"

namespace vow::html {
namespace {

std::string num(double v, int decimals) {
  return fmt::fixed(v, decimals);
}

// "2026-10" -> "October 2026", "2026-Q4" -> "Q4 2026".
std::string period_name(const std::string& p) {
  static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  if (p.size() == 7 && p[4] == '-' && p[5] == 'Q') return p.substr(5) + " " + p.substr(0, 4);
  if (p.size() == 7 && p[4] == '-') {
    int m = (p[5] - '0') * 10 + (p[6] - '0');
    if (m >= 1 && m <= 12) return std::string(months[m - 1]) + " " + p.substr(0, 4);
  }
  return p;
}

// "2026-10-14T09:12:00Z" -> "2026-10-14 09:12 UTC".
std::string when(Instant t) {
  std::string s = format_instant(t);
  return s.size() >= 16 ? s.substr(0, 10) + " " + s.substr(11, 5) + " UTC" : s;
}

std::string how_long(double seconds) {
  long long s = static_cast<long long>(seconds + 0.5), h = s / 3600, m = s / 60 % 60;
  if (s < 60) return std::to_string(s) + " s";
  if (h == 0) return std::to_string(m) + " min";
  return std::to_string(h) + " h" + (m ? " " + std::to_string(m) + " min" : "");
}

std::string of(const PriorityFigures& f) {
  return std::to_string(f.achieved) + " of " + std::to_string(f.achieved + f.breached);
}

// One sentence per priority with tickets: "P1: 3 of 4".
std::string tickets_line(const char* what, const PriorityTable& t) {
  std::string parts;
  for (const auto& [p, f] : t)
    if (f.achieved + f.breached > 0) parts += (parts.empty() ? "" : "; ") + esc(p) + ": " + of(f);
  return parts.empty() ? "" : "<li>" + std::string(what) + ": " + parts + "</li>";
}

std::string facts(const AccountReport& a) {
  std::string out = "<ul class=\"facts\" id=\"summary\">";
  if (a.uptime)
    out += "<li>Availability: <b>" + (a.uptime->percent_known() ? num(a.uptime->percent, 3) + "%" : "no requests yet") +
           "</b> against the agreed " + num(a.uptime->target, 3) + "% (" +
           (a.uptime->met ? "target met" : "below target") +
           (a.uptime->downtime_seconds ? "; downtime " + how_long(*a.uptime->downtime_seconds) : "") + ")</li>";
  out += tickets_line("Tickets answered in time", a.response);
  out += tickets_line("Tickets resolved in time", a.resolution);
  if (a.communications) {
    static const std::pair<const char*, const char*> kinds[] = {{"initial", "First incident notices sent on time"},
                                                                {"update", "Status updates sent on time"},
                                                                {"postmortem", "Incident reports sent on time"}};
    for (auto [kind, sentence] : kinds)
      if (auto it = a.communications->find(kind);
          it != a.communications->end() && it->second.achieved + it->second.breached > 0)
        out += "<li>" + std::string(sentence) + ": " + of(it->second) + "</li>";
  }
  if (auto o = owed(a)) {
    bool final = o->final;
    o->final = true;  // said in words below instead
    out += "<li>Service credit: <b>" + esc(owed_text(*o)) + "</b>" +
           (final ? "" : " (provisional until the period has ended)") + "</li>";
  } else if (a.quarterly && a.has_credit_term) {
    out += "<li>Service credit: counted per calendar quarter</li>";
  }
  return out + "</ul>\n";
}

std::string incidents(const std::vector<Incident>& list) {
  if (list.empty())
    return "<h2>Incidents</h2><p id=\"incidents\">No incident affected your service in this period.</p>\n";
  std::string out =
      "<h2>Incidents</h2><table id=\"incidents\"><thead><tr><th>Started</th><th>Ended</th><th>Duration</th>"
      "<th>Service</th><th>Impact</th><th>Description</th></tr></thead><tbody>";
  for (const Incident& i : list)
    out += "<tr><td>" + when(i.started) + "</td><td>" + (i.ended ? when(*i.ended) : "ongoing") + "</td><td>" +
           how_long(i.duration_seconds) + (i.ended ? "" : " so far") + "</td><td>" + esc(i.service) + "</td><td>" +
           (i.partial ? "partial" : "full") + "</td><td>" + esc(i.title) + "</td></tr>";
  return out + "</tbody></table>\n";
}

}  // namespace

std::string customer_page(const Report& r) {
  std::string period = period_name(r.period);
  std::string title = "Service report " + period;
  const AccountReport* a = r.accounts.empty() ? nullptr : &r.accounts.front();
  std::string out = page_start(title + (a ? " - " + a->name : ""));
  out += "<h1>" + esc(title) + "</h1><p class=\"meta\">";
  if (a) out += "For <b>" + esc(a->name.empty() ? a->customer : a->name) + "</b> &middot; ";
  out += "figures as of " + when(r.as_of) + "</p>\n";
  if (a) {
    out += "<h2>Your service in " + esc(period) + "</h2>" + facts(*a);
    std::string chart = uptime_chart({a}, false);
    if (!chart.empty())
      out += "<h2>Availability against the agreed target</h2>" + chart +
             "<p class=\"note\">The tick marks the agreed target.</p>\n";
  }
  out += incidents(r.incidents);
  std::string trend;
  for (size_t i = 0; i < r.trends.size(); ++i) trend += compliance_chart(r.trends[i], i);
  if (!trend.empty())
    out += "<h2>Tickets handled in time, recent periods</h2><p class=\"note\">" + std::string(kBarsNote) + "</p>" +
           trend + "\n";
  return out + page_end();
}

}  // namespace vow::html
