// An OpenSLO SLO's window becomes the contract's commitment period. Vow
// measures calendar months and quarters cut at local midnight on the 1st,
// so any other window would report a different figure and is refused.
#include <cstdio>

#include "slo/durations.hpp"
#include "slo/openslo.hpp"
#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

constexpr const char* kHint =
    "write a calendar window of one month (v1: duration: 1M; v1alpha: unit: Month, count: 1) or one quarter, "
    "with calendar: { startTime: \"2026-01-01 00:00:00\", timeZone: \"UTC\" }";

struct LocalTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// OpenSLO writes "2022-01-01 12:00:00" (the T form is accepted too): a
// local time, placed by timeZone, so an offset would contradict it.
std::optional<LocalTime> parse_local(const std::string& t) {
  LocalTime lt;
  char sep = 0;
  int used = 0;
  int n =
      std::sscanf(t.c_str(), "%4d-%2d-%2d%c%2d:%2d%n", &lt.year, &lt.month, &lt.day, &sep, &lt.hour, &lt.minute, &used);
  if (n != 6 || (sep != ' ' && sep != 'T')) return std::nullopt;
  std::string rest = t.substr(static_cast<std::size_t>(used));
  if (!rest.empty()) {
    int more = 0;
    if (std::sscanf(rest.c_str(), ":%2d%n", &lt.second, &more) != 1 || static_cast<std::size_t>(more) != rest.size())
      return std::nullopt;
  }
  if (lt.month < 1 || lt.month > 12 || lt.day < 1 || lt.day > 31 || lt.hour > 23 || lt.minute > 59 || lt.second > 59)
    return std::nullopt;
  return lt;
}

// The window's length, from v1's `duration` or v1alpha's `unit` and `count`.
std::optional<Length> read_length(const YAML::Node& w, const std::string& path, bool v1alpha, Diagnostics& d,
                                  YAML::Node& at, std::string& field) {
  if (!v1alpha) {
    field = at_key(path, "duration");
    auto dur = get(w, "duration");
    at = dur ? *dur : w;
    auto text = dur ? text_of(*dur) : std::nullopt;
    auto len = text ? parse_shorthand(*text) : std::nullopt;
    if (!len || len->count == 0) {
      d.refuse(at, field,
               dur ? shown(*dur) + " is not a duration: a count and a unit, such as 1M (a month) or 1Q (a quarter)"
                   : "is required: " + std::string(kHint));
      return std::nullopt;
    }
    return len;
  }
  auto unit = get(w, "unit");
  auto count = get(w, "count");
  field = at_key(path, unit ? "count" : "unit");
  at = unit ? (count ? *count : w) : w;
  if (!unit || !count) {
    d.refuse(at, field, "is required: " + std::string(kHint));
    return std::nullopt;
  }
  auto ct = text_of(*count);
  auto n = ct ? parse_count(*ct) : std::nullopt;
  if (!n || *n == 0) {
    d.refuse(*count, field, shown(*count) + " is not a whole number of units, 1 or more");
    return std::nullopt;
  }
  auto ut = text_of(*unit);
  auto len = ut ? from_unit_name(*ut, *n) : std::nullopt;
  if (!len) {
    field = at_key(path, "unit");
    d.refuse(*unit, field, shown(*unit) + " is not a unit: Second, Minute, Hour, Day, Week, Month, Quarter or Year");
    return std::nullopt;
  }
  // A wrong length is the unit's fault when it cannot make a month.
  if (!months_of(*len)) {
    field = at_key(path, "unit");
    at = *unit;
  }
  return len;
}

}  // namespace

std::optional<Period> read_window(const YAML::Node& spec, bool v1alpha, Diagnostics& d) {
  const std::string key = v1alpha ? "timeWindows" : "timeWindow";
  const std::string path = "spec." + key;
  auto list = get(spec, key);
  if (!list) {
    d.refuse(spec, path, "is required: " + std::string(kHint));
    return std::nullopt;
  }
  if (!list->IsSequence() || list->size() != 1) {
    d.refuse(*list, path,
             list->IsSequence() ? "has " + std::to_string(list->size()) + " windows: OpenSLO takes exactly one"
                                : "must be a list of one window");
    return std::nullopt;
  }
  const YAML::Node w = (*list)[0];
  const std::string wpath = at_index(path, 0);
  int before = d.refusals();
  YAML::Node len_at;
  std::string len_field;
  auto len = read_length(w, wpath, v1alpha, d, len_at, len_field);
  auto calendar = get(w, "calendar");
  auto rolling_node = get(w, "isRolling");
  // OpenSLO: "if omitted, assumed false if calendar is present"; without a
  // calendar there is nothing to align to, which is how Sloth reads it.
  bool rolling = !calendar;
  if (rolling_node) {
    auto b = bool_of(*rolling_node);
    if (!b) {
      d.refuse(*rolling_node, at_key(wpath, "isRolling"), shown(*rolling_node) + " is not true or false");
      return std::nullopt;
    }
    rolling = *b;
  }
  // Sloth validates OpenSLO v1alpha and takes only a 30-day window without
  // a calendar: its month. Such a file is Sloth's, and is imported as Sloth's
  // own documents are, as calendar months with a warning (ADR 0050).
  if (rolling && !rolling_node && v1alpha && len && len->unit == 'd' && seconds_of(*len) == 30 * 86'400) {
    d.warn(w, wpath,
           "has no calendar: 30 days, Sloth's month, imported as calendar months; set the contract's timezone");
    return Period{};
  }
  if (rolling) {
    std::string what = rolling_node ? "is a rolling window" : "has no calendar, so it is a rolling window";
    if (len) what += " of " + spelled(*len);
    d.refuse(rolling_node ? *rolling_node : w, rolling_node ? at_key(wpath, "isRolling") : wpath,
             what + ": Vow measures calendar months and quarters; " + kHint);
    return std::nullopt;
  }
  Period period;
  if (len) {
    auto months = months_of(*len);
    if (months == 1) {
      period.commitment = Commitment::Month;
    } else if (months == 3) {
      period.commitment = Commitment::Quarter;
    } else if (!v1alpha && len->unit == 'm') {
      d.refuse(len_at, len_field,
               "\"" + std::to_string(len->count) + "m\" is " + spelled(*len) +
                   " in OpenSLO, where a month is \"1M\": " + "Vow measures calendar months and quarters");
    } else {
      d.refuse(len_at, len_field,
               "a calendar window of " + spelled(*len) + " is neither a month nor a quarter, the periods Vow measures");
    }
  }
  if (!calendar) {
    d.refuse(w, at_key(wpath, "calendar"),
             "is required for a calendar window: its startTime (midnight on the 1st) and timeZone");
    return std::nullopt;
  }
  const std::string cpath = at_key(wpath, "calendar");
  auto zone = get(*calendar, "timeZone");
  auto zone_text = zone ? text_of(*zone) : std::nullopt;
  if (!zone_text || zone_text->empty()) {
    d.refuse(zone ? *zone : *calendar, at_key(cpath, "timeZone"),
             "is required: the IANA time zone whose midnights start the periods, such as \"America/New_York\"");
  } else {
    period.timezone = *zone_text;
  }
  auto start = get(*calendar, "startTime");
  auto start_text = start ? text_of(*start) : std::nullopt;
  auto local = start_text ? parse_local(*start_text) : std::nullopt;
  const std::string spath = at_key(cpath, "startTime");
  if (!start) {
    d.refuse(*calendar, spath, "is required: a local midnight on the 1st, such as \"2026-01-01 00:00:00\"");
  } else if (!local) {
    d.refuse(*start, spath,
             shown(*start) + " is not a local date and time such as \"2026-01-01 00:00:00\" (timeZone places it)");
  } else if (local->day != 1 || local->hour != 0 || local->minute != 0 || local->second != 0) {
    d.refuse(*start, spath,
             shown(*start) +
                 " is not midnight on the 1st of a month: Vow's months and quarters start at local "
                 "midnight on the 1st");
  } else if (period.commitment == Commitment::Quarter && (local->month - 1) % 3 != 0 && len && months_of(*len) == 3) {
    d.refuse(*start, spath,
             shown(*start) +
                 " starts a quarter in another month than January, April, July or October: Vow's "
                 "quarters are calendar quarters");
  }
  if (d.refusals() != before) return std::nullopt;
  return period;
}

}  // namespace vow::slo
