#include "contracts/inherit.hpp"

#include "contracts/definitions.hpp"
#include "contracts/field_reader.hpp"
#include "contracts/fields.hpp"

namespace vow {
namespace {

// Copies every key of the table at `from` into the table at `to`.
void copy_keys(lua_State* L, int from, int to) {
  lua_pushnil(L);
  while (lua_next(L, from)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, to);
  }
}

}  // namespace

const Definition* push_inherited(lua_State* L, const Layers& layers, const char* key) {
  const FieldSpec* spec = contract_field(key);
  const bool merged = spec && spec->merged;
  lua_pushnil(L);
  const Definition* from = nullptr;
  for (const Definition* d : layers) {
    if (!d) continue;
    d->table.push(L);
    int type = rawfield(L, lua_gettop(L), key);
    lua_remove(L, -2);
    // stack: so_far value
    if (type == LUA_TNIL) {
      lua_pop(L, 1);
      continue;
    }
    if (merged && type == LUA_TTABLE && lua_type(L, -2) == LUA_TTABLE && !is_schedule(L, -1)) {
      int so_far = lua_gettop(L) - 1, value = so_far + 1;
      lua_newtable(L);
      copy_keys(L, so_far, value + 1);
      copy_keys(L, value, value + 1);
      lua_replace(L, so_far);
      lua_pop(L, 1);
    } else {
      lua_remove(L, -2);
    }
    from = d;
  }
  return from;
}

}  // namespace vow
