// `escalate` (docs/contracts.md): per priority, a step { after = DURATION,
// to = "NAME" } or a list of such steps, in the order they are taken.
#include "contracts/build_terms.hpp"
#include "contracts/fields.hpp"

namespace vow {
namespace {

constexpr const char* kStepHint = "must be a step { after = \"2h\", to = \"NAME\" } or a list of steps";

// One step, its table on top of the stack.
bool build_step(FieldReader& r, const std::string& field, EscalationStep& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE) return r.error(field, kStepHint), false;
  int t = lua_gettop(L);
  bool ok = r.known_keys(t, field, kEscalationStepKeys);
  if (rawfield(L, t, "after") == LUA_TNIL) {
    r.error(field + ".after", "is required: the time after the breach, such as \"0m\" or \"2h\"");
    ok = false;
  } else {
    ok = r.duration(field + ".after", out.after) && ok;
  }
  lua_pop(L, 1);
  if (rawfield(L, t, "to") != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
    r.error(field + ".to", "must name who hears of it, such as \"support-manager\"");
    ok = false;
  } else {
    out.to = lua_tostring(L, -1);
  }
  lua_pop(L, 1);
  return ok;
}

// A priority's value, on top of the stack: a step, or a list of steps and nothing else.
bool build_steps(FieldReader& r, const std::string& field, std::vector<EscalationStep>& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE) return r.error(field, kStepHint), false;
  int t = lua_gettop(L);
  auto n = static_cast<lua_Integer>(lua_rawlen(L, t));
  if (n == 0) return build_step(r, field, out.emplace_back());
  bool ok = true;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > n) {
      r.error(field, std::string(kStepHint) + ", not both");
      ok = false;
    }
  }
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, t, i);
    ok = build_step(r, field + "." + std::to_string(i), out.emplace_back()) && ok;
    lua_pop(L, 1);
  }
  return ok;
}

}  // namespace

bool build_escalate(FieldReader& r, std::map<std::string, std::vector<EscalationStep>>& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE) {
    r.error("escalate", "must map priorities to steps, such as { P1 = { after = \"0m\", to = \"support-manager\" } }");
    return false;
  }
  bool ok = true;
  int t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      r.error("escalate", "keys must be priority names such as P1");
      ok = false;
    } else {
      std::string priority = lua_tostring(L, -2);
      std::vector<EscalationStep>& steps = out[priority];
      steps.clear();
      ok = build_steps(r, "escalate." + priority, steps) && ok;
    }
    lua_pop(L, 1);
  }
  return ok;
}

}  // namespace vow
