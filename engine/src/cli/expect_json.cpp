#include "cli/expect_json.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace vow::cli {
namespace {

using J = nlohmann::json;

std::string shown(const J& v) {
  std::string text = v.dump();
  return text.size() > 120 ? text.substr(0, 117) + "..." : text;
}

bool same_number(const J& e, const J& a) {
  if (!a.is_number()) return false;
  double x = e.get<double>(), y = a.get<double>();
  return std::fabs(y - x) <= 1e-6 * std::max(1.0, std::fabs(x));
}

}  // namespace

void compare_json(const J& expected, const J& actual, const std::string& path, std::vector<Mismatch>& out) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      out.push_back({path, "expected an object, got " + shown(actual)});
      return;
    }
    for (const auto& [key, want] : expected.items()) {
      std::string at = path + "." + key;
      // Problems are listed by event id: each expected one must be there.
      if (key == "problems" && want.is_array()) {
        std::set<std::string> listed;
        if (auto it = actual.find(key); it != actual.end() && it->is_array())
          for (const J& p : *it)
            if (p.is_object() && p.contains("event") && p["event"].is_string()) listed.insert(p["event"]);
        for (const J& p : want)
          if (p.is_object() && p.contains("event") && p["event"].is_string() && !listed.count(p["event"]))
            out.push_back({at, "event " + p["event"].get<std::string>() + " is not listed"});
        continue;
      }
      auto it = actual.find(key);
      if (it == actual.end()) {
        out.push_back({at, "missing"});
        continue;
      }
      compare_json(want, *it, at, out);
    }
  } else if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      out.push_back({path, "expected " + std::to_string(expected.size()) + " items, got " +
                               (actual.is_array() ? std::to_string(actual.size()) : shown(actual))});
      return;
    }
    for (std::size_t i = 0; i < expected.size(); ++i)
      compare_json(expected[i], actual[i], path + "[" + std::to_string(i) + "]", out);
  } else if (expected.is_number()) {
    if (!same_number(expected, actual)) out.push_back({path, "expected " + shown(expected) + ", got " + shown(actual)});
  } else if (expected != actual) {
    out.push_back({path, "expected " + shown(expected) + ", got " + shown(actual)});
  }
}

}  // namespace vow::cli
