#include "contracts/calls.hpp"

#include <cmath>

#include "model/utf8.hpp"

namespace vow {
namespace {

void set_string(lua_State* L, const char* key, const std::string& v) {
  lua_pushlstring(L, v.data(), v.size());
  lua_setfield(L, -2, key);
}

void set_number(lua_State* L, const char* key, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, key);
}

// { achieved, breached, rate } of ticket clocks or (1.1) job runs, pushed.
void push_counts(lua_State* L, int achieved, int breached, std::optional<double> rate) {
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, achieved);
  lua_setfield(L, -2, "achieved");
  lua_pushinteger(L, breached);
  lua_setfield(L, -2, "breached");
  if (rate) set_number(L, "rate", *rate);
}

void push_priorities(lua_State* L, const PriorityTable& figures) {
  lua_createtable(L, 0, static_cast<int>(figures.size()));
  for (const auto& [prio, f] : figures) {
    push_counts(L, f.achieved, f.breached, f.rate);
    lua_setfield(L, -2, prio.c_str());
  }
}

// A note is printed with every credit and kept per account.
constexpr size_t kMaxNoteBytes = 1000;

// Terms made by contracts/ hold LuaCode only; an empty one pushes nil.
void push(lua_State* L, const CodeRef& code) {
  if (code)
    static_cast<const LuaCode*>(code.get())->ref.push(L);
  else
    lua_pushnil(L);
}

std::string located(const SourceRef& at, const std::string& message) {
  // Lua errors already start with "file:line:"; others get the function's place.
  if (message.rfind(at.file + ":", 0) == 0) return message;
  return at.str() + ": " + message;
}

}  // namespace

bool call_exclude(Sandbox& box, const UptimeTerm& term, const OutageView& o, std::string& error) {
  lua_State* L = box.L();
  push(L, term.exclude_fn);
  lua_createtable(L, 0, 6);
  set_string(L, "outage", o.started.ref);
  set_string(L, "service", o.started.service);
  set_string(L, "impact", o.started.partial ? "partial" : "major");
  if (o.started.cause) set_string(L, "cause", *o.started.cause);
  set_string(L, "start", format_instant(o.started.at));
  if (o.stop) set_string(L, "stop", format_instant(*o.stop));
  if (!box.call(1, 1, error)) {
    error = located(term.exclude_at, error) + box.traceback();
    return false;
  }
  bool yes = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return yes;
}

std::optional<FormulaOutcome> call_credit(Sandbox& box, const CreditTerm& term, const CreditFigures& m,
                                          std::string& error) {
  lua_State* L = box.L();
  push(L, term.fn);
  lua_createtable(L, 0, 8);
  set_string(L, "customer", m.customer);
  set_string(L, "period", m.period);
  set_number(L, "monthly_fee", m.monthly_fee_value);
  set_number(L, "fee", m.fee_value);
  set_string(L, "currency", m.currency);
  // m.uptime: the first term; m.uptimes[NAME]: each (1.1).
  auto push_uptime = [&](const UptimeFigures& u) {
    lua_createtable(L, 0, 6);
    set_string(L, "name", u.name);
    // nil where a term measured by events (1.1) has no such figure.
    if (u.percent_known()) set_number(L, "percent", u.percent);
    set_number(L, "target", u.target);
    if (u.downtime_seconds) set_number(L, "downtime", *u.downtime_seconds);
    if (u.eligible_seconds) set_number(L, "eligible", *u.eligible_seconds);
    if (u.good) set_number(L, "good", static_cast<double>(*u.good));
    if (u.total) set_number(L, "total", static_cast<double>(*u.total));
    if (u.slices) set_number(L, "slices", static_cast<double>(*u.slices));
    if (u.bad_slices) set_number(L, "bad_slices", static_cast<double>(*u.bad_slices));
    lua_pushboolean(L, u.met);
    lua_setfield(L, -2, "met");
  };
  if (m.uptime) {
    push_uptime(*m.uptime);
    lua_setfield(L, -2, "uptime");
  }
  lua_createtable(L, 0, static_cast<int>(m.uptimes.size()));
  for (const UptimeFigures& u : m.uptimes) {
    push_uptime(u);
    lua_setfield(L, -2, u.name.c_str());
  }
  lua_setfield(L, -2, "uptimes");
  push_priorities(L, m.response);
  lua_setfield(L, -2, "response");
  push_priorities(L, m.resolution);
  lua_setfield(L, -2, "resolution");
  push_priorities(L, m.next_reply);
  lua_setfield(L, -2, "next_reply");
  push_priorities(L, m.update);
  lua_setfield(L, -2, "update");
  lua_createtable(L, 0, static_cast<int>(m.jobs.size()));  // m.jobs[NAME] (1.1)
  for (const auto& [name, j] : m.jobs) {
    push_counts(L, j.achieved, j.breached, j.rate);
    set_string(L, "target", j.target);
    lua_setfield(L, -2, name.c_str());
  }
  lua_setfield(L, -2, "jobs");
  lua_createtable(L, 0, static_cast<int>(m.objectives.size()));  // m.objectives[NAME] (1.1)
  for (const ObjectiveFigures& o : m.objectives) {
    lua_createtable(L, 0, 8);
    if (o.percent) set_number(L, "percent", *o.percent);
    set_number(L, "target", o.target);
    lua_pushboolean(L, o.met);
    lua_setfield(L, -2, "met");
    for (auto [key, v] : {std::pair{"good", o.good}, std::pair{"total", o.total}, std::pair{"slices", o.slices},
                          std::pair{"bad_slices", o.bad_slices}})
      if (v) {
        lua_pushinteger(L, *v);
        lua_setfield(L, -2, key);
      }
    lua_setfield(L, -2, o.name.c_str());
  }
  lua_setfield(L, -2, "objectives");
  if (!box.call(1, 1, error)) {
    error = located(term.at, error) + box.traceback();
    return std::nullopt;
  }
  FormulaOutcome out;
  auto bad = [&](const std::string& why) {
    error = term.at.str() + ": the credit formula " + why;
    lua_pop(L, 1);
    return std::nullopt;
  };
  int type = lua_type(L, -1);
  if (type == LUA_TNIL) {
    out.amount = 0;
  } else if (type == LUA_TNUMBER) {
    out.amount = lua_tonumber(L, -1);
  } else if (type == LUA_TTABLE) {
    lua_pushliteral(L, "amount");
    int a = lua_rawget(L, -2);
    lua_pushliteral(L, "percent");
    int p = lua_rawget(L, -3);
    lua_pushliteral(L, "note");
    int n = lua_rawget(L, -4);
    if ((a == LUA_TNUMBER) == (p == LUA_TNUMBER)) {
      lua_pop(L, 3);
      return bad("must return exactly one of { amount = X } or { percent = P }");
    }
    if (a == LUA_TNUMBER) out.amount = lua_tonumber(L, -3);
    if (p == LUA_TNUMBER) out.percent = lua_tonumber(L, -2);
    bool note_ok = n != LUA_TSTRING || valid_utf8(std::string_view(lua_tostring(L, -1), lua_rawlen(L, -1)));
    if (n == LUA_TSTRING && note_ok) out.note = std::string(lua_tostring(L, -1), lua_rawlen(L, -1));
    lua_pop(L, 3);
    if (n != LUA_TNIL && n != LUA_TSTRING) return bad("returned a note that is not a string");
    if (!note_ok) return bad("returned a note that is not valid UTF-8 text");
    if (out.note && out.note->size() > kMaxNoteBytes)
      return bad("returned a note of " + std::to_string(out.note->size()) + " bytes; at most " +
                 std::to_string(kMaxNoteBytes) + " are allowed");
  } else {
    return bad(std::string("must return a number, { amount = X }, { percent = P } or nil; it returned a ") +
               lua_typename(L, type));
  }
  lua_pop(L, 1);
  double v = out.amount ? *out.amount : *out.percent;
  if (!std::isfinite(v)) {
    error = term.at.str() + ": the credit formula returned a value that is not a finite number";
    return std::nullopt;
  }
  return out;
}

}  // namespace vow
