#include "slo/lua_text.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace vow::slo {
namespace {

struct Group {
  Period period;
  std::vector<const Objective*> members;
};

const char* method_name(Method m) {
  return m == Method::Ratio ? "ratio" : m == Method::Timeslices ? "timeslices" : "ratio_timeslices";
}

// Each line of `text` as a comment; a query's own lines keep their indent.
void comment(std::string& out, const std::string& indent, const std::string& text) {
  std::size_t at = 0;
  bool first = true;
  while (at <= text.size()) {
    std::size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (!line.empty() || first) out += indent + "-- " + (first ? "" : "    ") + line + "\n";
    first = false;
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
}

std::string fields(const Objective& o, bool as_uptime) {
  std::string s = "name = " + lua_string(o.name);
  if (as_uptime) {
    // Uptime from an indicator (slis.md): by events with a method, or by
    // time, where bad slices are downtime.
    s += ", target = " + o.target + ", sli = " + lua_string(o.sli);
    if (o.method == Method::Timeslices)
      return s + ", slice = " + lua_string(o.slice) + ", max_error_rate = " + o.max_error_rate;
    s += ", method = " + lua_string(method_name(o.method));
    return o.method == Method::RatioTimeslices ? s + ", slice = " + lua_string(o.slice) : s;
  }
  s += ", sli = " + lua_string(o.sli) + ", target = " + o.target + ", method = " + lua_string(method_name(o.method));
  if (o.method != Method::Ratio) s += ", slice = " + lua_string(o.slice);
  if (o.method == Method::Timeslices) s += ", max_error_rate = " + o.max_error_rate;
  return s;
}

std::string tier_name(const Group& g, bool several, std::size_t index) {
  std::set<std::string> services;
  for (const Objective* o : g.members) services.insert(o->service);
  std::string name = services.size() == 1 && !services.begin()->empty() ? *services.begin() + "-slos" : "imported-slos";
  if (several) {
    name += g.period.commitment == Commitment::Quarter ? "-quarter" : "-month";
    if (!g.period.timezone.empty()) name += "-" + g.period.timezone;
  }
  // The engine holds names to 128 bytes; a long service name must not fail `vow check`.
  return name.size() <= 128 ? name : "imported-slos-" + std::to_string(index + 1);
}

}  // namespace

std::string lua_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", c);  // three digits: a digit after it stays a digit
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string render_lua(const std::vector<Objective>& objectives, bool as_uptime,
                       const std::vector<std::string>& files) {
  if (objectives.empty()) return "";
  std::vector<Group> groups;
  for (const Objective& o : objectives) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.period.commitment == o.period.commitment && g.period.timezone == o.period.timezone;
    });
    if (it == groups.end()) it = groups.insert(groups.end(), Group{o.period, {}});
    it->members.push_back(&o);
  }
  std::string out = "-- Imported by vow import-slo (spec/slis.md, \"Importing SLO definitions\") from:\n";
  for (const std::string& f : files) out += "--   " + f + "\n";
  out += std::string("-- Each ") + (as_uptime ? "uptime term" : "objective") +
         " reads the sli.counted events of its indicator; the comment above it says\n"
         "-- where it came from and what a connector must count. A contract takes these terms\n"
         "-- with tier = \"NAME\", or copy them into its own definition.\n";
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const Group& g = groups[i];
    out += "\ntier " + lua_string(tier_name(g, groups.size() > 1, i)) + " {\n";
    if (g.period.timezone.empty())
      out += "  -- no timezone: the source gives none, so months are cut in each contract's own\n";
    else
      out += "  timezone = " + lua_string(g.period.timezone) + ",\n";
    out += std::string("  commitment = ") + (g.period.commitment == Commitment::Quarter ? "\"quarter\"" : "\"month\"") +
           ",\n";
    out += std::string("  ") + (as_uptime ? "uptime" : "objectives") + " = {\n";
    for (const Objective* o : g.members) {
      for (const std::string& line : o->source) comment(out, "    ", line);
      for (const std::string& line : o->indicator) comment(out, "    ", line);
      out += "    { " + fields(*o, as_uptime) + " },\n";
    }
    out += "  },\n}\n";
  }
  return out;
}

}  // namespace vow::slo
