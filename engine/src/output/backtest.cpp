// `vow backtest` in the three formats: per month, then the totals.
#include <nlohmann/json.hpp>

#include "output/format.hpp"
#include "output/json_values.hpp"
#include "output/markdown_text.hpp"
#include "output/reasons_text.hpp"
#include "vow/render.hpp"

namespace vow {
namespace {

using jsonv::J;
using jsonv::opt;
using jsonv::when;

J month_json(const BacktestMonth& m, bool with_cases) {
  J out{{"period", m.period},
        {"accounts", m.accounts},
        {"breaches", m.breaches},
        {"flagged_ahead", m.flagged_ahead},
        {"median_days_early", opt(m.median_days_early)},
        {"missed", m.missed},
        {"flags", m.flags},
        {"false_flags", m.false_flags}};
  if (!with_cases) return out;
  J cases = J::array();
  for (const auto& c : m.cases)
    cases.push_back(J{{"customer", c.customer},
                      {"metric", c.metric},
                      {"breached_at", when(c.breached_at)},
                      {"flagged_at", when(c.flagged_at)},
                      {"basis", c.flagged_at ? J(basis_text(c.basis)) : J(nullptr)}});
  out["cases"] = cases;
  return out;
}

std::string days(const std::optional<double>& d) {
  return d ? fmt::fixed(*d, 1) : "-";
}

std::string row(const BacktestMonth& m, const std::string& label) {
  return "| " + label + " | " + std::to_string(m.accounts) + " | " + std::to_string(m.breaches) + " | " +
         std::to_string(m.flagged_ahead) + " | " + days(m.median_days_early) + " | " + std::to_string(m.missed) +
         " | " + std::to_string(m.flags) + " | " + std::to_string(m.false_flags) + " |\n";
}

std::string csv_row(const BacktestMonth& m) {
  return m.period + "," + std::to_string(m.accounts) + "," + std::to_string(m.breaches) + "," +
         std::to_string(m.flagged_ahead) + "," + (m.median_days_early ? fmt::fixed(*m.median_days_early, 3) : "") +
         "," + std::to_string(m.missed) + "," + std::to_string(m.flags) + "," + std::to_string(m.false_flags) + "\n";
}

}  // namespace

std::string to_json(const BacktestReport& r) {
  J months = J::array();
  for (const auto& m : r.months) months.push_back(month_json(m, true));
  J out{{"from", r.from}, {"to", r.to}, {"days", r.days}, {"months", months}, {"total", month_json(r.total, false)}};
  if (!r.errors.empty()) {
    J errors = J::array();
    for (const auto& e : r.errors) errors.push_back(e.str());
    out["errors"] = errors;
  }
  return out.dump(2) + "\n";
}

std::string to_markdown(const BacktestReport& r) {
  std::string out = "# Backtest " + r.from + " to " + r.to + "\n\n" + std::to_string(r.days) +
                    " daily forecasts (00:00 UTC) against how each month ended.\n\n";
  out += "| Month | Accounts | Breaches | Flagged ahead | Median days early | Missed | Flags | False flags |\n";
  out += "|---|---|---|---|---|---|---|---|\n";
  for (const auto& m : r.months) out += row(m, m.period);
  out += row(r.total, "**all**");
  for (const auto& m : r.months) {
    if (m.cases.empty()) continue;
    out += "\n## " + m.period + "\n\n";
    for (const auto& c : m.cases) {
      out += "- " + md::id(c.customer) + " " + md::text(c.metric) + ": ";
      if (!c.breached_at)
        out += "false flag on " + format_instant(*c.flagged_at);
      else if (!c.flagged_at)
        out += "breached " + format_instant(*c.breached_at) + ", not flagged";
      else if (*c.flagged_at < *c.breached_at)
        out += "breached " + format_instant(*c.breached_at) + ", flagged " +
               fmt::fixed(static_cast<double>(*c.breached_at - *c.flagged_at) / 86'400'000.0, 1) + " days ahead";
      else
        out +=
            "breached " + format_instant(*c.breached_at) + ", flagged only after, on " + format_instant(*c.flagged_at);
      if (c.flagged_at) out += " (" + md::text(basis_text(c.basis)) + ")";
      out += "\n";
    }
  }
  for (const auto& e : r.errors) out += "\n- error: " + md::text(e.str());
  return out;
}

std::string to_csv(const BacktestReport& r) {
  std::string out = "period,accounts,breaches,flagged_ahead,median_days_early,missed,flags,false_flags\n";
  for (const auto& m : r.months) out += csv_row(m);
  return out + csv_row(r.total);
}

}  // namespace vow
