// Names that look alike: a misspelled field or event type is reported with
// the names it was probably meant to be (docs/adr/0026).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "vow/event.hpp"

namespace vow {

// Edits (insert, delete, replace, swap of neighbours) from one name to the other.
size_t edit_distance(std::string_view a, std::string_view b);

// Whether `unknown` is most likely a slip for `known`: another case, singular
// for plural (or back), or one edit away (two for long names).
bool looks_like(std::string_view unknown, std::string_view known);

// The names nearest to `x`, best first, at most `max`; none when nothing is near.
std::vector<std::string_view> nearest_names(std::string_view x, std::span<const std::string_view> names,
                                            size_t max = 3);

// The fields every event has, and those of each type (docs/events.md).
std::span<const std::string_view> common_fields();
std::span<const std::string_view> fields_of(EventType t);
// Every event type's name, in the order of docs/events.md.
std::span<const std::string_view> event_type_names();

}  // namespace vow
