// `burn_alerts` (docs/contracts.md): a list of burn-rate rules { long =
// DURATION, short = DURATION, factor = NUMBER, severity = "NAME" }. The
// contract's list replaces the tier's whole; an empty one switches them off.
#include "contracts/build_terms.hpp"
#include "contracts/fields.hpp"

namespace vow {
namespace {

constexpr const char* kListHint =
    "must be a list of rules such as { { long = \"1h\", short = \"5m\", factor = 14.4, severity = \"page\" } }, "
    "or {} for none";

bool window(FieldReader& r, int t, const std::string& field, const char* key, Millis& out) {
  lua_State* L = r.lua();
  bool ok;
  if (rawfield(L, t, key) == LUA_TNIL) {
    r.error(field + "." + key, "is required: a duration such as \"1h\" or \"5m\"");
    ok = false;
  } else {
    ok = r.duration(field + "." + key, out);
    if (ok && out <= 0) {
      r.error(field + "." + key, "must be longer than 0s");
      ok = false;
    }
  }
  lua_pop(L, 1);
  return ok;
}

// One rule, its table on top of the stack.
bool build_rule(FieldReader& r, const std::string& field, BurnRule& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE)
    return r.error(field, "must be a rule { long = \"1h\", short = \"5m\", factor = 14.4, severity = \"page\" }"),
           false;
  int t = lua_gettop(L);
  bool ok = r.known_keys(t, field, kBurnRuleKeys);
  bool windows = window(r, t, field, "long", out.long_window);
  windows = window(r, t, field, "short", out.short_window) && windows;
  if (windows && out.long_window < out.short_window) {
    r.error(field + ".long", "must not be shorter than " + field + ".short");
    ok = false;
  }
  ok = windows && ok;
  if (rawfield(L, t, "factor") == LUA_TNIL) {
    r.error(field + ".factor", "is required: how many times the budget's even pace, such as 14.4");
    ok = false;
  } else if (!r.number(field + ".factor", out.factor, 0, 1e9, "a number above 0, such as 14.4")) {
    ok = false;
  } else if (out.factor <= 0) {
    r.error(field + ".factor", "must be a number above 0, such as 14.4");
    ok = false;
  }
  lua_pop(L, 1);
  if (rawfield(L, t, "severity") != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
    r.error(field + ".severity", "must be a non-empty string such as \"page\" or \"ticket\"");
    ok = false;
  } else {
    out.severity = lua_tostring(L, -1);
  }
  lua_pop(L, 1);
  return ok;
}

}  // namespace

bool build_burn_alerts(FieldReader& r, std::vector<BurnRule>& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE) return r.error("burn_alerts", kListHint), false;
  int t = lua_gettop(L);
  auto n = static_cast<lua_Integer>(lua_rawlen(L, t));
  bool ok = true;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > n) {
      r.error("burn_alerts", kListHint);
      ok = false;
      lua_pop(L, 1);
      break;
    }
  }
  out.clear();
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, t, i);
    ok = build_rule(r, "burn_alerts." + std::to_string(i), out.emplace_back()) && ok;
    lua_pop(L, 1);
  }
  return ok;
}

}  // namespace vow
