#include "serve/customer_page.hpp"

#include "compliance/owed.hpp"
#include "output/format.hpp"
#include "output/html_parts.hpp"
#include "output/reasons_text.hpp"

namespace vow::serve {
namespace {

using html::esc;

std::string month_name(const std::string& p) {
  static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  if (p.size() == 7 && p[4] == '-') {
    int m = (p[5] - '0') * 10 + (p[6] - '0');
    if (m >= 1 && m <= 12) return std::string(months[m - 1]) + " " + p.substr(0, 4);
  }
  return p;
}

// "2026-10-14T09:12:00Z" -> "14 Oct 2026, 09:12 UTC".
std::string when(Instant t) {
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string s = format_instant(t);
  if (s.size() < 16) return s;
  int m = std::stoi(s.substr(5, 2));
  std::string day = s.substr(8, 2);
  if (day[0] == '0') day = day.substr(1);
  return day + " " + months[(m - 1) % 12] + " " + s.substr(0, 4) + ", " + s.substr(11, 5) + " UTC";
}

std::string how_long(double seconds) {
  long long s = static_cast<long long>(seconds + 0.5), d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;
  if (s < 60) return std::to_string(s) + " s";
  if (d > 0) return std::to_string(d) + " d" + (h ? " " + std::to_string(h) + " h" : "");
  if (h > 0) return std::to_string(h) + " h" + (m ? " " + std::to_string(m) + " min" : "");
  return std::to_string(m) + " min";
}

std::string percent(double v) {
  return fmt::fixed(v, 3) + "%";
}

std::string availability(const AccountReport& a) {
  if (!a.uptime) return "";
  const UptimeFigures& u = *a.uptime;
  std::string out = "<section id=\"availability\"><h2>Availability</h2><div class=\"figure\"><b>" +
                    (u.percent_known() ? percent(u.percent) : std::string("no requests yet")) +
                    "</b> <span>for the month, against the agreed " + percent(u.target) +
                    "</span></div><p class=\"verdict " +
                    (u.met ? "ok\">Within the agreed target" : "miss\">Below the agreed target") + ".</p><p>";
  if (u.downtime_seconds && u.eligible_seconds) {
    double allowed = (1 - u.target / 100) * *u.eligible_seconds;
    out += "Downtime this month: " + how_long(*u.downtime_seconds);
    if (u.target < 100) out += " of the " + how_long(allowed) + " the agreement allows";
    out += ".";
  } else if (u.total) {
    // Measured by requests rather than time (1.1).
    out += "Successful requests this month: " + std::to_string(u.good.value_or(0)) + " of " + std::to_string(*u.total) +
           ".";
  }
  if (u.percent_to_date) out += " Availability so far: " + percent(*u.percent_to_date) + ".";
  return out + "</p></section>\n";
}

std::string waiting_for(const std::string& metric) {
  return metric == "response" ? "First response" : "Resolution";
}

std::string open_tickets(const std::vector<StatusClock>& clocks, Instant as_of) {
  std::string out = "<section id=\"open-tickets\"><h2>Open tickets</h2>";
  if (clocks.empty()) return out + "<p>No ticket of yours is waiting on us against a deadline.</p></section>\n";
  out +=
      "<table><thead><tr><th>Ticket</th><th>Priority</th><th>Waiting for</th><th>Deadline</th><th>Where it "
      "stands</th></tr></thead><tbody>";
  for (const StatusClock& c : clocks) {
    std::string stands;
    if (c.breached)
      stands = "<span class=\"miss\">past its deadline</span>";
    else if (c.deadline == kNever)
      stands = "paused";
    else if (c.deadline > as_of)
      stands = "due in " + how_long(static_cast<double>(c.deadline - as_of) / 1000.0);
    else
      stands = "<span class=\"miss\">past its deadline</span>";
    out += "<tr><td>" + esc(c.ticket) + "</td><td>" + esc(c.priority) + "</td><td>" + waiting_for(c.metric) +
           "</td><td>" + (c.deadline == kNever ? std::string("&ndash;") : when(c.deadline)) + "</td><td>" + stands +
           "</td></tr>";
  }
  return out + "</tbody></table></section>\n";
}

std::string in_time(const AccountReport& a) {
  std::string rows;
  auto add = [&](const char* what, const PriorityTable& t) {
    for (const auto& [p, f] : t) {
      int all = f.achieved + f.breached;
      if (all == 0) continue;
      rows += "<tr><td>" + esc(p) + "</td><td>" + what + "</td><td class=\"num\">" + std::to_string(f.achieved) +
              " of " + std::to_string(all) + "</td><td>within " +
              (f.target_text ? esc(*f.target_text) : how_long(f.target_seconds)) + "</td></tr>";
    }
  };
  add("First response", a.response);
  add("Resolution", a.resolution);
  if (a.response.empty() && a.resolution.empty()) return "";
  std::string out = "<section id=\"in-time\"><h2>Tickets handled this month</h2>";
  if (rows.empty()) return out + "<p>No ticket's deadline has come yet this month.</p></section>\n";
  return out +
         "<table><thead><tr><th>Priority</th><th>Commitment</th><th class=\"num\">In time</th><th>Agreed "
         "time</th></tr></thead><tbody>" +
         rows + "</tbody></table></section>\n";
}

// Objectives and scheduled jobs (1.1), in the words of the agreement's names.
std::string other_commitments(const AccountReport& a) {
  std::string rows;
  for (const ObjectiveFigures& o : a.objectives) {
    std::string so_far = o.percent ? percent(*o.percent) : std::string("no measurements yet");
    rows += "<tr><td>" + esc(o.name) + "</td><td class=\"num\">" + so_far + "</td><td class=\"num\">" +
            percent(o.target) + "</td><td>" +
            (o.met ? "<span class=\"ok\">within target</span>" : "<span class=\"miss\">below target</span>") +
            "</td></tr>";
  }
  for (const auto& [name, j] : a.jobs) {
    int all = j.achieved + j.breached;
    rows += "<tr><td>" + esc(name) + " (" + esc(j.target) + ")</td><td class=\"num\">" +
            (all ? std::to_string(j.achieved) + " of " + std::to_string(all) + " on time" : std::string("no run yet")) +
            "</td><td class=\"num\">" + percent(a.compliance_target * 100) + "</td><td>" +
            (!j.rate || *j.rate >= a.compliance_target ? "<span class=\"ok\">within target</span>"
                                                       : "<span class=\"miss\">below target</span>") +
            "</td></tr>";
  }
  if (rows.empty()) return "";
  return "<section id=\"commitments\"><h2>Other commitments this month</h2><table><thead><tr><th>Commitment</th>"
         "<th class=\"num\">So far</th><th class=\"num\">Agreed</th><th>Where it stands</th></tr></thead><tbody>" +
         rows + "</tbody></table></section>\n";
}

std::string incidents(const std::vector<Incident>& list) {
  std::string out = "<section id=\"incidents\"><h2>Incidents this month</h2>";
  if (list.empty()) return out + "<p>No incident affected your service this month.</p></section>\n";
  out +=
      "<table><thead><tr><th>Started</th><th>Ended</th><th>Duration</th><th>Service</th><th>Impact</th>"
      "<th>Description</th></tr></thead><tbody>";
  for (const Incident& i : list)
    out += "<tr><td>" + when(i.started) + "</td><td>" + (i.ended ? when(*i.ended) : "ongoing") + "</td><td>" +
           how_long(i.duration_seconds) + (i.ended ? "" : " so far") + "</td><td>" + esc(i.service) + "</td><td>" +
           (i.partial ? "partial" : "full") + "</td><td>" + esc(i.title) + "</td></tr>";
  return out + "</tbody></table></section>\n";
}

std::string money(const std::string& amount, const std::string& currency) {
  return esc(currency.empty() ? amount : amount + " " + currency);
}

std::string credits(const CustomerView& v, const AccountReport& a) {
  auto now = owed(a);
  if (!a.has_credit_term && !v.last_month) return "";
  std::string out = "<section id=\"credits\"><h2>Service credits</h2><ul>";
  if (a.has_credit_term) {
    out += "<li>" + esc(month_name(v.month.period)) + ": ";
    if (!now)
      out += a.quarterly ? "credits are counted per calendar quarter." : "not available yet.";
    else
      out += "<b>" + money(now->amount, now->currency) + "</b>" +
             (now->final ? "." : ", so far (it is settled when the month has ended).");
    out += "</li>";
  }
  if (v.last_month)
    out += "<li>" + esc(month_name(v.last_month->period)) + ": <b>" +
           money(v.last_month->amount, v.last_month->currency) + "</b>" +
           (v.last_month->final ? "." : " (not settled yet).") + "</li>";
  return out + "</ul></section>\n";
}

std::string head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"robots\" content=\"noindex, nofollow\"><title>" +
         esc(title) + "</title><link rel=\"stylesheet\" href=\"/page.css\"></head><body><main>\n";
}

}  // namespace

namespace {

std::string shifted(const std::string& month, int by) {
  int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2)) + by;
  if (m == 0) m = 12, --y;
  if (m == 13) m = 1, ++y;
  return std::to_string(y) + (m < 10 ? "-0" : "-") + std::to_string(m);
}

}  // namespace

CustomerView customer_view(Workspace& ws, const std::string& customer, Instant as_of) {
  CustomerView v;
  v.as_of = as_of;
  Query q;
  q.period = format_instant(as_of).substr(0, 7);
  q.as_of = as_of;
  q.customers = {customer};
  q.customer_audience = true;
  v.month = ws.report(q);
  // The month of now is the contract's: in its time zone, the UTC month may
  // not have begun yet, or have ended already.
  if (!v.month.accounts.empty()) {
    const AccountReport& a = v.month.accounts.front();
    int by = as_of < a.start ? -1 : as_of >= a.end ? 1 : 0;
    if (by != 0) {
      q.period = shifted(q.period, by);
      v.month = ws.report(q);
    }
  }
  q.customer_audience = false;
  q.every_clock = true;  // its open tickets, not only those near their deadline
  v.open = ws.status(q).clocks;
  q.period = shifted(q.period, -1);
  auto last = ws.credits(q);
  if (last.errors.empty() && !last.credits.empty()) v.last_month = last.credits.front();
  return v;
}

std::string customer_page(const CustomerView& v) {
  const AccountReport* a = v.month.accounts.empty() ? nullptr : &v.month.accounts.front();
  std::string name = a ? (a->name.empty() ? a->customer : a->name) : "";
  std::string out = head("Service status - " + name);
  out += "<header><p class=\"for\">Service status for</p><h1>" + esc(name) + "</h1><p class=\"meta\">" +
         esc(month_name(v.month.period)) + " &middot; figures as of " + when(v.as_of) + "</p></header>\n";
  if (a) {
    out += availability(*a);
    out += open_tickets(v.open, v.as_of);
    out += in_time(*a);
    out += other_commitments(*a);
  }
  out += incidents(v.month.incidents);
  if (a) out += credits(v, *a);
  if (!v.month.errors.empty())
    out += "<p class=\"note\">Some of this month's figures could not be worked out and are left out.</p>\n";
  out +=
      "<footer><p>Times are in UTC. The page shows the figures of your agreement as they stand now; the month's "
      "final figures come with its report.</p><p>The address of this page is yours alone: please do not share "
      "it.</p></footer>\n";
  return out + "</main></body></html>\n";
}

std::string customer_not_found_page() {
  return head("Page not found") +
         "<header><h1>Page not found</h1></header><p>There is no page at this address. If you were given a link, "
         "check that it was copied whole, or ask whoever gave it to you for a new one.</p></main></body></html>\n";
}

}  // namespace vow::serve
