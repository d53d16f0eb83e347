// Inline SVG: no scripts and no external resources, so the page shows the
// same in a browser, a mail client's preview and on paper.
#include <algorithm>
#include <cmath>

#include "model/utf8.hpp"
#include "output/format.hpp"
#include "output/html_parts.hpp"

namespace vow::html {
namespace {

std::string num(double v, int decimals) {
  return fmt::fixed(v, decimals);
}

std::string n(int v) {
  return std::to_string(v);
}

const char* kStyle = R"css(
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
.meta, .note { color: #666; } .note { font-size: 0.85em; } .cards { display: flex; flex-wrap: wrap; gap: 1em; }
.card { border: 1px solid #ccc; border-left: 6px solid; border-radius: 4px; padding: 0.6em 1em; flex: 1 1 16em; }
.status { font-weight: bold; text-transform: uppercase; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.3em 0.4em; text-align: left; vertical-align: top; }
.chart { width: 100%; height: auto; } .chart.compliance { width: auto; height: 15em; max-width: 100%; } .chart text { font-size: 11px; fill: #333; } .chart .axis { fill: #666; }
.chart .zero-label { font-size: 9px; fill: #c0392b; font-weight: bold; } .chart .no-data { font-size: 11px; fill: #999; }
ol li, ul.facts li { margin-bottom: 0.3em; } ul.facts { list-style: none; padding-left: 0; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .card, svg, tr { break-inside: avoid; } a { color: inherit; } }
)css";

}  // namespace

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

const char* status_color(Status status) {
  return status == Status::Red ? "#c0392b" : status == Status::Yellow ? "#d4a017" : "#2e8b57";
}

std::string page_start(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>" +
         kStyle + "</style></head><body>\n";
}

std::string page_end() {
  return "</body></html>\n";
}

std::string name_and_id(const std::string& name, const std::string& id) {
  return name.empty() || name == id ? esc(id) : esc(name) + " (" + esc(id) + ")";
}

std::string uptime_chart(const std::vector<const AccountReport*>& all, bool with_ids) {
  std::vector<const AccountReport*> rows;
  for (const auto* a : all)
    if (a->uptime) rows.push_back(a);
  if (rows.empty()) return "";
  double lo = 100;
  for (auto* a : rows) lo = std::min({lo, a->uptime->percent, a->uptime->target});
  lo = std::max(0.0, std::floor(lo - 0.1));
  const int label = with_ids ? 230 : 190, width = 480, row = 16, top = 24;
  auto x = [&](double pct) { return label + (pct - lo) / (100 - lo) * width; };
  std::string svg =
      "<svg id=\"uptime-chart\" class=\"chart\" role=\"img\" aria-label=\"Uptime against target\" viewBox=\"0 0 " +
      n(label + width + 70) + " " + n(top + row * static_cast<int>(rows.size()) + 10) +
      "\" xmlns=\"http://www.w3.org/2000/svg\">";
  svg += "<text x=\"" + n(label) + "\" y=\"14\" class=\"axis\">" + num(lo, 1) + "%</text>";
  svg += "<text x=\"" + n(label + width) + "\" y=\"14\" class=\"axis\" text-anchor=\"end\">100%</text>";
  for (size_t i = 0; i < rows.size(); ++i) {
    const AccountReport& a = *rows[i];
    int y = top + static_cast<int>(i) * row;
    std::string who = with_ids ? name_and_id(a.name, a.customer) : esc(a.name.empty() ? a.customer : a.name);
    svg += "<g class=\"bar\" data-customer=\"" + esc(a.customer) + "\"><title>" + who + ": " +
           num(a.uptime->percent, 3) + "% against " + num(a.uptime->target, 3) + "%</title>";
    svg += "<text x=\"" + n(label - 6) + "\" y=\"" + n(y + 11) + "\" text-anchor=\"end\" class=\"name\">" + who +
           "</text>";
    svg += "<rect x=\"" + n(label) + "\" y=\"" + n(y + 2) + "\" height=\"" + n(row - 5) + "\" width=\"" +
           num(std::max(0.5, x(a.uptime->percent) - label), 1) + "\" fill=\"" + status_color(a.status) + "\"/>";
    double tx = x(a.uptime->target);
    svg += "<line x1=\"" + num(tx, 1) + "\" x2=\"" + num(tx, 1) + "\" y1=\"" + n(y) + "\" y2=\"" + n(y + row - 1) +
           "\" stroke=\"#222\" stroke-width=\"2\"/>";
    svg += "<text x=\"" + n(label + width + 6) + "\" y=\"" + n(y + 11) + "\" class=\"value\">" +
           num(a.uptime->percent, 3) + "%</text></g>";
  }
  return svg + "</svg>";
}

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
  const int h = 160, top = 14, left = 36, group = 34 + 12 * static_cast<int>(series.size());
  const int zero = 3;  // a 0% bar's height: visible, and still reads as nothing met
  int w = std::max(left + group * static_cast<int>(t.points.size()) + 10, left + 2 * 130 + 10);
  std::string svg = "<svg id=\"compliance-chart-" + std::to_string(index) +
                    "\" class=\"chart compliance\" role=\"img\" "
                    "aria-label=\"Tickets handled in time per priority over the last periods\" viewBox=\"0 0 " +
                    n(w) + " " + n(top + h + 40 + 14 * static_cast<int>((series.size() + 1) / 2)) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">";
  for (int pct : {0, 50, 100}) {
    int y = top + h - pct * h / 100;
    svg += "<line x1=\"" + n(left) + "\" x2=\"" + n(w) + "\" y1=\"" + n(y) + "\" y2=\"" + n(y) +
           "\" stroke=\"#ddd\"/><text x=\"" + n(left - 4) + "\" y=\"" + n(y + 4) +
           "\" text-anchor=\"end\" class=\"axis\">" + n(pct) + "%</text>";
  }
  for (size_t pi = 0; pi < t.points.size(); ++pi) {
    const TrendPoint& p = t.points[pi];
    int gx = left + static_cast<int>(pi) * group + 6;
    for (size_t si = 0; si < series.size(); ++si) {
      std::string prio = series[si].substr(0, series[si].find(' '));
      const PriorityTable& table = series[si].find("response") != std::string::npos ? p.response : p.resolution;
      auto it = table.find(prio);
      int bx = gx + static_cast<int>(si) * 12;
      if (it == table.end() || !it->second.rate) {
        svg += "<text class=\"no-data\" x=\"" + n(bx + 5) + "\" y=\"" + n(top + h - 3) +
               "\" text-anchor=\"middle\">&ndash;<title>" + esc(p.period + " " + series[si] + ": no tickets") +
               "</title></text>";
        continue;
      }
      double rate = *it->second.rate;
      int bh = rate > 0 ? std::max(zero, static_cast<int>(std::lround(rate * h))) : zero;
      svg += "<rect class=\"bar" + std::string(rate > 0 ? "" : " zero") + "\" x=\"" + n(bx) + "\" y=\"" +
             n(top + h - bh) + "\" width=\"10\" height=\"" + n(bh) + "\" fill=\"" + palette[si % 8] + "\"" +
             (rate > 0 ? "" : " stroke=\"#c0392b\" stroke-width=\"1\"") + "><title>" +
             esc(p.period + " " + series[si] + ": " + num(rate * 100, 1) + "% (" + std::to_string(it->second.achieved) +
                 " of " + std::to_string(it->second.achieved + it->second.breached) + " in time)") +
             "</title></rect>";
      if (rate == 0)
        svg += "<text class=\"zero-label\" x=\"" + n(bx + 5) + "\" y=\"" + n(top + h - bh - 2) +
               "\" text-anchor=\"middle\">0</text>";
    }
    svg += "<text x=\"" + n(gx) + "\" y=\"" + n(top + h + 14) + "\" class=\"axis\">" + esc(p.period) + "</text>";
  }
  for (size_t si = 0; si < series.size(); ++si) {
    int lx = left + static_cast<int>(si % 2) * 130, ly = top + h + 32 + static_cast<int>(si / 2) * 14;
    svg += "<rect x=\"" + n(lx) + "\" y=\"" + n(ly - 8) + "\" width=\"9\" height=\"9\" fill=\"" + palette[si % 8] +
           "\"/><text x=\"" + n(lx + 13) + "\" y=\"" + n(ly) + "\" class=\"axis\">" + esc(series[si]) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace vow::html
