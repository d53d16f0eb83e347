// The checks every definition gets before its values are read: names
// defined twice, fields no definition of its kind knows (with the nearest
// known name), and text that is not UTF-8 or too long to keep.
#pragma once

#include <lua.hpp>
#include <vector>

#include "contracts/contract_set.hpp"
#include "contracts/diagnostics.hpp"

namespace vow {

void check_duplicates(const std::vector<Definition>& definitions, DiagnosticSink& sink);
// False when some text of `d` was refused: its values are then never copied out of Lua.
bool check_fields(lua_State* L, const Definition& d, const ContractSet& lines, DiagnosticSink& sink);

}  // namespace vow
