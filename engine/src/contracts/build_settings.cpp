// The contract fields that hold one value: its display name, time zone,
// currency and fees, the statuses that pause resolution clocks, and the
// thresholds of compliance, warnings and credits.
#include <cctype>

#include "contracts/build_terms.hpp"

namespace vow {

bool build_name(FieldReader& r, std::string& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TSTRING) return r.error("name", "must be a string"), false;
  out = lua_tostring(L, -1);
  return true;
}

bool build_timezone(FieldReader& r, const Zone*& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TSTRING) return r.error("timezone", "must be an IANA time zone name"), false;
  const Zone* z = Zone::find(lua_tostring(L, -1));
  if (!z)
    return r.error("timezone", ": unknown time zone " + quote(lua_tostring(L, -1)) +
                                   " (use an IANA name such as \"America/New_York\")"),
           false;
  out = z;
  return true;
}

bool build_commitment(FieldReader& r, Commitment& out) {
  lua_State* L = r.lua();
  std::string_view v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
  if (v != "month" && v != "quarter") return r.error("commitment", "must be \"month\" or \"quarter\""), false;
  out = v == "quarter" ? Commitment::Quarter : Commitment::Month;
  return true;
}

bool build_clause(FieldReader& r, const std::string& field, int t, std::optional<std::string>& out) {
  lua_State* L = r.lua();
  bool ok = true;
  if (rawfield(L, t, "clause") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING) {
      r.error(field, "must be text: where the term stands in the signed contract, such as \"§2.1\"");
      ok = false;
    } else {
      out = lua_tostring(L, -1);
    }
  }
  lua_pop(L, 1);
  return ok;
}

bool build_currency(FieldReader& r, std::string& out) {
  lua_State* L = r.lua();
  std::string_view v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
  if (v.size() != 3 || !isupper(v[0]) || !isupper(v[1]) || !isupper(v[2]))
    return r.error("currency", "must be an ISO 4217 code such as \"USD\""), false;
  out = v;
  return true;
}

bool build_amount(FieldReader& r, const char* field, std::optional<Decimal>& out) {
  double v;
  if (!r.number(field, v, 0, 1e15, "an amount such as 20000")) return false;
  out = Decimal::from_double(v);
  return true;
}

bool build_pause_on(FieldReader& r, std::set<TicketStatus>& out) {
  std::vector<std::string> names;
  if (!r.string_list("pause_on", names)) return false;
  out.clear();
  for (auto& n : names) {
    auto st = ticket_status_from(n);
    if (!st)
      return r.error("pause_on", ": " + quote(n) + " is not a ticket status (open, pending, on_hold, solved, closed)"),
             false;
    out.insert(*st);
  }
  return true;
}

bool build_compliance_target(FieldReader& r, double& out) {
  return r.number("compliance_target", out, 0, 1, "a share from 0 to 1, such as 0.95");
}

bool build_budget_warn(FieldReader& r, double& out) {
  return r.number("budget_warn", out, 0, 1e6, "a fraction of the error budget, such as 0.8");
}

bool build_credit_cap(FieldReader& r, double& out) {
  return r.number("credit_cap", out, 0, 1e6, "a percent of the monthly fee, such as 25");
}

bool build_credit_cap_days(FieldReader& r, std::optional<double>& out) {
  double days = 0;
  if (!r.number("credit_cap_days", days, 0, 1e6, "a number of days of the period's fee, such as 90")) return false;
  out = days;
  return true;
}

bool build_warn_at(FieldReader& r, std::vector<double>& out) {
  lua_State* L = r.lua();
  if (lua_type(L, -1) != LUA_TTABLE)
    return r.error("warn_at", "must be a list of fractions such as { 0.8, 0.9 }"), false;
  out.clear();
  for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; ++i) {
    double w;
    bool good = r.number("warn_at", w, 0, 1e6, "a list of fractions of the target, such as { 0.8, 0.9 }");
    lua_pop(L, 1);
    if (!good) return false;
    out.push_back(w);
  }
  lua_pop(L, 1);  // the nil that ended the list
  return true;
}

}  // namespace vow
