// One self-contained HTML file: no external resources, charts as inline
// SVG, a layout that prints. The same Report as every other format.
#include <algorithm>
#include <cmath>

#include "model/utf8.hpp"
#include "output/format.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

std::string esc(const std::string& raw) {
  std::string s = printable(raw), out;  // HTML allows no C0 or C1 controls but white space
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* color(const std::string& status) {
  return status == "red" ? "#c0392b" : status == "yellow" ? "#d4a017" : "#2e8b57";
}

std::string num(double v, int decimals) {
  return fmt::fixed(v, decimals);
}

// Uptime of every account with an uptime term against its target, worst
// margin first: a bar per account, a tick at its target.
std::string uptime_chart(const Report& r) {
  std::vector<const AccountReport*> rows;
  for (const auto& a : r.accounts)
    if (a.uptime) rows.push_back(&a);
  if (rows.empty()) return "";
  std::sort(rows.begin(), rows.end(), [](auto* x, auto* y) {
    return x->uptime->percent - x->uptime->target < y->uptime->percent - y->uptime->target;
  });
  double lo = 100;
  for (auto* a : rows) lo = std::min({lo, a->uptime->percent, a->uptime->target});
  lo = std::max(0.0, std::floor(lo - 0.1));
  const int label = 190, width = 520, row = 16, top = 24;
  auto x = [&](double pct) { return label + (pct - lo) / (100 - lo) * width; };
  std::string svg =
      "<svg id=\"uptime-chart\" class=\"chart\" role=\"img\" aria-label=\"Uptime against target per account\" "
      "viewBox=\"0 0 " +
      std::to_string(label + width + 70) + " " + std::to_string(top + row * rows.size() + 10) +
      "\" xmlns=\"http://www.w3.org/2000/svg\">";
  svg += "<text x=\"" + std::to_string(label) + "\" y=\"14\" class=\"axis\">" + num(lo, 1) + "%</text>";
  svg += "<text x=\"" + std::to_string(label + width) + "\" y=\"14\" class=\"axis\" text-anchor=\"end\">100%</text>";
  for (size_t i = 0; i < rows.size(); ++i) {
    const AccountReport& a = *rows[i];
    int y = top + static_cast<int>(i) * row;
    svg += "<g class=\"bar\" data-customer=\"" + esc(a.customer) + "\"><title>" + esc(a.name) + ": " +
           num(a.uptime->percent, 3) + "% against " + num(a.uptime->target, 3) + "%</title>";
    svg += "<text x=\"" + std::to_string(label - 6) + "\" y=\"" + std::to_string(y + 11) +
           "\" text-anchor=\"end\" class=\"name\">" + esc(a.name) + "</text>";
    svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + std::to_string(y + 2) + "\" height=\"" +
           std::to_string(row - 5) + "\" width=\"" + num(std::max(0.5, x(a.uptime->percent) - label), 1) +
           "\" fill=\"" + color(a.uptime->met ? "green" : "red") + "\"/>";
    double tx = x(a.uptime->target);
    svg += "<line x1=\"" + num(tx, 1) + "\" x2=\"" + num(tx, 1) + "\" y1=\"" + std::to_string(y) + "\" y2=\"" +
           std::to_string(y + row - 1) + "\" stroke=\"#222\" stroke-width=\"2\"/>";
    svg += "<text x=\"" + std::to_string(label + width + 6) + "\" y=\"" + std::to_string(y + 11) +
           "\" class=\"value\">" + num(a.uptime->percent, 3) + "%</text></g>";
  }
  return svg + "</svg>";
}

// Compliance per priority over the trend's periods, for one tier (or
// account): a group of bars per period, one bar per metric and priority.
std::string compliance_chart(const Trend& t, size_t index) {
  std::vector<std::string> series;
  for (const auto& p : t.points)
    for (auto [metric, table] : {std::pair{"response", &p.response}, std::pair{"resolution", &p.resolution}})
      for (const auto& [prio, f] : *table) {
        std::string key = prio + " " + metric;
        if (f.rate && std::find(series.begin(), series.end(), key) == series.end()) series.push_back(key);
      }
  if (series.empty() || t.points.empty()) return "";
  static const char* palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                                  "#8c564b", "#e377c2", "#7f7f7f", "#17becf"};
  const int h = 160, top = 10, left = 36, group = 34 + 12 * static_cast<int>(series.size());
  int w = std::max(left + group * static_cast<int>(t.points.size()) + 10, left + 2 * 130 + 10);
  std::string svg = "<svg id=\"compliance-chart-" + std::to_string(index) +
                    "\" class=\"chart compliance\" role=\"img\" "
                    "aria-label=\"Compliance per priority over the last periods\" viewBox=\"0 0 " +
                    std::to_string(w) + " " + std::to_string(h + 40 + 14 * static_cast<int>((series.size() + 1) / 2)) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">";
  for (int pct : {0, 50, 100}) {
    int y = top + h - pct * h / 100;
    svg += "<line x1=\"" + std::to_string(left) + "\" x2=\"" + std::to_string(w) + "\" y1=\"" + std::to_string(y) +
           "\" y2=\"" + std::to_string(y) + "\" stroke=\"#ddd\"/><text x=\"" + std::to_string(left - 4) + "\" y=\"" +
           std::to_string(y + 4) + "\" text-anchor=\"end\" class=\"axis\">" + std::to_string(pct) + "%</text>";
  }
  for (size_t pi = 0; pi < t.points.size(); ++pi) {
    const TrendPoint& p = t.points[pi];
    int gx = left + static_cast<int>(pi) * group + 6;
    for (size_t si = 0; si < series.size(); ++si) {
      std::string prio = series[si].substr(0, series[si].find(' '));
      const PriorityTable& table = series[si].find("response") != std::string::npos ? p.response : p.resolution;
      auto it = table.find(prio);
      if (it == table.end() || !it->second.rate) continue;
      double rate = *it->second.rate;
      int bh = std::max(1, static_cast<int>(rate * h));
      svg += "<rect class=\"bar\" x=\"" + std::to_string(gx + static_cast<int>(si) * 12) + "\" y=\"" +
             std::to_string(top + h - bh) + "\" width=\"10\" height=\"" + std::to_string(bh) + "\" fill=\"" +
             palette[si % 8] + "\"><title>" +
             esc(p.period + " " + series[si] + ": " + num(rate * 100, 1) + "% (" + std::to_string(it->second.achieved) +
                 "/" + std::to_string(it->second.achieved + it->second.breached) + ")") +
             "</title></rect>";
    }
    svg += "<text x=\"" + std::to_string(gx) + "\" y=\"" + std::to_string(top + h + 14) + "\" class=\"axis\">" +
           esc(p.period) + "</text>";
  }
  for (size_t si = 0; si < series.size(); ++si) {
    int lx = left + static_cast<int>(si % 2) * 130, ly = top + h + 32 + static_cast<int>(si / 2) * 14;
    svg += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(ly - 8) +
           "\" width=\"9\" height=\"9\" fill=\"" + palette[si % 8] + "\"/><text x=\"" + std::to_string(lx + 13) +
           "\" y=\"" + std::to_string(ly) + "\" class=\"axis\">" + esc(series[si]) + "</text>";
  }
  return svg + "</svg>";
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

const char* kStyle = R"css(
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
.meta { color: #666; } .cards { display: flex; flex-wrap: wrap; gap: 1em; }
.card { border: 1px solid #ccc; border-left: 6px solid; border-radius: 4px; padding: 0.6em 1em; flex: 1 1 16em; }
.status { font-weight: bold; text-transform: uppercase; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.3em 0.4em; text-align: left; vertical-align: top; }
.chart { width: 100%; height: auto; } .chart.compliance { width: auto; height: 15em; max-width: 100%; } .chart text { font-size: 11px; fill: #333; } .chart .axis { fill: #666; }
ol li { margin-bottom: 0.3em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .card, svg, tr { break-inside: avoid; } a { color: inherit; } }
)css";

// Confirms in the page itself that every chart drew something: the browser
// test reads the verdict from the DOM.
const char* kSelfCheck = R"js(
(function () {
  var charts = document.querySelectorAll('svg.chart'), ok = charts.length > 0;
  charts.forEach(function (c) { var b = c.getBBox(); ok = ok && b.width > 0 && b.height > 0 && c.querySelectorAll('.bar').length > 0; });
  document.getElementById('self-check').textContent = (ok ? 'charts-ok ' : 'charts-missing ') + charts.length;
})();
)js";

}  // namespace

std::string to_html(const Report& r) {
  std::string title = std::string(r.customer_audience ? "Service report " : "Compliance report ") + r.period;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) +
                    "</title><style>" + kStyle + "</style></head><body>\n";
  out += "<h1>" + esc(title) + "</h1><p class=\"meta\">As of " + format_instant(r.as_of) + " &middot; " +
         std::to_string(r.accounts.size()) + " account" + (r.accounts.size() == 1 ? "" : "s") + "</p>\n";
  if (!r.tiers.empty()) {
    out += "<h2>Summary by tier</h2><div class=\"cards\">";
    for (const auto& t : r.tiers) {
      std::string credits;
      for (const auto& [cur, amount] : t.credits) credits += (credits.empty() ? "" : ", ") + amount + " " + esc(cur);
      out += "<div class=\"card\" style=\"border-left-color:" + std::string(color(t.status)) + "\"><div><b>" +
             esc(t.tier.empty() ? "No tier" : t.tier) + "</b> <span class=\"status\" style=\"color:" + color(t.status) +
             "\">" + t.status + "</span></div><p>" + esc(t.reason) + "</p><div>" + std::to_string(t.accounts) +
             " accounts: " + std::to_string(t.green) + " green, " + std::to_string(t.yellow) + " yellow, " +
             std::to_string(t.red) + " red</div>" +
             (t.uptime_percent ? "<div>Uptime " + num(*t.uptime_percent, 3) + "%</div>" : "") +
             "<div>Response: " + table_cell(t.response) + "</div><div>Resolution: " + table_cell(t.resolution) +
             "</div><div>Credits owed: " + (credits.empty() ? "none" : credits) + "</div></div>";
    }
    out += "</div>\n";
  }
  if (!r.flags.empty()) {
    out += "<h2>Accounts to look at</h2><ol>";
    for (const auto& f : r.flags) {
      out += "<li><b>" + esc(f.name) + "</b> (" + esc(f.customer) + ", <span style=\"color:" + color(f.status) + "\">" +
             f.status + "</span>)";
      for (size_t i = 0; i < f.reasons.size(); ++i) out += (i ? "; " : ": ") + esc(f.reasons[i]);
      out += "</li>";
    }
    out += "</ol>\n";
  }
  std::string uptime = uptime_chart(r);
  if (!uptime.empty()) out += "<h2>Uptime against target</h2>" + uptime + "\n";
  std::string compliance;
  for (size_t i = 0; i < r.trends.size(); ++i) {
    std::string chart = compliance_chart(r.trends[i], i);
    if (chart.empty()) continue;
    const Trend& t = r.trends[i];
    compliance += "<h3>" + esc(t.account ? t.subject : t.subject.empty() ? "No tier" : t.subject) + "</h3>" + chart;
  }
  if (!compliance.empty()) out += "<h2>Compliance per priority, last periods</h2>" + compliance + "\n";
  if (!r.risks.empty()) {
    out += "<h2>At risk</h2><ul>";
    for (const auto& k : r.risks) {
      bool pct = k.metric == "uptime";
      out += "<li>" + esc(k.customer) + " " + esc(k.metric) + " projected " +
             (pct ? num(k.projected, 3) + "%" : num(k.projected * 100, 1) + "%") + " for " + esc(k.period) +
             " against " + (pct ? num(k.target, 3) + "%" : num(k.target * 100, 0) + "%") + " (" + esc(k.basis) +
             ")</li>";
    }
    out += "</ul>\n";
  }
  out +=
      "<h2>Accounts</h2><table><thead><tr><th>Customer</th><th>Tier</th><th>Status</th><th>Uptime</th>"
      "<th>Response</th><th>Resolution</th><th>Notices</th><th>Credit</th></tr></thead><tbody>";
  for (const auto& a : r.accounts) {
    out += "<tr><td>" + esc(a.name) + "<br><small>" + esc(a.customer) + "</small></td><td>" + esc(a.tier.value_or("")) +
           "</td><td style=\"color:" + color(a.status) + "\">" + a.status + "</td><td>" +
           (a.uptime ? num(a.uptime->percent, 3) + "% / " + num(a.uptime->target, 3) + "%" : "&ndash;") + "</td><td>" +
           table_cell(a.response) + "</td><td>" + table_cell(a.resolution) + "</td><td>" +
           (a.communications ? table_cell(*a.communications) : "&ndash;") + "</td><td>" +
           (a.credit ? a.credit->amount + " " + esc(a.credit->currency) + (a.credit->final ? "" : " (provisional)")
                     : "&ndash;") +
           "</td></tr>";
  }
  out += "</tbody></table>\n";
  if (!r.problems.empty()) {
    out += "<h2>Events left out</h2><ul>";
    for (const auto& p : r.problems) out += "<li><code>" + esc(p.event) + "</code>: " + esc(p.reason) + "</li>";
    out += "</ul>\n";
  }
  out += "<p id=\"self-check\" class=\"meta\">charts not checked</p><script>" + std::string(kSelfCheck) +
         "</script>\n</body></html>\n";
  return out;
}

}  // namespace vow
