// Tier inheritance (spec/contracts.md) and amendments (terms.md): a
// contract's field overrides its tier's, and an amendment's the contract's;
// where both are tables of a merged field (fields.hpp) they merge key by
// key, one level deep, the upper keys over the lower.
#pragma once

#include <lua.hpp>
#include <vector>

#include "contracts/contract_set.hpp"

namespace vow {

// The texts one version of a contract's terms is read from, lowest first:
// its tier (if any), the contract, then the amendments in force.
using Layers = std::vector<const Definition*>;

// Pushes the value `key` has in `layers`, or nil; returns the definition
// whose value it is (for a merged table, the uppermost that wrote to it),
// or nullptr.
const Definition* push_inherited(lua_State* L, const Layers& layers, const char* key);

}  // namespace vow
