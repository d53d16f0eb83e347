// `amendments` (terms.md, "Amendments with effective dates"): each table is
// checked here and kept as a layer over the contract; resolve.cpp builds one
// version of the terms per amendment from the layers.
#include <algorithm>

#include "contracts/build_terms.hpp"
#include "contracts/field_checks.hpp"
#include "contracts/fields.hpp"
#include "time/period.hpp"

namespace vow {
namespace {

// Who the contract is, and the period its credits settle in, stay as signed.
constexpr std::string_view kFixed[] = {"name", "tier", "timezone", "commitment", "amendments"};

bool read_from(FieldReader& r, const std::string& field, std::string& from, bool quarterly) {
  lua_State* L = r.lua();
  std::optional<Period> p;
  if (lua_type(L, -1) == LUA_TSTRING) p = parse_period(lua_tostring(L, -1));
  if (!p || p->is_quarter()) {
    r.error(field + ".from", "must be the month the amendment takes effect, such as \"2026-11\"");
    return false;
  }
  from = lua_tostring(L, -1);
  if (quarterly && (p->first_month - 1) % 3 != 0) {
    Period next = quarter_of(*p);
    next = following(next);
    r.error(field + ".from", ": " + quote(from) +
                                 " does not open a quarter; a quarterly commitment is amended from a quarter's "
                                 "first month, such as " +
                                 quote(Period{next.year, next.first_month, 1}.label()));
    return false;
  }
  return true;
}

}  // namespace

bool build_amendments(FieldReader& r, const Definition& own, bool quarterly, std::deque<Definition>& out,
                      std::vector<const Definition*>& layers) {
  lua_State* L = r.lua();
  const int list = lua_gettop(L);
  const char* shape = "must be a list of amendments such as { { from = \"2026-11\", uptime = { target = 99.95 } } }";
  bool is_list = lua_type(L, list) == LUA_TTABLE;
  if (is_list) {  // every key 1..n: a table of fields is an amendment without its braces
    lua_pushnil(L);
    while (lua_next(L, list)) {
      lua_pop(L, 1);
      if (!lua_isinteger(L, -1)) is_list = false;
    }
  }
  if (!is_list) {
    r.error("amendments", shape);
    return false;
  }
  bool ok = true;
  std::string last;  // the previous amendment's from
  int after = 0;     // its line: each is looked for after the one before
  for (lua_Integer i = 1; i <= static_cast<lua_Integer>(lua_rawlen(L, list)); ++i) {
    std::string field = "amendments[" + std::to_string(i) + "]";
    r.point_at(&own, after ? after + 1 : 0);
    if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
      r.error(field, "must be a table such as { from = \"2026-11\", uptime = { target = 99.95 } }");
      lua_pop(L, 1);
      ok = false;
      continue;
    }
    int t = lua_gettop(L);
    std::string from;
    int type = rawfield(L, t, "from");
    if (type == LUA_TSTRING) {  // found by its text, valid or not
      int line = r.line_of_value("from", "\"" + std::string(lua_tostring(L, -1)) + "\"", after + 1);
      if (line) r.point_at(&own, after = line);
    }
    if (type == LUA_TNIL) {
      r.error(field + ".from", "is required: the month the amendment takes effect, such as \"2026-11\"");
      ok = false;
    } else if (read_from(r, field, from, quarterly)) {
      if (int line = r.line_of_value("from", "\"" + from + "\"", after + 1)) after = line;
      r.point_at(&own, after);
      if (!last.empty() && from < last) {
        r.error(field + ".from", ": " + quote(from) + " comes after " + quote(last) +
                                     "; amendments are listed in the order they take effect");
        ok = false;
      }
      last = std::max(last, from);
    } else {
      ok = false;
    }
    lua_pop(L, 1);
    for (std::string_view key : kFixed) {
      if (rawfield(L, t, std::string(key).c_str()) != LUA_TNIL) {
        r.error(field + "." + std::string(key),
                key == "amendments" ? "cannot be inside an amendment: list every amendment in the contract's own"
                                    : "cannot be amended: it stays as the contract says it");
        ok = false;
      }
      lua_pop(L, 1);
    }
    if (from.empty()) {
      lua_pop(L, 1);
      continue;
    }
    Definition& a = out.emplace_back();
    a.kind = Definition::Kind::Amendment;
    a.name = own.name;
    a.from = from;
    a.at = {own.at.file, after ? after : own.at.line};
    a.table = RegistryRef::take(L);  // pops the table
    layers.push_back(&a);
  }
  return ok;
}

void apply_amendment_clause(lua_State* L, const Definition& a, Contract& c) {
  a.table.push(L);
  const int t = lua_gettop(L);
  // What it writes quotes its clause; without one, the contract's (not the
  // clause of an earlier amendment that wrote the same figure).
  std::optional<std::string> clause = c.clause;
  if (rawfield(L, t, "clause") == LUA_TSTRING) clause = lua_tostring(L, -1);
  lua_pop(L, 1);
  // Whether the table at `v` names a clause of its own.
  auto own_clause = [&](int v) {
    bool has = lua_type(L, v) == LUA_TTABLE && rawfield(L, v, "clause") != LUA_TNIL;
    if (lua_type(L, v) == LUA_TTABLE) lua_pop(L, 1);
    return has;
  };
  if (rawfield(L, t, "uptime") == LUA_TTABLE) {
    int v = lua_gettop(L);
    bool list = lua_rawgeti(L, v, 1) != LUA_TNIL;
    lua_pop(L, 1);
    auto mark = [&](int term, const std::string& name) {
      if (own_clause(term)) return;
      for (UptimeTerm& u : c.uptimes)
        if (u.name == name) u.clause = clause;
    };
    if (!list) {
      mark(v, "uptime");
    } else {
      for (lua_Integer i = 1; lua_rawgeti(L, v, i) == LUA_TTABLE; ++i) {
        if (rawfield(L, lua_gettop(L), "name") == LUA_TSTRING) {
          std::string name = lua_tostring(L, -1);
          lua_pop(L, 1);
          mark(lua_gettop(L), name);
        } else {
          lua_pop(L, 1);
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  for (Metric m : {Metric::Response, Metric::Resolution, Metric::NextReply, Metric::Update}) {
    const char* field = m == Metric::Update ? "update_every" : metric_name(m);
    auto& targets = c.targets(m);
    if (rawfield(L, t, field) == LUA_TTABLE && !own_clause(lua_gettop(L))) {
      int v = lua_gettop(L);
      for (auto& [priority, target] : targets) {
        rawfield(L, v, priority.c_str());
        if (!lua_isnil(L, -1) && !own_clause(lua_gettop(L))) target.clause = clause;
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }
  if (rawfield(L, t, "communications") == LUA_TTABLE && c.communications && !own_clause(lua_gettop(L)))
    c.communications->clause = clause;
  lua_pop(L, 1);
  // The credit's clause is that of its formula or schedule, not its cap's.
  if (rawfield(L, t, "credit") != LUA_TNIL && !own_clause(lua_gettop(L))) c.credit.clause = clause;
  lua_pop(L, 1);
  lua_settop(L, t - 1);
}

}  // namespace vow
