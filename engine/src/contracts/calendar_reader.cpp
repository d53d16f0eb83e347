#include "contracts/calendar_reader.hpp"

#include <algorithm>
#include <array>

#include "contracts/fields.hpp"
#include "time/civil_text.hpp"

namespace vow {
namespace {

// One calendar's definition table on the stack, and where its problems go.
class CalendarReader {
 public:
  CalendarReader(lua_State* state, const Definition& d, const ContractSet& lines, DiagnosticSink& sink)
      : L(state), def_(d), lines_(lines), sink_(sink), what_("calendar " + quote(d.name)) {}

  CalendarText read() {
    def_.table.push(L);
    int t = lua_gettop(L);
    CalendarText text;
    if (rawfield(t, "timezone") != LUA_TNIL) {
      if (lua_type(L, -1) != LUA_TSTRING)
        error("timezone", "must be an IANA time zone name such as \"America/New_York\"");
      else if (!(text.zone = Zone::find(lua_tostring(L, -1))))
        error("timezone",
              ": unknown time zone " + quote(lua_tostring(L, -1)) + " (use an IANA name such as \"Europe/Berlin\")");
    }
    lua_pop(L, 1);
    read_hours(t, text.hours);
    read_holidays(t, text.holidays);
    lua_pop(L, 1);
    return text;
  }

 private:
  lua_State* L;
  const Definition& def_;
  const ContractSet& lines_;
  DiagnosticSink& sink_;
  std::string what_;

  void error(std::string_view field, const std::string& msg) {
    auto leaf = field.substr(field.rfind('.') == std::string_view::npos ? 0 : field.rfind('.') + 1);
    sink_.report({def_.at.file, lines_.line_of_field(def_.at, leaf)},
                 what_ + ": field " + quote(field) + (msg.starts_with(':') ? "" : " ") + msg);
  }

  int rawfield(int t, const char* key) {
    lua_pushstring(L, key);
    return lua_rawget(L, t);
  }

  bool read_hours(int t, WeeklyHours& week) {
    bool ok = true;
    if (rawfield(t, "hours") == LUA_TNIL) {
      error("hours", "is required: opening hours such as { weekdays = \"09:00-18:00\" }");
      lua_pop(L, 1);
      return false;
    }
    if (lua_type(L, -1) != LUA_TTABLE) {
      error("hours", "must be a table such as { weekdays = \"09:00-18:00\" }");
      lua_pop(L, 1);
      return false;
    }
    int h = lua_gettop(L);
    // Precedence: a day key over weekdays/weekend, over daily.
    std::array<int, 7> rank{};
    rank.fill(-1);
    lua_pushnil(L);
    while (lua_next(L, h)) {
      std::string key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
      auto pos = std::find(kDayKeys.begin(), kDayKeys.end(), key);
      if (pos == kDayKeys.end()) {
        auto near = nearest(key, kDayKeys);
        error("hours." + key, "is not a day key (mon..sun, weekdays, weekend, daily)" +
                                  (near.empty() ? std::string() : "; did you mean " + quote(near) + "?"));
        ok = false;
        lua_pop(L, 1);
        continue;
      }
      DayHours ranges;
      if (!read_ranges("hours." + key, ranges)) ok = false;
      int idx = static_cast<int>(pos - kDayKeys.begin());
      std::vector<int> days;
      int level = 2;
      if (idx < 7)
        days = {idx};
      else if (key == "weekdays")
        days = {0, 1, 2, 3, 4}, level = 1;
      else if (key == "weekend")
        days = {5, 6}, level = 1;
      else
        days = {0, 1, 2, 3, 4, 5, 6}, level = 0;
      for (int day : days)
        if (level > rank[day]) week[day] = ranges, rank[day] = level;
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return ok;
  }

  bool read_ranges(const std::string& field, DayHours& out) {
    auto one = [&](int idx) {
      if (lua_type(L, idx) != LUA_TSTRING) {
        error(field, "must be \"HH:MM-HH:MM\" or a list of them");
        return false;
      }
      std::string_view s = lua_tostring(L, idx);
      auto range = parse_clock_range(s);
      if (!range) {
        error(field, ": " + quote(s) + " is not \"HH:MM-HH:MM\" (24:00 may end an interval)");
        return false;
      }
      if (range->second <= range->first) {
        error(field, ": " + quote(s) + " must end after it starts (an interval may not cross midnight)");
        return false;
      }
      out.push_back(*range);
      return true;
    };
    if (lua_type(L, -1) != LUA_TTABLE) return one(-1);
    bool ok = true;
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
      ok = one(-1) && ok;
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return ok;
  }

  bool read_holidays(int t, std::set<std::int64_t>& out) {
    bool ok = true;
    if (rawfield(t, "holidays") == LUA_TTABLE) {
      for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
        auto day = lua_type(L, -1) == LUA_TSTRING ? parse_civil_date(lua_tostring(L, -1)) : std::nullopt;
        if (!day) {
          error("holidays", "must list dates as \"YYYY-MM-DD\"; item " + std::to_string(i) + " is not one");
          ok = false;
        } else {
          out.insert(*day);
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    } else if (lua_type(L, -1) != LUA_TNIL) {
      error("holidays", "must be a list of dates such as { \"2026-12-25\" }");
      ok = false;
    }
    lua_pop(L, 1);
    return ok;
  }
};

}  // namespace

CalendarText read_calendar(lua_State* L, const Definition& d, const ContractSet& lines, DiagnosticSink& sink) {
  return CalendarReader(L, d, lines, sink).read();
}

}  // namespace vow
