// The credit term: a function(m) of the contract's own, or a schedule of
// { below = B, percent = P } and { at_most = B, percent = P } rows.
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
  ok = build_clause(r, "credit.clause", lua_gettop(L), cr.clause) && ok;
  // schedule { term = "API", ... } (1.1): which uptime term it reads; "*" each.
  if (rawfield(L, lua_gettop(L), "term") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING) {
      r.error("credit.term", "must be the name of an uptime term, or \"*\" for each term");
      ok = false;
    } else {
      cr.term = lua_tostring(L, -1);
    }
  }
  lua_pop(L, 1);
  for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
    ScheduleRow row;
    std::string f = "credit[" + std::to_string(i) + "]";
    if (lua_type(L, -1) != LUA_TTABLE) {
      r.error(f, "must be a row { below = 99.9, percent = 10 } or { at_most = 99.9, percent = 10 }");
      ok = false;
    } else {
      int t = lua_gettop(L);
      ok = r.known_keys(t, f, kScheduleRowKeys) && ok;
      // The row's bound: below = B (uptime under B) or at_most = B (at or under B).
      bool below = rawfield(L, t, "below") != LUA_TNIL;
      lua_pop(L, 1);
      bool at_most = rawfield(L, t, "at_most") != LUA_TNIL;
      lua_pop(L, 1);
      if (below == at_most) {
        r.error_at(below ? "at_most" : "percent", f,
                   below ? "has both below and at_most: a row has one bound, { below = 99.0, percent = 25 } (uptime "
                           "under 99.0%) or { at_most = 99.9, percent = 10 } (99.9% or under)"
                         : "needs its bound: below = B (uptime under B%) or at_most = B (B% or under), such as "
                           "{ at_most = 99.9, percent = 10 }");
        ok = false;
      } else {
        const char* key = below ? "below" : "at_most";
        rawfield(L, t, key);
        ok = r.number(f + "." + key, row.bound, 0, 100, "a percent of uptime, such as 99.9") && ok;
        lua_pop(L, 1);
        row.inclusive = at_most;
      }
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
