// Ticket targets: `response` and `resolution` map priorities to a duration
// or { target = DURATION, calendar = "NAME" }; `calendar` is the calendar
// of every target that names none.
#include "contracts/build_terms.hpp"
#include "contracts/definitions.hpp"
#include "contracts/fields.hpp"

namespace vow {

bool build_default_calendar(FieldReader& r, CalendarLookup& calendars, const Zone* zone, std::string& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TSTRING) return r.error("calendar", "must be a calendar name"), false;
  out = lua_tostring(L, -1);
  return calendars.find(r, "calendar", out, zone) != nullptr;
}

namespace {

// A target's length, its value on top of the stack: a duration, or (1.1)
// business_days(n[, "cal"]), whose calendar is the target's.
bool build_length(FieldReader& r, const std::string& field, Target& out, std::string& calendar, bool calendar_named) {
  auto days = business_days_at(r.lua(), -1);
  if (!days) return r.duration(field, out.target);
  out.business_days = days->days;
  if (days->calendar.empty()) return true;
  if (calendar_named && calendar != days->calendar)
    // At the priority's line: `target` is too common a key to find its own.
    return r.error(field.substr(0, field.rfind('.')), "names calendar \"" + days->calendar + "\" in its target and \"" +
                                                          calendar + "\" in its table: name one"),
           false;
  calendar = days->calendar;
  return true;
}

// One priority's target, its value on top of the stack.
bool build_target(FieldReader& r, const std::string& field, Target& out, std::string& calendar) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE || business_days_at(L, -1)) return build_length(r, field, out, calendar, false);
  int t = lua_gettop(L);
  bool ok = r.known_keys(t, field, kTargetKeys);
  bool named = false;
  if (rawfield(L, t, "calendar") != LUA_TNIL) {
    if (lua_type(L, -1) == LUA_TSTRING) {
      calendar = lua_tostring(L, -1);
      named = true;
    } else {
      r.error(field + ".calendar", "must be a calendar name");
      ok = false;
    }
  }
  lua_pop(L, 1);
  ok = build_clause(r, field + ".clause", t, out.clause) && ok;
  if (rawfield(L, t, "target") == LUA_TNIL) {
    r.error(field + ".target", "is required: { target = hours(8), calendar = \"...\" }");
    ok = false;
  } else {
    ok = build_length(r, field + ".target", out, calendar, named) && ok;
  }
  lua_pop(L, 1);
  return ok;
}

}  // namespace

bool build_targets(FieldReader& r, CalendarLookup& calendars, const std::string& field,
                   std::map<std::string, Target>& out, const std::string& default_calendar, const Zone* zone) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE) {
    r.error(field, "must map priorities to targets, such as { P1 = hours(4) }");
    return false;
  }
  bool ok = true;
  int t = lua_gettop(L);
  // `clause` (1.1) is the metric's, for each priority that names none.
  std::optional<std::string> clause;
  ok = build_clause(r, field + ".clause", t, clause) && ok;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      r.error(field, "keys must be priority names such as P1");
      ok = false;
      lua_pop(L, 1);
      continue;
    }
    std::string priority = lua_tostring(L, -2);
    if (priority == "clause") {
      lua_pop(L, 1);
      continue;
    }
    std::string sub = field + "." + priority;
    Target target;
    std::string calendar = default_calendar;
    ok = build_target(r, sub, target, calendar) && ok;
    target.calendar_name = calendar;
    target.calendar = calendars.find(r, sub, calendar, zone);
    target.zone = zone;
    if (!target.calendar) ok = false;
    if (!target.clause) target.clause = clause;
    out[priority] = target;
    lua_pop(L, 1);
  }
  return ok;
}

}  // namespace vow
