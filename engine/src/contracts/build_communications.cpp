// The communications term: when an incident's first notice, its updates
// and its postmortem are due.
#include <utility>

#include "contracts/build_terms.hpp"

namespace vow {

bool build_communications(FieldReader& r, std::optional<Communications>& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE)
    return r.error("communications", "must be a table such as { initial = minutes(15) }"), false;
  out.emplace();
  bool ok = true;
  for (auto [key, slot] : {std::pair{"initial", &out->initial}, std::pair{"update_every", &out->update_every},
                           std::pair{"postmortem", &out->postmortem}}) {
    if (rawfield(L, lua_gettop(L), key) != LUA_TNIL) {
      Millis m;
      if (r.duration(std::string("communications.") + key, m))
        *slot = m;
      else
        ok = false;
    }
    lua_pop(L, 1);
  }
  ok = build_clause(r, "communications.clause", lua_gettop(L), out->clause) && ok;
  return ok;
}

}  // namespace vow
