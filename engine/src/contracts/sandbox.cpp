#include "contracts/sandbox.hpp"

#include <cstdlib>
#include <cstring>

#include "contracts/bounded_library.hpp"
#include "contracts/patterns.hpp"
#include "model/utf8.hpp"

namespace vow {
namespace {

constexpr int kHookEvery = 1000;
// Every call, of a Lua or a C function, also runs the hook and costs this
// much budget: C functions called from C (through metamethods, a sort's
// comparison, a gsub's replacement) run no instructions of their own.
constexpr int kCallCost = 10;
constexpr int kHookMask = LUA_MASKCOUNT | LUA_MASKCALL;
const char* const kBaseAllowed[] = {"assert", "error",  "ipairs",       "next",     "pairs", "pcall",
                                    "xpcall", "select", "tonumber",     "tostring", "type",  "rawequal",
                                    "rawlen", "rawget", "getmetatable", nullptr};

// A table whose reads go to `real` (at index -1) and whose writes fail.
int readonly_newindex(lua_State* L) {
  return luaL_error(L, "cannot assign to field '%s' of a built-in library",
                    lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

void push_readonly_proxy(lua_State* L) {
  lua_newtable(L);  // real proxy
  lua_newtable(L);  // real proxy mt
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, readonly_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_remove(L, -2);
}

// setmetatable without __gc: a finalizer would run outside any call's budget.
int safe_setmetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "the __gc metamethod is not available to contracts");
    lua_pop(L, 1);
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, lua_isnoneornil(L, 2) || lua_istable(L, 2), 2, "nil or table");
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

int log_fn(lua_State* L) {
  size_t n = 0, nw = 0;
  const char* msg = luaL_tolstring(L, 1, &n);
  luaL_where(L, 1);
  const char* where = lua_tolstring(L, -1, &nw);
  Sandbox::of(L).add_log(std::string_view(where, nw), std::string_view(msg, n));
  lua_pop(L, 2);
  return 0;
}

// xpcall whose handler runs after the stack is unwound, with the hook
// armed. Lua's own runs the handler inside the error, where hooks are off:
// a handler that loops would never be stopped.
int safe_xpcall(lua_State* L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_insert(L, 1);  // handler, f, handler, args...
  lua_remove(L, 3);  // handler, f, args...
  int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
  if (Sandbox::of(L).budget_blown()) return lua_error(L);  // the budget is not the contract's to catch
  if (status == LUA_OK) {
    lua_pushboolean(L, 1);
    lua_replace(L, 1);
    return lua_gettop(L);
  }
  lua_pushvalue(L, 1);
  lua_insert(L, -2);  // handler, err
  status = lua_pcall(L, 1, 1, 0);
  if (Sandbox::of(L).budget_blown()) return lua_error(L);
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

// pcall that cannot catch the end of the budget.
int safe_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  if (Sandbox::of(L).budget_blown()) return lua_error(L);
  lua_pushboolean(L, status == LUA_OK);
  lua_insert(L, 1);
  return lua_gettop(L);
}

// Environment of one file: reads fall back to the base table, and a name
// that is nowhere is an error; writes may not shadow a built-in.
int env_index(lua_State* L) {
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  const char* name = lua_tostring(L, 2);
  return luaL_error(L, "undefined global '%s'", name ? name : "?");
}

int env_newindex(lua_State* L) {
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
    const char* name = lua_tostring(L, 2);
    return luaL_error(L, "cannot assign to '%s': it is a built-in helper or library", name ? name : "?");
  }
  lua_pop(L, 1);
  lua_rawset(L, 1);
  return 0;
}

}  // namespace

Sandbox& Sandbox::of(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return *static_cast<Alloc*>(ud)->owner;
}

void* Sandbox::allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* a = static_cast<Alloc*>(ud);
  std::size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    a->used -= old;
    return nullptr;
  }
  if (nsize > old && a->used - old + nsize > a->limit) return nullptr;
  void* p = std::realloc(ptr, nsize);
  if (p) a->used = a->used - old + nsize;
  return p;
}

void Sandbox::add_log(std::string_view where, std::string_view msg) noexcept {
  if (log_.size() >= kMaxLogLines || log_bytes_ >= kMaxLogBytes) {
    ++log_dropped_;
    return;
  }
  try {
    std::string line = printable(std::string(where) + std::string(msg.substr(0, kMaxLogLine)));
    if (msg.size() > kMaxLogLine) line += " [... " + std::to_string(msg.size() - kMaxLogLine) + " bytes cut]";
    log_bytes_ += line.size();
    log_.push_back(std::move(line));
  } catch (...) {
    ++log_dropped_;
  }
}

std::vector<std::string> Sandbox::log_lines() const {
  std::vector<std::string> out = log_;
  if (log_dropped_ > 0)
    out.push_back("(" + std::to_string(log_dropped_) + " more log lines not kept: contracts may log " +
                  std::to_string(kMaxLogLines) + " lines or " + std::to_string(kMaxLogBytes >> 10) + " KiB)");
  return out;
}

void Sandbox::hook(lua_State* L, lua_Debug* event) {
  auto* box = &of(L);
  box->budget_left_ -= event->event == LUA_HOOKCOUNT ? kHookEvery : kCallCost;
  if (box->budget_left_ > 0 && !box->budget_blown_ && std::chrono::steady_clock::now() < box->deadline_) return;
  if (!box->budget_blown_) {
    box->budget_blown_ = true;
    box->timed_out_ = box->budget_left_ > 0;
    // From now on fire at every instruction, so a pcall in the contract
    // cannot swallow the error and carry on.
    lua_sethook(L, hook, kHookMask, 1);
  }
  // The message handler is called while the error unwinds; stopping it
  // would turn every late error into "error in error handling".
  if (event->event == LUA_HOOKCALL && lua_getinfo(L, "f", event)) {
    bool handler = lua_tocfunction(L, -1) == on_error;
    lua_pop(L, 1);
    if (handler) return;
  }
  // No C++ object may be alive here: lua_error longjmps over destructors.
  lua_Debug ar;
  if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
    lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
  else
    lua_pushliteral(L, "");
  if (box->timed_out_)
    lua_pushfstring(L, "time limit of %d s exceeded (an endless loop?)",
                    static_cast<int>(box->limits_.seconds_per_call));
  else
    lua_pushfstring(L, "instruction budget of %d exceeded (an endless loop?)",
                    static_cast<int>(box->limits_.instructions_per_call));
  lua_concat(L, 2);
  lua_error(L);
}

Sandbox::Sandbox(SandboxLimits limits) : limits_(limits) {
  alloc_.limit = limits_.memory_total;
  alloc_.owner = this;
  L_ = lua_newstate(allocate, &alloc_);
  if (!L_) throw std::bad_alloc();
  luaL_requiref(L_, "_G", luaopen_base, 1);
  luaL_requiref(L_, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L_, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L_, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L_, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  lua_settop(L_, 0);

  lua_newtable(L_);  // base
  lua_pushglobaltable(L_);
  for (const char* const* n = kBaseAllowed; *n; ++n) {
    lua_getfield(L_, -1, *n);
    lua_setfield(L_, -3, *n);
  }
  lua_pop(L_, 1);
  lua_pushcfunction(L_, safe_setmetatable);
  lua_setfield(L_, -2, "setmetatable");
  lua_pushcfunction(L_, safe_pcall);
  lua_setfield(L_, -2, "pcall");
  lua_pushcfunction(L_, safe_xpcall);
  lua_setfield(L_, -2, "xpcall");
  lua_pushcfunction(L_, log_fn);
  lua_setfield(L_, -2, "log");

  lua_getglobal(L_, LUA_STRLIBNAME);
  lua_pushnil(L_);
  lua_setfield(L_, -2, "dump");  // bytecode out is as forbidden as bytecode in
  install_bounded_patterns(L_, -1);
  lua_getglobal(L_, LUA_TABLIBNAME);
  install_bounded_library(L_, -2, -1);
  lua_pop(L_, 1);
  push_readonly_proxy(L_);
  lua_setfield(L_, -2, "string");
  for (const char* lib : {LUA_TABLIBNAME, LUA_UTF8LIBNAME}) {
    lua_getglobal(L_, lib);
    push_readonly_proxy(L_);
    lua_setfield(L_, -2, lib);
  }
  lua_newtable(L_);  // math without random
  lua_getglobal(L_, LUA_MATHLIBNAME);
  lua_pushnil(L_);
  while (lua_next(L_, -2)) {
    const char* k = lua_tostring(L_, -2);
    if (std::strcmp(k, "random") != 0 && std::strcmp(k, "randomseed") != 0) {
      lua_pushvalue(L_, -2);
      lua_insert(L_, -2);
      lua_rawset(L_, -5);
    } else {
      lua_pop(L_, 1);
    }
  }
  lua_pop(L_, 1);
  push_readonly_proxy(L_);
  lua_setfield(L_, -2, "math");
  base_ref_ = luaL_ref(L_, LUA_REGISTRYINDEX);

  // Lock the string metatable so getmetatable("") cannot reach it.
  lua_pushliteral(L_, "");
  lua_getmetatable(L_, -1);
  lua_pushboolean(L_, 0);
  lua_setfield(L_, -2, "__metatable");
  lua_pop(L_, 2);

  // Nothing reaches the real globals: empty them.
  lua_newtable(L_);
  lua_rawseti(L_, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_sethook(L_, hook, kHookMask, kHookEvery);
  budget_left_ = 0;
  budget_blown_ = true;  // outside a call no Lua code may run at all
}

Sandbox::~Sandbox() {
  if (L_) lua_close(L_);
}

void Sandbox::push_base() const {
  lua_rawgeti(L_, LUA_REGISTRYINDEX, base_ref_);
}

void Sandbox::arm() {
  traceback_.clear();
  budget_left_ = limits_.instructions_per_call;
  budget_blown_ = false;
  deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(limits_.seconds_per_call);
  lua_sethook(L_, hook, kHookMask, kHookEvery);
  std::size_t cap = alloc_.used + limits_.memory_per_call;
  alloc_.limit = cap < limits_.memory_total ? cap : limits_.memory_total;
}

void Sandbox::disarm() {
  budget_blown_ = true;
  alloc_.limit = limits_.memory_total;
}

// Message handler: runs where the error was raised, before the stack
// unwinds, so it is the one place the frames can be read. It only reads them
// (no Lua allocation, nothing that can raise) and leaves the error object
// as it is: the first line of every message stays what it was.
int Sandbox::on_error(lua_State* L) {
  auto& box = of(L);
  try {
    std::string out;
    lua_Debug ar;
    int shown = 0;
    for (int level = 1; lua_getstack(L, level, &ar); ++level) {
      if (!lua_getinfo(L, "Slnt", &ar) || ar.currentline <= 0) continue;  // C functions have no line
      if (++shown > kMaxTracebackFrames) {
        out += "\n\t...";
        break;
      }
      out += "\n\t" + std::string(ar.short_src) + ":" + std::to_string(ar.currentline) + ": in ";
      if (*ar.namewhat)
        out += "function '" + std::string(ar.name ? ar.name : "?") + "'";
      else if (*ar.what == 'm')
        out += "main chunk";
      else
        out += "function <" + std::string(ar.short_src) + ":" + std::to_string(ar.linedefined) + ">";
      if (ar.istailcall) out += "\n\t(...tail calls...)";  // the caller's frame was reused
    }
    box.traceback_ = out.empty() ? std::string() : "\nstack traceback:" + out;
  } catch (...) {  // no memory for a traceback: the message alone still says where
    box.traceback_.clear();
  }
  return 1;
}

bool Sandbox::call(int nargs, int nresults, std::string& error) {
  int base = lua_gettop(L_) - nargs;  // the function's slot, where the handler goes
  lua_pushcfunction(L_, on_error);
  lua_insert(L_, base);
  arm();
  int rc = lua_pcall(L_, nargs, nresults, base);
  bool blown = budget_blown_;
  disarm();
  lua_remove(L_, base);
  if (rc == LUA_OK && !blown) return true;
  if (rc == LUA_ERRMEM) {
    error = "memory cap of " + std::to_string(limits_.memory_per_call >> 20) + " MiB exceeded";
  } else if (rc != LUA_OK) {
    int type = lua_type(L_, -1);
    size_t n = 0;
    const char* text = type == LUA_TSTRING || type == LUA_TNUMBER ? lua_tolstring(L_, -1, &n) : nullptr;
    error = text ? clip_text(std::string_view(text, n), kMaxErrorBytes)
                 : std::string("error object is a ") + lua_typename(L_, type) + " value";
  } else {
    error = "instruction budget exceeded (an endless loop caught by pcall?)";
  }
  lua_pop(L_, rc == LUA_OK ? nresults : 1);
  return false;
}

bool Sandbox::run_chunk(const std::string& chunkname, std::string_view source, std::string& error) {
  arm();
  int rc = luaL_loadbufferx(L_, source.data(), source.size(), ("@" + chunkname).c_str(), "t");
  disarm();
  if (rc != LUA_OK) {
    error = rc == LUA_ERRMEM ? chunkname + ": memory cap exceeded while compiling" : lua_tostring(L_, -1);
    lua_pop(L_, 1);
    return false;
  }
  lua_newtable(L_);  // env
  lua_newtable(L_);  // env mt
  push_base();
  lua_pushcclosure(L_, env_index, 1);
  lua_setfield(L_, -2, "__index");
  push_base();
  lua_pushcclosure(L_, env_newindex, 1);
  lua_setfield(L_, -2, "__newindex");
  lua_pushboolean(L_, 0);
  lua_setfield(L_, -2, "__metatable");
  lua_setmetatable(L_, -2);
  lua_setupvalue(L_, -2, 1);  // the chunk's _ENV
  return call(0, 0, error);
}

}  // namespace vow
