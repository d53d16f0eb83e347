// Library functions whose loops in C depend on a number the contract
// chooses rather than on memory it holds: string.rep of an empty string
// copies nothing 2^63 times; table.move, insert and remove walk whatever
// range or length (a __len metamethod's answer) they are given. No hook
// fires in those loops, so the numbers are bounded before the call.
#pragma once

#include <lua.hpp>

namespace vow {

// Elements a table function may walk in one call: more than any contract
// holds within its memory cap, and a few tenths of a second of work.
constexpr lua_Integer kMaxTableWalk = 10'000'000;

// For wrappers whose upvalue 1 is the library function they stand before:
// calls it with every argument and returns all it returns.
int call_original(lua_State* L);

// Replaces rep in the string table at `string_idx`, and move, insert and
// remove in the table library at `table_idx`.
void install_bounded_library(lua_State* L, int string_idx, int table_idx);

}  // namespace vow
