// string.find, match, gmatch and gsub bounded in time. Lua's matcher runs in
// C, where the instruction hook never fires, and backtracks: a pattern such
// as ".-.-.-b" costs n^k steps on n bytes. Before each call the wrappers
// bound that cost from the pattern and the subject and refuse what could
// run past the budget; what they let through runs in Lua's own matcher.
#pragma once

#include <lua.hpp>
#include <string_view>

namespace vow {

// An upper bound on the matcher's steps for `pattern` over `subject`
// (every start position tried), or a negative value when the pattern is
// malformed. Saturates rather than overflowing.
double pattern_cost(std::string_view subject, std::string_view pattern, bool anchored_allowed);

// Steps a call may take: about a tenth of a second of Lua's matcher.
constexpr double kPatternBudget = 1e8;

// Replaces find, match, gmatch and gsub in the string library table at `idx`.
void install_bounded_patterns(lua_State* L, int idx);

}  // namespace vow
