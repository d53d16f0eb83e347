// Small formatting helpers shared by the Markdown and CSV renderers.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

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

// RFC 4180: quote when needed, double the quotes.
inline std::string csv(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace vow::fmt
