// The uptime terms: target, services, how outages of several services
// combine, partial outages, maintenance notice, short outages and the
// contract's own exclude(o); from contract language 1.1 a list of such
// terms, each named, merged with the tier's by name (terms.md).
#include <algorithm>

#include "compliance/objectives.hpp"
#include "contracts/build_terms.hpp"
#include "contracts/calls.hpp"
#include "contracts/inherit.hpp"

namespace vow {
namespace {

// One term as a definition wrote it: its table on the stack, and the line
// where it begins (0 for the field's own line).
struct Written {
  std::string name;
  int table = 0;
  int line = 0;
};

// One term of the merged list: each layer's text of it, lowest first.
struct Merged {
  std::string name;
  std::vector<std::pair<const Definition*, Written>> texts;
};

bool valid_name(std::string_view n) {
  if (n.empty()) return false;
  return std::all_of(n.begin(), n.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == ' ' || c == '_' || c == '.' || c == '-';
  });
}

// The terms a definition's `uptime` value (at stack index v) writes: a list
// of tables, or one table. False (reported) when one is not a table or
// has a bad name.
bool written_terms(FieldReader& r, int v, std::vector<Written>& out, bool& list) {
  lua_State* L = r.lua();
  if (lua_type(L, v) != LUA_TTABLE) {
    r.error("uptime", "must be a table such as { target = 99.9, services = { \"api\" } }, or a list of them");
    return false;
  }
  list = lua_rawgeti(L, v, 1) != LUA_TNIL;
  lua_pop(L, 1);
  bool ok = true;
  int after = 0;  // the line of the term before: names are found in order
  auto name_of = [&](int t, const std::string& field, Written& w) {
    if (rawfield(L, t, "name") == LUA_TNIL) {
      if (list) {
        r.error(field, "needs a name: each term of a list has its own, such as name = \"API\"");
        ok = false;
      }
      w.name = "uptime";
    } else if (lua_type(L, -1) != LUA_TSTRING || !valid_name(lua_tostring(L, -1))) {
      r.error(field + ".name", "must be a name of letters, digits, spaces, _ . or -, such as \"API\"");
      ok = false;
    } else {
      w.name = lua_tostring(L, -1);
      w.line = r.line_of_value("name", "\"" + w.name + "\"", after + 1);
      if (w.line) after = w.line;
    }
    lua_pop(L, 1);
  };
  if (!list) {
    Written w{"", v, 0};
    name_of(v, "uptime", w);
    w.line = 0;  // a single table's fields are the definition's own
    out.push_back(w);
    return ok;
  }
  for (lua_Integer i = 1;; ++i) {
    int type = lua_rawgeti(L, v, i);
    if (type == LUA_TNIL) {
      lua_pop(L, 1);
      break;
    }
    std::string field = "uptime[" + std::to_string(i) + "]";
    if (type != LUA_TTABLE) {
      r.error(field, "must be a term such as { name = \"API\", target = 99.9, services = { \"api\" } }");
      ok = false;
      continue;  // left on the stack, like the tables
    }
    Written w{"", lua_gettop(L), 0};
    name_of(w.table, field, w);
    for (const Written& seen : out)
      if (seen.name == w.name) {
        r.point_at(r.origin(), w.line);
        r.error(field + ".name", ": " + quote(w.name) + " names two terms; each term's name is its own");
        r.point_at(r.origin());
        ok = false;
      }
    out.push_back(w);
  }
  return ok;
}

// The merged term's table, each layer's keys over the lower's, pushed.
void push_merged(lua_State* L, const Merged& m) {
  lua_newtable(L);
  for (const auto& [_, w] : m.texts) {
    int src = w.table;
    lua_pushnil(L);
    while (lua_next(L, src)) {
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, -4);
    }
  }
}

bool build_term(FieldReader& r, const Merged& m, const std::string& field, UptimeTerm& u) {
  lua_State* L = r.lua();
  int t = lua_gettop(L);
  bool ok = true;
  u.name = m.name;
  // Pushes the key's value, pointing errors at whichever definition wrote it.
  auto sub = [&](const char* key) {
    auto writer = m.texts.rbegin();
    for (auto it = m.texts.rbegin(); it != m.texts.rend(); ++it) {
      bool wrote = rawfield(L, it->second.table, key) != LUA_TNIL;
      lua_pop(L, 1);
      if (wrote) {
        writer = it;
        break;
      }
    }
    r.point_at(writer->first, writer->second.line);
    return rawfield(L, t, key);
  };
  if (sub("target") == LUA_TNIL) {
    r.error(field + ".target", "is required: a percent such as 99.9");
    ok = false;
  } else {
    ok = r.number(field + ".target", u.target, 0, 100, "a percent between 0 and 100, such as 99.9") && ok;
  }
  lua_pop(L, 1);
  // 1.1 (slis.md): an indicator's bad slices, or a ratio of its events.
  bool by_sli = sub("sli") != LUA_TNIL;
  if (by_sli) {
    if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
      r.error(field + ".sli", "must be the name of an indicator, such as \"git_requests\"");
      ok = false;
    } else {
      SliMeasure& measure = u.measure.emplace();
      measure.sli = lua_tostring(L, -1);
      measure.method = SliMethod::Timeslices;  // an uptime term's default: downtime from bad slices
      ok = build_measure(r, t, field, true, measure) && ok;
      // A term measured by events has no downtime: what shapes outages would be silently ignored.
      if (u.by_events())
        for (const char* key :
             {"services", "combine", "partial_weight", "maintenance_notice", "min_outage", "exclude"}) {
          if (sub(key) != LUA_TNIL) {
            r.error(field + "." + key,
                    "does not apply to a term measured by events (method \"" +
                        std::string(measure.method == SliMethod::Ratio ? "ratio" : "ratio_timeslices") +
                        "\"): it has no downtime; use method \"timeslices\" to add bad slices to outages");
            ok = false;
          }
          lua_pop(L, 1);
        }
      if (!decimal_fraction(u.target, 6, u.target_num, u.target_den)) {
        r.error(field + ".target", "must have at most 6 decimals with an indicator");
        ok = false;
      }
    }
  } else {
    for (const char* key : {"method", "slice", "max_error_rate", "min_total"}) {
      if (sub(key) != LUA_TNIL) {
        r.error(field + "." + key, "applies with an indicator only: add sli = \"NAME\" (the sli.counted it reads)");
        ok = false;
      }
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  if (sub("services") == LUA_TNIL) {
    if (!by_sli) {
      r.error(field + ".services", "is required: the services the commitment covers, such as { \"api\" }");
      ok = false;
    }
  } else if (r.string_list(field + ".services", u.services) && u.services.empty()) {
    r.error(field + ".services", "must name at least one service");
    ok = false;
  }
  lua_pop(L, 1);
  if (sub("combine") != LUA_TNIL) {
    std::string v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (v != "any" && v != "all") {
      r.error(field + ".combine", "must be \"any\" or \"all\"");
      ok = false;
    }
    u.combine_all = v == "all";
  }
  lua_pop(L, 1);
  if (sub("partial_weight") != LUA_TNIL)
    ok = r.number(field + ".partial_weight", u.partial_weight, 0, 1, "a number from 0 to 1") && ok;
  lua_pop(L, 1);
  if (sub("maintenance_notice") != LUA_TNIL) ok = r.duration(field + ".maintenance_notice", u.maintenance_notice) && ok;
  lua_pop(L, 1);
  if (sub("min_outage") != LUA_TNIL) ok = r.duration(field + ".min_outage", u.min_outage) && ok;
  lua_pop(L, 1);
  if (sub("fee_share") != LUA_TNIL) {
    double share = 0;
    ok = r.number(field + ".fee_share", share, 0, 1, "a share of the fee from 0 to 1, such as 0.6") && ok;
    u.fee_share = share;
  }
  lua_pop(L, 1);
  if (sub("clause") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING) {
      r.error(field + ".clause", "must be text: where the term stands in the signed contract, such as \"§2.1\"");
      ok = false;
    } else {
      u.clause = lua_tostring(L, -1);
    }
  }
  lua_pop(L, 1);
  if (sub("exclude") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TFUNCTION) {
      r.error(field + ".exclude", "must be a function(o) returning true for outages to leave out");
      ok = false;
    } else {
      u.exclude_fn = keep_function(L, u.exclude_at);
    }
  }
  lua_pop(L, 1);
  return ok;
}

}  // namespace

bool build_uptimes(FieldReader& r, const Layers& layers, Contract& c) {
  lua_State* L = r.lua();
  const int base = lua_gettop(L);
  std::vector<Merged> merged;
  bool ok = true;
  // The tier's terms in its order, each with the contract's of the same
  // name over it; then the contract's others in its order (terms.md); and
  // so on for each amendment over the contract.
  for (const Definition* d : layers) {
    if (!d) continue;
    d->table.push(L);
    int type = rawfield(L, lua_gettop(L), "uptime");
    lua_remove(L, -2);
    if (type == LUA_TNIL) continue;
    r.point_at(d);
    std::vector<Written> terms;
    bool list = false;
    if (!written_terms(r, lua_gettop(L), terms, list)) ok = false;
    c.uptime_list |= list;
    for (const Written& w : terms) {
      auto same = std::find_if(merged.begin(), merged.end(), [&](const Merged& m) { return m.name == w.name; });
      if (same != merged.end())
        same->texts.push_back({d, w});
      else
        merged.push_back({w.name, {{d, w}}});
    }
  }
  if (ok)
    for (const Merged& m : merged) {
      std::string field = c.uptime_list ? "uptime[\"" + m.name + "\"]" : "uptime";
      push_merged(L, m);
      ok = build_term(r, m, field, c.uptimes.emplace_back()) && ok;
      lua_pop(L, 1);
    }
  lua_settop(L, base);
  return ok;
}

}  // namespace vow
