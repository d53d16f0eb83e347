// Tier inheritance (spec/contracts.md): a contract's field overrides its
// tier's; where both are tables of a merged field (fields.hpp) they merge
// key by key, one level deep, the contract's keys over the tier's.
#pragma once

#include <lua.hpp>

#include "contracts/contract_set.hpp"

namespace vow {

// Pushes the value `key` has for a contract with its own definition `own`
// and its tier `tier` (either may be nullptr), or nil; returns the
// definition whose value it is (for a merged table, `own`), or nullptr.
const Definition* push_inherited(lua_State* L, const Definition* own, const Definition* tier, const char* key);

// Which of `own` and `tier` wrote `key` of the merged table `field`: `own`
// unless only the tier did. Errors about the key point into that one's text.
const Definition* writer_of(lua_State* L, const Definition* own, const Definition* tier, const char* field,
                            const char* key);

}  // namespace vow
