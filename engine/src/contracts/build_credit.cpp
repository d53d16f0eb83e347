// The credit term: a function(m) of the contract's own, or a schedule of
// { below = B, percent = P } rows.
#include "contracts/build_terms.hpp"
#include "contracts/calls.hpp"
#include "contracts/definitions.hpp"
#include "contracts/fields.hpp"

namespace vow {

bool build_credit(FieldReader& r, CreditTerm& cr) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) == LUA_TFUNCTION) {
    cr.kind = CreditTerm::Kind::Function;
    cr.fn = keep_function(L, cr.at);
    return true;
  }
  if (!is_schedule(L, -1)) {
    r.error("credit", "must be a function(m) or schedule { { below = 99.9, percent = 10 }, ... }");
    return false;
  }
  cr.kind = CreditTerm::Kind::Schedule;
  cr.at = r.line_of("credit");
  bool ok = true;
  rawfield(L, lua_gettop(L), "rows");
  for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
    ScheduleRow row;
    std::string f = "credit[" + std::to_string(i) + "]";
    if (lua_type(L, -1) != LUA_TTABLE) {
      r.error(f, "must be a row { below = 99.9, percent = 10 }");
      ok = false;
    } else {
      int t = lua_gettop(L);
      ok = r.known_keys(t, f, kScheduleRowKeys) && ok;
      rawfield(L, t, "below");
      ok = r.number(f + ".below", row.below, 0, 100, "a percent of uptime, such as 99.9") && ok;
      lua_pop(L, 1);
      rawfield(L, t, "percent");
      ok = r.number(f + ".percent", row.percent, 0, 1e6, "a percent of the monthly fee, such as 10") && ok;
      lua_pop(L, 1);
      cr.rows.push_back(row);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  return ok;
}

}  // namespace vow
