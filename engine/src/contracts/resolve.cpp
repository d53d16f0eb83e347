// Turns the recorded Lua definitions into Contract terms: tier inheritance,
// then each field's type and value. The checks before (field_checks) and the
// calendars (calendar_reader) are their own pieces; every problem goes to the
// sink at the line of the field it is about.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "contracts/calendar_reader.hpp"
#include "contracts/calls.hpp"
#include "contracts/contract_set.hpp"
#include "contracts/definitions.hpp"
#include "contracts/field_checks.hpp"
#include "contracts/fields.hpp"
#include "model/utf8.hpp"
#include "time/durations.hpp"

namespace vow {
namespace {

using Kind = Definition::Kind;

std::string quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// Reads the definitions, reports to the sink, and appends the contracts
// that resolved to `out`; the calendars they use go to `calendars`.
class Resolver {
 public:
  Resolver(lua_State* state, const std::vector<Definition>& definitions, const ContractSet& lines, DiagnosticSink& sink,
           std::vector<Contract>& out, CalendarStore& calendars)
      : L(state), defs_(definitions), lines_(lines), sink_(sink), out_(out), calendars_(calendars) {}

  void run() {
    check_duplicates(defs_, sink_);
    for (const auto& d : defs_) {
      if (d.kind == Kind::Calendar) calendar_defs_.emplace(d.name, &d);
      if (d.kind == Kind::Tier) tier_defs_.emplace(d.name, &d);
    }
    for (const auto& d : defs_)
      if (!check_fields(L, d, lines_, sink_)) bad_text_.insert(&d);
    for (const auto& d : defs_)
      if (d.kind == Kind::Calendar) calendar_text_.emplace(&d, read_calendar(L, d, lines_, sink_));
    std::set<std::string> seen;
    for (const auto& d : defs_) {
      if (d.kind != Kind::Contract || !seen.insert(d.name).second) continue;
      Contract c;
      if (build(d, c)) out_.push_back(std::move(c));
    }
    // Tiers nobody uses still get their types checked.
    for (const auto& d : defs_) {
      if (d.kind != Kind::Tier || bad_text_.count(&d)) continue;
      Contract scratch;
      build_from(&d, nullptr, d, scratch);
    }
    std::sort(out_.begin(), out_.end(), [](const Contract& a, const Contract& b) { return a.id < b.id; });
  }

 private:
  lua_State* L;
  const std::vector<Definition>& defs_;
  const ContractSet& lines_;  // for line_of_field only
  DiagnosticSink& sink_;
  std::vector<Contract>& out_;
  CalendarStore& calendars_;
  std::map<std::string, const Definition*> calendar_defs_, tier_defs_;  // the first of each name
  std::map<const Definition*, CalendarText> calendar_text_;
  const Definition* origin_ = nullptr;    // whose text an error points into
  std::string what_;                      // "contract "acme""
  std::set<const Definition*> bad_text_;  // definitions with text too long or not UTF-8

  void error(std::string_view field, const std::string& msg) {
    auto leaf = field.substr(field.rfind('.') == std::string_view::npos ? 0 : field.rfind('.') + 1);
    SourceRef at{origin_->at.file, lines_.line_of_field(origin_->at, leaf)};
    sink_.report(at, what_ + ": field " + quote(field) + " " + msg);
  }

  bool is_schedule(int idx) {
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return false;
    luaL_getmetatable(L, kScheduleMeta);
    bool yes = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return yes;
  }

  int rawfield(int t, const char* key) {
    lua_pushstring(L, key);
    return lua_rawget(L, t);
  }

  // ---- contracts ----

  bool build(const Definition& d, Contract& c) {
    const Definition* tier = nullptr;
    d.table.push(L);
    if (rawfield(lua_gettop(L), "tier") != LUA_TNIL) {
      origin_ = &d;
      what_ = "contract " + quote(d.name);
      if (lua_type(L, -1) != LUA_TSTRING) {
        error("tier", "must be the name of a tier");
      } else {
        auto it = tier_defs_.find(lua_tostring(L, -1));
        if (it == tier_defs_.end()) {
          std::vector<std::string_view> names;
          for (auto& [n, _] : tier_defs_) names.push_back(n);
          auto near = nearest(lua_tostring(L, -1), names);
          error("tier", ": unknown tier " + quote(lua_tostring(L, -1)) +
                            (near.empty() ? "" : " (did you mean " + quote(near) + "?)"));
        } else {
          tier = it->second;
          c.tier = tier->name;
        }
      }
    }
    lua_pop(L, 2);
    // Text that was refused is never copied out of Lua: 20 MB names in
    // every contract would otherwise add up in the engine's memory.
    if (bad_text_.count(&d) || (tier && bad_text_.count(tier))) return false;
    return build_from(&d, tier, d, c);
  }

  // Pushes the merged value of `key` (or nil) and returns whose it is.
  const Definition* push_field(const Definition* own, const Definition* tier, const char* key) {
    int own_type = LUA_TNIL, tier_type = LUA_TNIL;
    if (own) {
      own->table.push(L);
      own_type = rawfield(lua_gettop(L), key);
      lua_remove(L, -2);
    } else {
      lua_pushnil(L);
    }
    if (tier && tier != own) {
      tier->table.push(L);
      tier_type = rawfield(lua_gettop(L), key);
      lua_remove(L, -2);
    } else {
      lua_pushnil(L);
    }
    // stack: own_value tier_value
    if (own_type == LUA_TTABLE && tier_type == LUA_TTABLE && contract_field(key) && contract_field(key)->merged &&
        !is_schedule(-2)) {
      lua_newtable(L);
      for (int src : {-2, -3}) {  // tier first, then the contract's own keys over it
        lua_pushnil(L);
        while (lua_next(L, src - 1)) {
          lua_pushvalue(L, -2);
          lua_insert(L, -2);
          lua_rawset(L, -4);
        }
      }
      lua_insert(L, -3);
      lua_pop(L, 2);
      return own;
    }
    if (own_type != LUA_TNIL) {
      lua_pop(L, 1);
      return own;
    }
    lua_remove(L, -2);
    return tier_type != LUA_TNIL ? tier : nullptr;
  }

  bool number(std::string_view field, double& out, double lo, double hi, const char* hint) {
    if (lua_type(L, -1) != LUA_TNUMBER || !std::isfinite(lua_tonumber(L, -1)) || lua_tonumber(L, -1) < lo ||
        lua_tonumber(L, -1) > hi) {
      error(field, std::string("must be ") + hint);
      return false;
    }
    out = lua_tonumber(L, -1);
    return true;
  }

  bool duration(std::string_view field, Millis& out) {
    if (lua_type(L, -1) == LUA_TNUMBER) {
      double v = lua_tonumber(L, -1);
      if (std::isfinite(v) && v >= 0 && v < 1e12) {
        out = static_cast<Millis>(std::llround(v * 1000));
        return true;
      }
    } else if (lua_type(L, -1) == LUA_TSTRING) {
      if (auto ms = parse_duration(lua_tostring(L, -1))) {
        out = *ms;
        return true;
      }
      error(field, ": " + quote(lua_tostring(L, -1)) +
                       " is not a duration (like \"90s\", \"30m\", \"4h\", \"2d\", \"1h30m\": units d h m s in that "
                       "order, no decimals)");
      return false;
    }
    error(field, "must be a duration: hours(4), minutes(30) or a string like \"1h30m\"");
    return false;
  }

  bool string_list(std::string_view field, std::vector<std::string>& out) {
    if (lua_type(L, -1) != LUA_TTABLE) {
      error(field, "must be a list of strings such as { \"api\" }");
      return false;
    }
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
      if (lua_type(L, -1) != LUA_TSTRING) {
        error(field, "must be a list of strings; item " + std::to_string(i) + " is a " + luaL_typename(L, -1));
        lua_pop(L, 1);  // the item; the list stays, for the caller to pop as on success
        return false;
      }
      out.emplace_back(lua_tostring(L, -1));
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return true;
  }

  const Calendar* calendar_named(std::string_view field, const std::string& name, const Zone* zone) {
    if (name == "24x7") {
      auto& always = calendars_[{"24x7", ""}];
      if (!always) always = std::make_unique<Calendar>();
      return always.get();
    }
    auto it = calendar_defs_.find(name);
    if (it == calendar_defs_.end()) {
      std::vector<std::string_view> names{"24x7"};
      for (auto& [n, _] : calendar_defs_) names.push_back(n);
      auto near = nearest(name, names);
      error(field, ": unknown calendar " + quote(name) + (near.empty() ? "" : " (did you mean " + quote(near) + "?)"));
      return nullptr;
    }
    auto key = std::make_pair(name, zone->name());
    auto& slot = calendars_[key];
    if (!slot) {
      const CalendarText& text = calendar_text_.at(it->second);
      slot = std::make_unique<Calendar>(text.zone ? text.zone : zone, text.hours, text.holidays);
    }
    return slot.get();
  }

  bool targets(const std::string& field, std::map<std::string, Target>& out, const std::string& default_cal,
               const Zone* zone) {
    if (lua_type(L, -1) != LUA_TTABLE) {
      error(field, "must map priorities to targets, such as { P1 = hours(4) }");
      return false;
    }
    bool ok = true;
    int t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
      if (lua_type(L, -2) != LUA_TSTRING) {
        error(field, "keys must be priority names such as P1");
        ok = false;
        lua_pop(L, 1);
        continue;
      }
      std::string prio = lua_tostring(L, -2);
      std::string sub = field + "." + prio;
      Target tg;
      std::string cal = default_cal;
      if (lua_type(L, -1) == LUA_TTABLE) {
        int v = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, v)) {
          lua_pop(L, 1);
          std::string k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
          if (std::find(kTargetKeys.begin(), kTargetKeys.end(), k) == kTargetKeys.end()) {
            auto near = nearest(k, kTargetKeys);
            error(sub + "." + k,
                  "is unknown" + (near.empty() ? std::string() : " (did you mean " + quote(near) + "?)"));
            ok = false;
          }
        }
        if (rawfield(v, "calendar") != LUA_TNIL) {
          if (lua_type(L, -1) == LUA_TSTRING)
            cal = lua_tostring(L, -1);
          else {
            error(sub + ".calendar", "must be a calendar name");
            ok = false;
          }
        }
        lua_pop(L, 1);
        if (rawfield(v, "target") == LUA_TNIL) {
          error(sub + ".target", "is required: { target = hours(8), calendar = \"...\" }");
          ok = false;
        } else {
          ok = duration(sub + ".target", tg.target) && ok;
        }
        lua_pop(L, 1);
      } else {
        ok = duration(sub, tg.target) && ok;
      }
      tg.calendar_name = cal;
      tg.calendar = calendar_named(sub, cal, zone);
      if (!tg.calendar) ok = false;
      out[prio] = tg;
      lua_pop(L, 1);
    }
    return ok;
  }

  bool uptime(const Definition* own, const Definition* tier, UptimeTerm& u) {
    int t = lua_gettop(L);
    if (lua_type(L, t) != LUA_TTABLE) {
      error("uptime", "must be a table such as { target = 99.9, services = { \"api\" } }");
      return false;
    }
    bool ok = true;
    auto sub = [&](const char* key) {
      // Point errors at whichever definition wrote this key.
      origin_ = own;
      if (tier && own != tier) {
        own->table.push(L);
        bool mine = false;
        if (rawfield(lua_gettop(L), "uptime") == LUA_TTABLE) {
          mine = rawfield(lua_gettop(L), key) != LUA_TNIL;
          lua_pop(L, 1);
        }
        lua_pop(L, 2);
        if (!mine) origin_ = tier;
      }
      return rawfield(t, key);
    };
    if (sub("target") == LUA_TNIL) {
      error("uptime.target", "is required: a percent such as 99.9");
      ok = false;
    } else {
      ok = number("uptime.target", u.target, 0, 100, "a percent between 0 and 100, such as 99.9") && ok;
    }
    lua_pop(L, 1);
    if (sub("services") == LUA_TNIL) {
      error("uptime.services", "is required: the services the commitment covers, such as { \"api\" }");
      ok = false;
    } else if (string_list("uptime.services", u.services) && u.services.empty()) {
      error("uptime.services", "must name at least one service");
      ok = false;
    }
    lua_pop(L, 1);
    if (sub("combine") != LUA_TNIL) {
      std::string v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
      if (v != "any" && v != "all") {
        error("uptime.combine", "must be \"any\" or \"all\"");
        ok = false;
      }
      u.combine_all = v == "all";
    }
    lua_pop(L, 1);
    if (sub("partial_weight") != LUA_TNIL)
      ok = number("uptime.partial_weight", u.partial_weight, 0, 1, "a number from 0 to 1") && ok;
    lua_pop(L, 1);
    if (sub("maintenance_notice") != LUA_TNIL) ok = duration("uptime.maintenance_notice", u.maintenance_notice) && ok;
    lua_pop(L, 1);
    if (sub("min_outage") != LUA_TNIL) ok = duration("uptime.min_outage", u.min_outage) && ok;
    lua_pop(L, 1);
    if (sub("exclude") != LUA_TNIL) {
      if (lua_type(L, -1) != LUA_TFUNCTION) {
        error("uptime.exclude", "must be a function(o) returning true for outages to leave out");
        ok = false;
      } else {
        lua_Debug ar;
        lua_pushvalue(L, -1);
        lua_getinfo(L, ">S", &ar);
        u.exclude_at = {ar.short_src, ar.linedefined};
        lua_pushvalue(L, -1);
        u.exclude_fn = take_code(L);
      }
    }
    lua_pop(L, 1);
    origin_ = own;
    return ok;
  }

  bool credit(CreditTerm& cr) {
    if (lua_type(L, -1) == LUA_TFUNCTION) {
      lua_Debug ar;
      lua_pushvalue(L, -1);
      lua_getinfo(L, ">S", &ar);
      cr.kind = CreditTerm::Kind::Function;
      cr.at = {ar.short_src, ar.linedefined};
      lua_pushvalue(L, -1);
      cr.fn = take_code(L);
      return true;
    }
    if (!is_schedule(-1)) {
      error("credit", "must be a function(m) or schedule { { below = 99.9, percent = 10 }, ... }");
      return false;
    }
    cr.kind = CreditTerm::Kind::Schedule;
    cr.at = {origin_->at.file, lines_.line_of_field(origin_->at, "credit")};
    bool ok = true;
    rawfield(lua_gettop(L), "rows");
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
      ScheduleRow row;
      std::string f = "credit[" + std::to_string(i) + "]";
      if (lua_type(L, -1) != LUA_TTABLE) {
        error(f, "must be a row { below = 99.9, percent = 10 }");
        ok = false;
      } else {
        int r = lua_gettop(L);
        rawfield(r, "below");
        ok = number(f + ".below", row.below, 0, 100, "a percent of uptime, such as 99.9") && ok;
        lua_pop(L, 1);
        rawfield(r, "percent");
        ok = number(f + ".percent", row.percent, 0, 1e6, "a percent of the monthly fee, such as 10") && ok;
        lua_pop(L, 1);
        cr.rows.push_back(row);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 2);
    return ok;
  }

  bool build_from(const Definition* own, const Definition* tier, const Definition& d, Contract& c) {
    bool ok = true;
    what_ = std::string(kind_name(d.kind)) + " " + quote(d.name);
    c.id = d.name;
    c.name = d.name;
    c.at = d.at;
    c.zone = &Zone::utc();
    auto with = [&](const char* key, auto&& fn) {
      const Definition* from = push_field(own, tier, key);
      if (from) {
        origin_ = from;
        if (!fn()) ok = false;
      }
      lua_pop(L, 1);
      origin_ = own;
    };
    with("name", [&] {
      if (lua_type(L, -1) != LUA_TSTRING) return error("name", "must be a string"), false;
      c.name = lua_tostring(L, -1);
      return true;
    });
    with("timezone", [&] {
      if (lua_type(L, -1) != LUA_TSTRING) return error("timezone", "must be an IANA time zone name"), false;
      const Zone* z = Zone::find(lua_tostring(L, -1));
      if (!z)
        return error("timezone", ": unknown time zone " + quote(lua_tostring(L, -1)) +
                                     " (use an IANA name such as \"America/New_York\")"),
               false;
      c.zone = z;
      return true;
    });
    with("currency", [&] {
      std::string_view v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
      if (v.size() != 3 || !isupper(v[0]) || !isupper(v[1]) || !isupper(v[2]))
        return error("currency", "must be an ISO 4217 code such as \"USD\""), false;
      c.currency = v;
      return true;
    });
    for (auto [key, slot] : {std::pair{"monthly_fee", &c.monthly_fee}, std::pair{"acv", &c.acv}}) {
      with(key, [&, key = key, slot = slot] {
        double v;
        if (!number(key, v, 0, 1e15, "an amount such as 20000")) return false;
        *slot = Decimal::from_double(v);
        return true;
      });
    }
    std::string default_cal = "24x7";
    with("calendar", [&] {
      if (lua_type(L, -1) != LUA_TSTRING) return error("calendar", "must be a calendar name"), false;
      default_cal = lua_tostring(L, -1);
      return calendar_named("calendar", default_cal, c.zone) != nullptr;
    });
    with("uptime", [&] {
      c.uptime.emplace();
      return uptime(own, tier, *c.uptime);
    });
    with("response", [&] { return targets("response", c.response, default_cal, c.zone); });
    with("resolution", [&] { return targets("resolution", c.resolution, default_cal, c.zone); });
    with("pause_on", [&] {
      std::vector<std::string> names;
      if (!string_list("pause_on", names)) return false;
      c.pause_on.clear();
      for (auto& n : names) {
        auto st = ticket_status_from(n);
        if (!st)
          return error("pause_on",
                       ": " + quote(n) + " is not a ticket status (open, pending, on_hold, solved, closed)"),
                 false;
        c.pause_on.insert(*st);
      }
      return true;
    });
    with("compliance_target",
         [&] { return number("compliance_target", c.compliance_target, 0, 1, "a share from 0 to 1, such as 0.95"); });
    with("budget_warn",
         [&] { return number("budget_warn", c.budget_warn, 0, 1e6, "a fraction of the error budget, such as 0.8"); });
    with("credit_cap",
         [&] { return number("credit_cap", c.credit_cap, 0, 1e6, "a percent of the monthly fee, such as 25"); });
    with("warn_at", [&] {
      if (lua_type(L, -1) != LUA_TTABLE)
        return error("warn_at", "must be a list of fractions such as { 0.8, 0.9 }"), false;
      c.warn_at.clear();
      for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
        double w;
        bool good = number("warn_at", w, 0, 1e6, "a list of fractions of the target, such as { 0.8, 0.9 }");
        lua_pop(L, 1);
        if (!good) return false;
        c.warn_at.push_back(w);
      }
      return true;
    });
    with("credit", [&] { return credit(c.credit); });
    with("communications", [&] {
      if (lua_type(L, -1) != LUA_TTABLE)
        return error("communications", "must be a table such as { initial = minutes(15) }"), false;
      c.communications.emplace();
      bool good = true;
      for (auto [key, slot] : {std::pair{"initial", &c.communications->initial},
                               std::pair{"update_every", &c.communications->update_every},
                               std::pair{"postmortem", &c.communications->postmortem}}) {
        if (rawfield(lua_gettop(L), key) != LUA_TNIL) {
          Millis m;
          if (duration(std::string("communications.") + key, m))
            *slot = m;
          else
            good = false;
        }
        lua_pop(L, 1);
      }
      return good;
    });
    return ok;
  }
};

}  // namespace

void ContractSet::resolve() {
  Resolver(sandbox_.L(), definitions_, *this, diagnostics_, contracts_, calendars_).run();
  diagnostics_.tidy();
}

}  // namespace vow
