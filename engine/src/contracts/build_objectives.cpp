// `objectives` (contract language 1.1, slis.md): a list of promises measured
// from an indicator's counts, each with a unique name, an `sli`, a target
// and how it is measured.
#include <set>

#include "compliance/objectives.hpp"
#include "contracts/build_terms.hpp"
#include "contracts/fields.hpp"

namespace vow {
namespace {

constexpr const char* kObjectiveHint =
    "must be an objective such as { name = \"Page load under 3 s\", sli = \"page_load_3s\", target = 95 }";

// The string at key `key` of the table at `t`, required and not empty.
bool required_text(FieldReader& r, int t, const std::string& field, const char* key, const char* hint,
                   std::string& out) {
  lua_State* L = r.lua();
  bool ok = rawfield(L, t, key) == LUA_TSTRING && lua_rawlen(L, -1) > 0;
  if (ok)
    out = lua_tostring(L, -1);
  else
    r.error(field + "." + key, hint);
  lua_pop(L, 1);
  return ok;
}

}  // namespace

bool build_measure(FieldReader& r, int t, const std::string& field, bool method_allowed, SliMeasure& m) {
  lua_State* L = r.lua();
  bool ok = true;
  if (method_allowed && rawfield(L, t, "method") != LUA_TNIL) {
    std::string v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (v == "ratio") {
      m.method = SliMethod::Ratio;
    } else if (v == "timeslices") {
      m.method = SliMethod::Timeslices;
    } else if (v == "ratio_timeslices") {
      m.method = SliMethod::RatioTimeslices;
    } else {
      r.error(field + ".method", "must be \"ratio\", \"timeslices\" or \"ratio_timeslices\"" +
                                     did_you_mean(v, {"ratio", "timeslices", "ratio_timeslices"}));
      lua_pop(L, 1);
      return false;  // what the other keys may be depends on it
    }
  }
  if (method_allowed) lua_pop(L, 1);
  bool sliced = m.method != SliMethod::Ratio;
  bool by_rate = m.method == SliMethod::Timeslices;
  if (rawfield(L, t, "slice") == LUA_TNIL) {
    if (sliced) {
      r.error(field + ".slice", "is required with this method: a duration that divides a day, such as \"1m\"");
      ok = false;
    }
  } else if (!sliced) {
    r.error(field + ".slice", "applies to the methods \"timeslices\" and \"ratio_timeslices\" only");
    ok = false;
  } else if (r.duration(field + ".slice", m.slice)) {
    // At least a minute: a month of finer slices would not fit in memory.
    if (m.slice < 60'000 || m.slice > kDay || kDay % m.slice != 0) {
      r.error(field + ".slice",
              "must be a minute or more that divides a day, such as \"1m\", \"5m\", \"1h\" or \"1d\"");
      ok = false;
    }
  } else {
    ok = false;
  }
  lua_pop(L, 1);
  if (rawfield(L, t, "max_error_rate") == LUA_TNIL) {
    if (by_rate) {
      r.error(field + ".max_error_rate",
              "is required with slices: the percent of failed events that makes a slice "
              "bad, such as 5");
      ok = false;
    }
  } else if (!by_rate) {
    r.error(field + ".max_error_rate", "applies to slices (method \"timeslices\") only");
    ok = false;
  } else if (r.number(field + ".max_error_rate", m.max_error_rate, 0, 100, "a percent from 0 to 100, such as 5")) {
    if (!decimal_fraction(m.max_error_rate, 6, m.rate_num, m.rate_den)) {
      r.error(field + ".max_error_rate", "must have at most 6 decimals");
      ok = false;
    }
  } else {
    ok = false;
  }
  lua_pop(L, 1);
  if (rawfield(L, t, "min_total") != LUA_TNIL) {
    double v = 0;
    if (!by_rate) {
      r.error(field + ".min_total", "applies to slices (method \"timeslices\") only");
      ok = false;
    } else if (!r.number(field + ".min_total", v, 1, 1e15, "a whole number, 1 or more, such as 100") ||
               v != static_cast<double>(static_cast<std::int64_t>(v))) {
      if (v != 0) r.error(field + ".min_total", "must be a whole number, 1 or more, such as 100");
      ok = false;
    } else {
      m.min_total = static_cast<std::int64_t>(v);
    }
  }
  lua_pop(L, 1);
  return ok;
}

bool build_objectives(FieldReader& r, std::vector<Objective>& out) {
  lua_State* L = r.lua();
  constexpr const char* hint =
      "must be a list of objectives such as { { name = \"Page load under 3 s\", sli = \"page_load_3s\", target = 95 } "
      "}";
  if (lua_type(L, -1) != LUA_TTABLE) return r.error("objectives", hint), false;
  int list = lua_gettop(L);
  auto n = static_cast<lua_Integer>(lua_rawlen(L, list));
  // A key other than 1..n: an objective written without the list's braces.
  lua_pushnil(L);
  while (lua_next(L, list)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > n) {
      lua_pop(L, 1);
      return r.error("objectives", std::string(hint) + " (one objective needs braces around it too)"), false;
    }
  }
  bool ok = true;
  std::set<std::string> names;
  int after = 0;  // the line of the last objective found
  for (lua_Integer i = 1; i <= n; ++i) {
    std::string field = "objectives." + std::to_string(i);
    lua_rawgeti(L, list, i);
    if (lua_type(L, -1) != LUA_TTABLE) {
      r.error(field, kObjectiveHint);
      ok = false;
      lua_pop(L, 1);
      continue;
    }
    int t = lua_gettop(L);
    Objective o;
    // Each objective's keys are looked for from its own line on: they all write `sli`, `target`.
    const Definition* origin = r.origin();
    if (rawfield(L, t, "name") == LUA_TSTRING)
      if (int line = r.line_of_value("name", "\"" + std::string(lua_tostring(L, -1)) + "\"", after + 1)) after = line;
    lua_pop(L, 1);
    r.point_at(origin, after);
    bool good = r.known_keys(t, field, kObjectiveKeys);
    good = required_text(r, t, field, "name", "is required: a name unique in the contract, such as \"Page load\"",
                         o.name) &&
           good;
    if (!o.name.empty() && !names.insert(o.name).second) {
      r.error(field + ".name", ": " + quote(o.name) + " names another objective too; each needs its own name");
      good = false;
    }
    good =
        required_text(r, t, field, "sli", "is required: the indicator's name in sli.counted events", o.measure.sli) &&
        good;
    if (rawfield(L, t, "target") == LUA_TNIL) {
      r.error(field + ".target", "is required: a percent such as 95");
      good = false;
    } else if (!r.number(field + ".target", o.target, 0, 100, "a percent between 0 and 100, such as 95")) {
      good = false;
    } else if (!decimal_fraction(o.target, 6, o.target_num, o.target_den)) {
      r.error(field + ".target", "must have at most 6 decimals, such as 99.95");
      good = false;
    }
    lua_pop(L, 1);
    good = build_measure(r, t, field, true, o.measure) && good;
    good = build_clause(r, field + ".clause", t, o.clause) && good;
    if (good) out.push_back(std::move(o));
    ok = ok && good;
    r.point_at(origin);
    lua_pop(L, 1);
  }
  return ok;
}

}  // namespace vow
