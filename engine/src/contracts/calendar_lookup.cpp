#include "contracts/calendar_lookup.hpp"

namespace vow {

void CalendarLookup::read(lua_State* L, const std::vector<Definition>& definitions, const ContractSet& lines,
                          DiagnosticSink& sink) {
  for (const auto& d : definitions) {
    if (d.kind != Definition::Kind::Calendar) continue;
    defined_.emplace(d.name, &d);
    text_.emplace(&d, read_calendar(L, d, lines, sink));
  }
}

const Calendar* CalendarLookup::find(FieldReader& reader, std::string_view field, const std::string& name,
                                     const Zone* zone) {
  if (name == "24x7") {
    auto& always = store_[{"24x7", ""}];
    if (!always) always = std::make_unique<Calendar>();
    return always.get();
  }
  auto it = defined_.find(name);
  if (it == defined_.end()) {
    std::vector<std::string_view> names{"24x7"};
    for (auto& [n, _] : defined_) names.push_back(n);
    reader.error(field, ": unknown calendar " + quote(name) + did_you_mean(name, names));
    return nullptr;
  }
  auto& slot = store_[{name, zone->name()}];
  if (!slot) {
    const CalendarText& text = text_.at(it->second);
    slot = std::make_unique<Calendar>(text.zone ? text.zone : zone, text.hours, text.holidays);
  }
  return slot.get();
}

}  // namespace vow
