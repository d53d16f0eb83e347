// The communications term: when an incident's first notice, its updates
// and its postmortem are due.
#include <utility>

#include "contracts/build_terms.hpp"
#include "contracts/calendar_lookup.hpp"
#include "contracts/definitions.hpp"

namespace vow {

namespace {

// One wait, its value on top of the stack.
bool build_wait(FieldReader& r, CalendarLookup& calendars, const std::string& field,
                const std::string& default_calendar, const Zone* zone, Wait& out) {
  auto days = business_days_at(r.lua(), -1);
  if (!days) return r.duration(field, out.length);
  out.business_days = days->days;
  out.zone = zone;
  out.calendar = calendars.find(r, field, days->calendar.empty() ? default_calendar : days->calendar, zone);
  return out.calendar != nullptr;
}

}  // namespace

bool build_communications(FieldReader& r, CalendarLookup& calendars, const std::string& default_calendar,
                          const Zone* zone, std::optional<Communications>& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE)
    return r.error("communications", "must be a table such as { initial = minutes(15) }"), false;
  out.emplace();
  bool ok = true;
  for (auto [key, slot] : {std::pair{"initial", &out->initial}, std::pair{"update_every", &out->update_every},
                           std::pair{"postmortem", &out->postmortem}}) {
    if (rawfield(L, lua_gettop(L), key) != LUA_TNIL) {
      Wait w;
      if (build_wait(r, calendars, std::string("communications.") + key, default_calendar, zone, w))
        *slot = w;
      else
        ok = false;
    }
    lua_pop(L, 1);
  }
  ok = build_clause(r, "communications.clause", lua_gettop(L), out->clause) && ok;
  return ok;
}

}  // namespace vow
