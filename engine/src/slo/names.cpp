#include "slo/names.hpp"

#include <cctype>
#include <map>
#include <set>

namespace vow::slo {
namespace {

// An uptime term's name: letters, digits, spaces, _ . - (terms.md).
std::string term_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name) out += std::isalnum(c) || c == ' ' || c == '_' || c == '.' || c == '-' ? c : '-';
  return out.empty() ? "uptime" : out;
}

std::string origin(const Objective& o) {
  return o.source.empty() ? o.place.file : o.source.front();
}

}  // namespace

void settle_names(std::vector<Objective>& objectives, bool as_uptime, ImportResult& out) {
  std::map<std::string, const Objective*> names;
  std::map<std::string, const Objective*> indicators;
  std::set<std::pair<std::string, std::string>> warned;
  for (Objective& o : objectives) {
    if (as_uptime) o.name = term_name(o.name);
    std::string base = o.name;
    for (int n = 2; names.count(o.name); ++n) o.name = base + "-" + std::to_string(n);
    if (o.name != base)
      out.warnings.push_back(
          {o.place, "",
           "the name \"" + base + "\" is taken by " + origin(*names[base]) + ": this one is \"" + o.name + "\""});
    names[o.name] = &o;
    auto [it, fresh] = indicators.try_emplace(o.sli, &o);
    if (fresh || it->second->definition == o.definition) continue;
    if (!warned.insert({origin(*it->second), origin(o)}).second) continue;
    out.warnings.push_back({o.place, "",
                            "indicator \"" + o.sli + "\" is defined differently by " + origin(*it->second) +
                                ": both objectives read the same sli.counted events"});
  }
}

}  // namespace vow::slo
