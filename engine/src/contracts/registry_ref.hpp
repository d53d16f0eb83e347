// A Lua value held in the registry for exactly as long as this object
// (Neovim's binding layer does the same with its LuaRef): taken with
// luaL_ref, given back with luaL_unref. Contracts that fail to build and the
// scratch checks of unused tiers so give back what they took, and nothing
// reads a slot after its owner is gone. Move-only: one owner per slot.
// Must not outlive its lua_State: ContractSet declares the sandbox first,
// so the terms holding these are destroyed before the state is closed.
#pragma once

#include <lua.hpp>
#include <utility>

namespace vow {

class RegistryRef {
 public:
  RegistryRef() = default;
  // Pops the value on top of L's stack into the registry (nil takes no slot).
  static RegistryRef take(lua_State* L) { return RegistryRef(L, luaL_ref(L, LUA_REGISTRYINDEX)); }
  ~RegistryRef() { reset(); }
  RegistryRef(RegistryRef&& o) noexcept : L_(o.L_), ref_(std::exchange(o.ref_, LUA_NOREF)) {}
  RegistryRef& operator=(RegistryRef&& o) noexcept {
    if (this != &o) {
      reset();
      L_ = o.L_;
      ref_ = std::exchange(o.ref_, LUA_NOREF);
    }
    return *this;
  }
  RegistryRef(const RegistryRef&) = delete;
  RegistryRef& operator=(const RegistryRef&) = delete;

  explicit operator bool() const { return ref_ != LUA_NOREF && ref_ != LUA_REFNIL; }
  // Pushes the value (nil when empty); returns its Lua type.
  int push(lua_State* L) const { return lua_rawgeti(L, LUA_REGISTRYINDEX, ref_); }

 private:
  RegistryRef(lua_State* L, int ref) : L_(L), ref_(ref) {}
  // luaL_unref only writes to slots the registry already has: it cannot
  // raise, so it is safe outside a protected call.
  void reset() {
    if (L_ && ref_ != LUA_NOREF) luaL_unref(L_, LUA_REGISTRYINDEX, ref_);
    ref_ = LUA_NOREF;
  }

  lua_State* L_ = nullptr;
  int ref_ = LUA_NOREF;
};

}  // namespace vow
