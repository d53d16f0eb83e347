// Reads one `calendar "name" { timezone, hours, holidays }` definition:
// checks it, reporting each problem at the line of its field, and returns
// what could be read. Read once per definition; every contract zone a
// calendar opens in builds its Calendar from the result.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <set>

#include "contracts/contract_set.hpp"
#include "contracts/diagnostics.hpp"
#include "time/calendar.hpp"

namespace vow {

struct CalendarText {
  const Zone* zone = nullptr;  // its own; nullptr: the contract's
  WeeklyHours hours;
  std::set<std::int64_t> holidays;
};

CalendarText read_calendar(lua_State* L, const Definition& d, const ContractSet& lines, DiagnosticSink& sink);

}  // namespace vow
