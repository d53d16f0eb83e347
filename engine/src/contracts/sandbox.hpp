// The Lua state that contracts run in: only the spec's allow-listed globals,
// an instruction budget and a memory cap on every chunk and every call.
#pragma once

#include <chrono>
#include <cstddef>
#include <lua.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vow {

struct SandboxLimits {
  std::size_t memory_per_call = 64u << 20;  // bytes a chunk or call may add
  std::size_t memory_total = 1024u << 20;   // bytes the whole state may hold
  long instructions_per_call = 50'000'000;  // Lua VM instructions
  int seconds_per_call = 3;                 // wall clock, checked at each hook and call
};

class Sandbox {
 public:
  explicit Sandbox(SandboxLimits limits = {});
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* L() const { return L_; }
  static Sandbox& of(lua_State* L);

  // Pushes the table that every file's environment falls back to; callers
  // add their own helpers to it before loading files.
  void push_base() const;
  // Compiles `source` as text (never bytecode) under `chunkname` and runs it
  // in a fresh environment of its own. Returns false with `error` set.
  bool run_chunk(const std::string& chunkname, std::string_view source, std::string& error);
  // Calls the function below `nargs` arguments on the stack under the
  // budget and cap, leaving `nresults` results. Returns false with `error`.
  bool call(int nargs, int nresults, std::string& error);

  // log() from contracts: lines cut at kMaxLogLine bytes, at most
  // kMaxLogLines lines or kMaxLogBytes in all; the rest counted, not kept.
  void add_log(std::string_view where, std::string_view msg) noexcept;
  std::vector<std::string> log_lines() const;
  bool budget_blown() const { return budget_blown_; }
  // The Lua frames the last failed call() unwound, innermost first, as
  // "\nstack traceback:\n\tFILE:LINE: in ..." lines; empty when the error
  // did not come from running code (memory cap) or the call succeeded.
  const std::string& traceback() const { return traceback_; }

  static constexpr std::size_t kMaxLogLine = 1000, kMaxLogLines = 1000, kMaxLogBytes = 1u << 20;
  // An error message is kept to this many bytes: contracts choose its length.
  static constexpr std::size_t kMaxErrorBytes = 2000;
  // Frames a traceback lists; a deep recursion shows its innermost ones.
  static constexpr int kMaxTracebackFrames = 12;

 private:
  struct Alloc {
    std::size_t used = 0;
    std::size_t limit = 0;
    Sandbox* owner = nullptr;
  };
  static void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize);
  static void hook(lua_State* L, lua_Debug* ar);
  static int on_error(lua_State* L);
  void arm();
  void disarm();

  SandboxLimits limits_;
  Alloc alloc_;
  lua_State* L_ = nullptr;
  long budget_left_ = 0;
  bool budget_blown_ = false, timed_out_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::size_t log_bytes_ = 0, log_dropped_ = 0;
  int base_ref_ = LUA_NOREF;
  std::vector<std::string> log_;
  std::string traceback_;
};

}  // namespace vow
