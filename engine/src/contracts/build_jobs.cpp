// `jobs` (contract language 1.1, slis.md): per job name, when its run is
// due and on which days, in which zone, from which date.
#include <algorithm>

#include "contracts/build_terms.hpp"
#include "contracts/fields.hpp"
#include "time/civil_text.hpp"

namespace vow {
namespace {

constexpr const char* kJobsHint = "must map job names to { due = \"06:00\", days = \"daily\" }";
const std::vector<std::string_view> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const std::vector<std::string_view> kDaySets = {"daily", "weekdays", "weekend"};

// `days`, on top of the stack: a set's name or a list of day names.
bool build_days(FieldReader& r, const std::string& field, JobTerm& job) {
  lua_State* L = r.lua();
  constexpr const char* hint = "must be \"daily\", \"weekdays\", \"weekend\" or a list such as { \"mon\", \"thu\" }";
  if (lua_type(L, -1) == LUA_TSTRING) {
    std::string v = lua_tostring(L, -1);
    if (v == "daily") {
      job.days.fill(true);
    } else if (v == "weekdays" || v == "weekend") {
      for (std::size_t d = 0; d < 7; ++d) job.days[d] = (d < 5) == (v == "weekdays");
    } else if (std::find(kDayNames.begin(), kDayNames.end(), v) != kDayNames.end()) {
      return r.error(field, ": " + quote(v) + " is one day: write it as a list, { " + quote(v) + " }"), false;
    } else {
      std::vector<std::string_view> known = kDaySets;
      known.insert(known.end(), kDayNames.begin(), kDayNames.end());
      return r.error(field, ": " + quote(v) + " is not \"daily\", \"weekdays\", \"weekend\" or a list of days" +
                                did_you_mean(v, known)),
             false;
    }
    job.days_text = v;
    return true;
  }
  if (lua_type(L, -1) != LUA_TTABLE || lua_rawlen(L, -1) == 0) return r.error(field, hint), false;
  int t = lua_gettop(L);
  auto n = static_cast<lua_Integer>(lua_rawlen(L, t));
  job.days.fill(false);
  job.days_text.clear();
  bool ok = true;
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, t, i);
    std::string v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    auto pos = std::find(kDayNames.begin(), kDayNames.end(), v);
    if (pos == kDayNames.end()) {
      r.error_at("days", field + "." + std::to_string(i),
                 v.empty() ? "must be a day name such as \"mon\""
                           : ": " + quote(v) + " is not a day name (mon ... sun)" + did_you_mean(v, kDayNames));
      ok = false;
    } else {
      job.days[static_cast<std::size_t>(pos - kDayNames.begin())] = true;
      job.days_text += (job.days_text.empty() ? "" : ", ") + v;
    }
    lua_pop(L, 1);
  }
  return ok;
}

// One job, its table on top of the stack.
bool build_job(FieldReader& r, const std::string& field, const Zone* zone, const std::set<std::int64_t>& holidays,
               JobTerm& job) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE) return r.error(field, "must be a table such as { due = \"06:00\" }"), false;
  int t = lua_gettop(L);
  bool ok = r.known_keys(t, field, kJobKeys);
  job.zone = zone;
  job.holidays = holidays;
  if (rawfield(L, t, "due") == LUA_TNIL) {
    // Not written: pointed at the job's own line.
    r.error_at(job.name, field + ".due", "is required: the local time the run is due, such as \"06:00\"");
    ok = false;
  } else if (auto minutes =
                 lua_type(L, -1) == LUA_TSTRING ? parse_clock_time(lua_tostring(L, -1), false) : std::nullopt) {
    job.due = static_cast<Millis>(*minutes) * 60'000;
    job.due_text = lua_tostring(L, -1);
  } else {
    r.error(field + ".due", "must be a local time \"HH:MM\", such as \"06:00\"");
    ok = false;
  }
  lua_pop(L, 1);
  if (rawfield(L, t, "days") != LUA_TNIL) ok = build_days(r, field + ".days", job) && ok;
  lua_pop(L, 1);
  if (rawfield(L, t, "timezone") != LUA_TNIL) {
    const Zone* z = lua_type(L, -1) == LUA_TSTRING ? Zone::find(lua_tostring(L, -1)) : nullptr;
    if (!z && lua_type(L, -1) == LUA_TSTRING) {
      r.error(field + ".timezone",
              ": unknown time zone " + quote(lua_tostring(L, -1)) + " (use an IANA name such as \"Asia/Jakarta\")");
      ok = false;
    } else if (!z) {
      r.error(field + ".timezone", "must be an IANA time zone name such as \"Asia/Jakarta\"");
      ok = false;
    } else {
      job.zone = z;
    }
  }
  lua_pop(L, 1);
  if (rawfield(L, t, "from") != LUA_TNIL) {
    auto day = lua_type(L, -1) == LUA_TSTRING ? parse_civil_date(lua_tostring(L, -1)) : std::nullopt;
    if (!day) {
      r.error(field + ".from", "must be a date \"YYYY-MM-DD\" that exists, such as \"2026-10-01\"");
      ok = false;
    } else {
      job.from = day;
    }
  }
  lua_pop(L, 1);
  return build_clause(r, field + ".clause", t, job.clause) && ok;
}

}  // namespace

bool build_jobs(FieldReader& r, const Zone* zone, const Calendar* calendar, std::map<std::string, JobTerm>& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE) return r.error("jobs", kJobsHint), false;
  const std::set<std::int64_t> none;
  const std::set<std::int64_t>& holidays = calendar ? calendar->holidays() : none;
  bool ok = true;
  int t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      r.error("jobs", std::string(kJobsHint) + "; keys are the jobs' names, such as refresh");
      ok = false;
    } else {
      std::string name = lua_tostring(L, -2);
      JobTerm job;
      job.name = name;
      // Each job's keys are looked for from its own line on: two jobs both write `due`.
      const Definition* origin = r.origin();
      r.point_at(origin, r.line_of(name).line);
      if (build_job(r, "jobs." + name, zone, holidays, job))
        out[name] = std::move(job);
      else
        ok = false;
      r.point_at(origin);
    }
    lua_pop(L, 1);
  }
  return ok;
}

}  // namespace vow
