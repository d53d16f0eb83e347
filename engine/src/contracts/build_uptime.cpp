// The uptime term: target, services, how outages of several services
// combine, partial outages, maintenance notice, short outages and the
// contract's own exclude(o).
#include "contracts/build_terms.hpp"
#include "contracts/calls.hpp"
#include "contracts/inherit.hpp"

namespace vow {

bool build_uptime(FieldReader& r, const Definition* own, const Definition* tier, UptimeTerm& u) {
  lua_State* L = r.lua();
  int t = lua_gettop(L);
  if (lua_type(L, t) != LUA_TTABLE) {
    r.error("uptime", "must be a table such as { target = 99.9, services = { \"api\" } }");
    return false;
  }
  bool ok = true;
  // Pushes the key's value, pointing errors at whichever definition wrote it.
  auto sub = [&](const char* key) {
    r.point_at(writer_of(L, own, tier, "uptime", key));
    return rawfield(L, t, key);
  };
  if (sub("target") == LUA_TNIL) {
    r.error("uptime.target", "is required: a percent such as 99.9");
    ok = false;
  } else {
    ok = r.number("uptime.target", u.target, 0, 100, "a percent between 0 and 100, such as 99.9") && ok;
  }
  lua_pop(L, 1);
  if (sub("services") == LUA_TNIL) {
    r.error("uptime.services", "is required: the services the commitment covers, such as { \"api\" }");
    ok = false;
  } else if (r.string_list("uptime.services", u.services) && u.services.empty()) {
    r.error("uptime.services", "must name at least one service");
    ok = false;
  }
  lua_pop(L, 1);
  if (sub("combine") != LUA_TNIL) {
    std::string v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (v != "any" && v != "all") {
      r.error("uptime.combine", "must be \"any\" or \"all\"");
      ok = false;
    }
    u.combine_all = v == "all";
  }
  lua_pop(L, 1);
  if (sub("partial_weight") != LUA_TNIL)
    ok = r.number("uptime.partial_weight", u.partial_weight, 0, 1, "a number from 0 to 1") && ok;
  lua_pop(L, 1);
  if (sub("maintenance_notice") != LUA_TNIL) ok = r.duration("uptime.maintenance_notice", u.maintenance_notice) && ok;
  lua_pop(L, 1);
  if (sub("min_outage") != LUA_TNIL) ok = r.duration("uptime.min_outage", u.min_outage) && ok;
  lua_pop(L, 1);
  if (sub("exclude") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TFUNCTION) {
      r.error("uptime.exclude", "must be a function(o) returning true for outages to leave out");
      ok = false;
    } else {
      u.exclude_fn = keep_function(L, u.exclude_at);
    }
  }
  lua_pop(L, 1);
  r.point_at(own);
  return ok;
}

}  // namespace vow
