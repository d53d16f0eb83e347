// Small formatting helpers shared by the Markdown and CSV renderers.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace vow::fmt {

inline std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

inline std::string percent(std::optional<double> rate) {
  return rate ? fixed(*rate * 100, 1) + "%" : "n/a";
}

inline std::string duration(double seconds) {
  long long s = static_cast<long long>(seconds);
  char buf[64];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, s / 60 % 60);
  else
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  return buf;
}

// A text cell (numbers Vow formats are written as they are): RFC 4180
// quoting, and a cell a spreadsheet would run as a formula is neutralised
// as OWASP recommends, with a leading ' and quotes (ADR 0010).
inline std::string csv(const std::string& v) {
  bool formula = !v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos;
  if (!formula && v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = formula ? "\"'" : "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace vow::fmt
