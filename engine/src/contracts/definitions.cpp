// The Lua side of the contract language: calendar "x" {...}, tier, contract,
// schedule, and the duration helpers, as C functions in the sandbox's base.
#include "contracts/definitions.hpp"

#include "model/utf8.hpp"

namespace vow {
namespace {

const char* const kKindNames[] = {"calendar", "tier", "contract"};
constexpr size_t kMaxNameBytes = 128;

ContractSet& set_of(lua_State* L) {
  return *static_cast<ContractSet*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// Second step of `contract "id" { ... }`: receives the table.
int define_body(lua_State* L) {
  auto kind = static_cast<Definition::Kind>(lua_tointeger(L, lua_upvalueindex(2)));
  const char* name = lua_tostring(L, lua_upvalueindex(3));
  if (lua_type(L, 1) != LUA_TTABLE)
    return luaL_error(L, "%s \"%s\" needs a table of fields: %s \"%s\" { ... }", kKindNames[static_cast<int>(kind)],
                      name, kKindNames[static_cast<int>(kind)], name);
  // Everything that may raise comes before the first C++ object.
  lua_pushvalue(L, 1);
  auto ref = RegistryRef::take(L);
  lua_Debug ar;
  bool located = lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar);
  set_of(L).record(
      Definition{kind, name, SourceRef{located ? ar.short_src : "?", located ? ar.currentline : 0}, std::move(ref)});
  return 0;
}

int define(lua_State* L) {
  auto kind = static_cast<int>(lua_tointeger(L, lua_upvalueindex(2)));
  if (lua_type(L, 1) != LUA_TSTRING || lua_rawlen(L, 1) == 0)
    return luaL_error(L, "%s needs a name first: %s \"name\" { ... }", kKindNames[kind], kKindNames[kind]);
  if (!valid_utf8(std::string_view(lua_tostring(L, 1), lua_rawlen(L, 1))))
    return luaL_error(L, "%s name is not valid UTF-8 text", kKindNames[kind]);
  // A contract's id is part of event ids (vow:credit:ID:PERIOD:SINK, 256 bytes at most).
  if (lua_rawlen(L, 1) > kMaxNameBytes)
    return luaL_error(L, "%s name is %d bytes; at most %d are allowed", kKindNames[kind],
                      static_cast<int>(lua_rawlen(L, 1)), static_cast<int>(kMaxNameBytes));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushinteger(L, kind);
  lua_pushvalue(L, 1);
  lua_pushcclosure(L, define_body, 3);
  return 1;
}

int schedule(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_newtable(L);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "rows");
  luaL_setmetatable(L, kScheduleMeta);
  return 1;
}

// business_days(n[, "calendar"]) (contract language 1.1): a wait whose
// length depends on when it starts, read by the term that holds it.
int business_days(lua_State* L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  luaL_argcheck(L, n >= 1 && n <= 366, 1, "a count of business days from 1 to 366");
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TSTRING);
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, n);
  lua_setfield(L, -2, "days");
  if (lua_type(L, 2) == LUA_TSTRING) {
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "calendar");
  }
  luaL_setmetatable(L, kBusinessDaysMeta);
  return 1;
}

int next_business_day(lua_State* L) {
  if (lua_gettop(L) > 0)
    return luaL_error(L, "next_business_day() takes no argument: business_days(1, \"calendar\") names a calendar");
  lua_pushinteger(L, 1);
  return business_days(L);
}

template <int Scale>
int duration(lua_State* L) {
  lua_Number n = luaL_checknumber(L, 1);
  luaL_argcheck(L, n >= 0, 1, "a duration cannot be negative");
  lua_pushnumber(L, n * Scale);
  return 1;
}

// Whether the value at `idx` is a table made by the helper that sets `meta`.
bool made_with(lua_State* L, int idx, const char* meta) {
  if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return false;
  luaL_getmetatable(L, meta);
  bool yes = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return yes;
}

}  // namespace

bool is_schedule(lua_State* L, int idx) {
  return made_with(L, idx, kScheduleMeta);
}

std::optional<BusinessDays> business_days_at(lua_State* L, int idx) {
  if (!made_with(L, idx, kBusinessDaysMeta)) return std::nullopt;
  idx = lua_absindex(L, idx);
  BusinessDays out;
  lua_getfield(L, idx, "days");
  out.days = static_cast<int>(lua_tointeger(L, -1));
  lua_getfield(L, idx, "calendar");
  if (lua_type(L, -1) == LUA_TSTRING) out.calendar = lua_tostring(L, -1);
  lua_pop(L, 2);
  return out;
}

void install_definitions(ContractSet& set) {
  lua_State* L = set.sandbox().L();
  for (const char* meta : {kScheduleMeta, kBusinessDaysMeta}) {
    luaL_newmetatable(L, meta);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  set.sandbox().push_base();
  for (int kind = 0; kind < 3; ++kind) {
    lua_pushlightuserdata(L, &set);
    lua_pushinteger(L, kind);
    lua_pushcclosure(L, define, 2);
    lua_setfield(L, -2, kKindNames[kind]);
  }
  lua_pushcfunction(L, schedule);
  lua_setfield(L, -2, "schedule");
  lua_pushcfunction(L, business_days);
  lua_setfield(L, -2, "business_days");
  lua_pushcfunction(L, next_business_day);
  lua_setfield(L, -2, "next_business_day");
  lua_pushcfunction(L, duration<1>);
  lua_setfield(L, -2, "seconds");
  lua_pushcfunction(L, duration<60>);
  lua_setfield(L, -2, "minutes");
  lua_pushcfunction(L, duration<3600>);
  lua_setfield(L, -2, "hours");
  lua_pushcfunction(L, duration<86400>);
  lua_setfield(L, -2, "days");
  lua_pop(L, 1);
}

}  // namespace vow
