#pragma once

#include "contracts/contract_set.hpp"

namespace vow {

// Metatable name that marks the value of `schedule { ... }`.
inline constexpr const char* kScheduleMeta = "vow.schedule";
// True when the value at `idx` was made by `schedule { ... }`.
bool is_schedule(lua_State* L, int idx);

// Adds calendar, tier, contract, schedule, seconds/minutes/hours/days to
// the sandbox's base table.
void install_definitions(ContractSet& set);

}  // namespace vow
