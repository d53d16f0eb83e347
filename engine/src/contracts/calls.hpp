// Calls into contract code at evaluation time, `exclude(o)` and `credit(m)`:
// the Lua implementation of compliance's ContractCalls.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compliance/contract_calls.hpp"
#include "compliance/terms.hpp"
#include "contracts/registry_ref.hpp"
#include "contracts/sandbox.hpp"
#include "vow/report.hpp"

namespace vow {

// A Lua function as the terms hold it (CodeRef): only contracts/ looks inside.
struct LuaCode final : CodeRef::Held {
  explicit LuaCode(RegistryRef r) : ref(std::move(r)) {}
  RegistryRef ref;
};

// Pops the function on top of L's stack into a CodeRef.
inline CodeRef take_code(lua_State* L) {
  return CodeRef(std::make_unique<LuaCode>(RegistryRef::take(L)));
}

// The function on top of L's stack (left there) as a CodeRef, and where it
// is defined in `at`.
inline CodeRef keep_function(lua_State* L, SourceRef& at) {
  lua_Debug ar;
  lua_pushvalue(L, -1);
  lua_getinfo(L, ">S", &ar);
  at = {ar.short_src, ar.linedefined};
  lua_pushvalue(L, -1);
  return take_code(L);
}

// True when the contract's exclude(o) leaves the outage out. Errors are
// returned in `error` ("FILE:LINE: message", then the Lua frames it came
// through as a "stack traceback:") and count as "not excluded".
bool call_exclude(Sandbox& box, const UptimeTerm& term, const OutageView& o, std::string& error);

// Runs a credit function with `m` built from `inputs`; errors as for call_exclude.
std::optional<FormulaOutcome> call_credit(Sandbox& box, const CreditTerm& term, const CreditFigures& inputs,
                                          std::string& error);

// The contracts' Lua functions, in the sandbox that loaded them. One
// lua_State runs one call at a time: queries on several threads take turns
// (docs/adr/0021), and the log lines calls write are read in between.
class LuaCalls final : public ContractCalls {
 public:
  explicit LuaCalls(Sandbox& box) : box_(box) {}
  bool exclude(const Contract&, const UptimeTerm& term, const OutageView& o, std::string& error) override {
    std::lock_guard lock(mu_);
    return call_exclude(box_, term, o, error);
  }
  std::optional<FormulaOutcome> credit(const Contract& c, const CreditFigures& m, std::string& error) override {
    std::lock_guard lock(mu_);
    return call_credit(box_, c.credit, m, error);
  }
  std::vector<std::string> log_lines() const {
    std::lock_guard lock(mu_);
    return box_.log_lines();
  }

 private:
  Sandbox& box_;
  mutable std::mutex mu_;
};

}  // namespace vow
