#include "contracts/bounded_library.hpp"

namespace vow {

int call_original(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

namespace {

int rep(lua_State* L) {
  size_t len = 0, sep = 0;
  luaL_checklstring(L, 1, &len);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &sep);
  if (n > 0 && len + sep == 0) {  // Lua would copy nothing n times
    lua_pushliteral(L, "");
    return 1;
  }
  return call_original(L);
}

int move(lua_State* L) {
  lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
  if (e >= f && (f <= 0 && e > kMaxTableWalk + f - 1 ? true : e - f >= kMaxTableWalk))
    return luaL_error(L, "table.move: at most %d elements may be moved at once", static_cast<int>(kMaxTableWalk));
  return call_original(L);
}

// insert and remove shift every element up to #t, whatever __len says.
int shift(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (luaL_len(L, 1) > kMaxTableWalk)
    return luaL_error(L, "table.%s: the table claims more than %d elements", lua_tostring(L, lua_upvalueindex(2)),
                      static_cast<int>(kMaxTableWalk));
  return call_original(L);
}

void wrap(lua_State* L, int idx, const char* name, lua_CFunction fn) {
  lua_getfield(L, idx, name);
  lua_pushstring(L, name);
  lua_pushcclosure(L, fn, 2);
  lua_setfield(L, idx, name);
}

}  // namespace

void install_bounded_library(lua_State* L, int string_idx, int table_idx) {
  string_idx = lua_absindex(L, string_idx);
  table_idx = lua_absindex(L, table_idx);
  wrap(L, string_idx, "rep", rep);
  wrap(L, table_idx, "move", move);
  wrap(L, table_idx, "insert", shift);
  wrap(L, table_idx, "remove", shift);
}

}  // namespace vow
