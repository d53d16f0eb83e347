// The calendars contracts name: each definition read once (calendar_reader),
// then one Calendar per zone it opens in, kept in the ContractSet's store
// for the targets to point into. "24x7" is built in.
#pragma once

#include <lua.hpp>
#include <map>
#include <string>
#include <vector>

#include "contracts/calendar_reader.hpp"
#include "contracts/contract_set.hpp"
#include "contracts/field_reader.hpp"

namespace vow {

class CalendarLookup {
 public:
  explicit CalendarLookup(CalendarStore& store) : store_(store) {}

  // Reads every calendar definition; problems go to the sink.
  void read(lua_State* L, const std::vector<Definition>& definitions, const ContractSet& lines, DiagnosticSink& sink);
  // The calendar `name` as it opens in `zone` (unless it has a zone of its
  // own); nullptr after reporting an unknown name as `field`'s problem.
  const Calendar* find(FieldReader& reader, std::string_view field, const std::string& name, const Zone* zone);

 private:
  CalendarStore& store_;
  std::map<std::string, const Definition*> defined_;  // the first of each name
  std::map<const Definition*, CalendarText> text_;
};

}  // namespace vow
