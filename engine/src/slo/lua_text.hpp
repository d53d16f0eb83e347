// Writing converted objectives as a Vow rules file: one tier per period
// and time zone, since a contract has one of each.
#pragma once

#include <string>
#include <vector>

#include "slo/model.hpp"

namespace vow::slo {

// Objectives (or, with `as_uptime`, uptime terms) as Lua that `vow check`
// accepts in a rules folder; `files` are named in its heading.
std::string render_lua(const std::vector<Objective>& objectives, bool as_uptime, const std::vector<std::string>& files);

// A Lua string literal.
std::string lua_string(const std::string& s);

}  // namespace vow::slo
