#include "contracts/inherit.hpp"

#include "contracts/definitions.hpp"
#include "contracts/field_reader.hpp"
#include "contracts/fields.hpp"

namespace vow {

const Definition* push_inherited(lua_State* L, const Definition* own, const Definition* tier, const char* key) {
  int own_type = LUA_TNIL, tier_type = LUA_TNIL;
  if (own) {
    own->table.push(L);
    own_type = rawfield(L, lua_gettop(L), key);
    lua_remove(L, -2);
  } else {
    lua_pushnil(L);
  }
  if (tier && tier != own) {
    tier->table.push(L);
    tier_type = rawfield(L, lua_gettop(L), key);
    lua_remove(L, -2);
  } else {
    lua_pushnil(L);
  }
  // stack: own_value tier_value
  if (own_type == LUA_TTABLE && tier_type == LUA_TTABLE && contract_field(key) && contract_field(key)->merged &&
      !is_schedule(L, -2)) {
    lua_newtable(L);
    for (int src : {-2, -3}) {  // tier first, then the contract's own keys over it
      lua_pushnil(L);
      while (lua_next(L, src - 1)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
      }
    }
    lua_insert(L, -3);
    lua_pop(L, 2);
    return own;
  }
  if (own_type != LUA_TNIL) {
    lua_pop(L, 1);
    return own;
  }
  lua_remove(L, -2);
  return tier_type != LUA_TNIL ? tier : nullptr;
}

const Definition* writer_of(lua_State* L, const Definition* own, const Definition* tier, const char* field,
                            const char* key) {
  if (!tier || own == tier) return own;
  own->table.push(L);
  bool mine = false;
  if (rawfield(L, lua_gettop(L), field) == LUA_TTABLE) {
    mine = rawfield(L, lua_gettop(L), key) != LUA_TNIL;
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  return mine ? own : tier;
}

}  // namespace vow
