#pragma once

#include <optional>
#include <string>

#include "contracts/contract_set.hpp"

namespace vow {

// Metatable name that marks the value of `schedule { ... }`.
inline constexpr const char* kScheduleMeta = "vow.schedule";
// True when the value at `idx` was made by `schedule { ... }`.
bool is_schedule(lua_State* L, int idx);

// Metatable name that marks business_days(n[, "cal"]) and next_business_day().
inline constexpr const char* kBusinessDaysMeta = "vow.business_days";
// When the value at `idx` was made by business_days(...): its count and the
// calendar it named (empty: none).
struct BusinessDays {
  int days = 0;
  std::string calendar;
};
std::optional<BusinessDays> business_days_at(lua_State* L, int idx);

// Adds calendar, tier, contract, schedule, seconds/minutes/hours/days to
// the sandbox's base table.
void install_definitions(ContractSet& set);

}  // namespace vow
