#include "contracts/field_reader.hpp"

#include <algorithm>
#include <cmath>

#include "contracts/fields.hpp"
#include "time/durations.hpp"

namespace vow {

int rawfield(lua_State* L, int t, const char* key) {
  lua_pushstring(L, key);
  return lua_rawget(L, t);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known) {
  auto near = nearest(word, known);
  return near.empty() ? std::string() : " (did you mean " + quote(near) + "?)";
}

SourceRef FieldReader::line_of(std::string_view leaf) const {
  return {origin_->at.file, lines_.line_of_field(origin_->at, leaf, from_line_)};
}

int FieldReader::line_of_value(std::string_view field, std::string_view value, int from) const {
  int line = lines_.line_of_field(origin_->at, field, from, value);
  return line == origin_->at.line ? 0 : line;
}

std::string FieldReader::who() const {
  return origin_ && origin_->kind == Definition::Kind::Amendment ? describe(*origin_) : what_;
}

void FieldReader::error(std::string_view field, const std::string& msg) {
  auto leaf = field.substr(field.rfind('.') == std::string_view::npos ? 0 : field.rfind('.') + 1);
  // "field "tier": unknown tier ...", "field "tier" must be ...".
  sink_.report(line_of(leaf), who() + ": field " + quote(field) + (msg.starts_with(':') ? "" : " ") + msg);
}

void FieldReader::error_at(std::string_view leaf, std::string_view field, const std::string& msg) {
  sink_.report(line_of(leaf), who() + ": field " + quote(field) + (msg.starts_with(':') ? "" : " ") + msg);
}

bool FieldReader::known_keys(int t, const std::string& field, const std::vector<std::string_view>& known) {
  bool ok = true;
  lua_pushnil(L_);
  while (lua_next(L_, t)) {
    lua_pop(L_, 1);
    std::string k = lua_type(L_, -1) == LUA_TSTRING ? lua_tostring(L_, -1) : "?";
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      error(field + "." + k, "is unknown" + did_you_mean(k, known));
      ok = false;
    }
  }
  return ok;
}

bool FieldReader::number(std::string_view field, double& out, double lo, double hi, const char* hint) {
  if (lua_type(L_, -1) != LUA_TNUMBER || !std::isfinite(lua_tonumber(L_, -1)) || lua_tonumber(L_, -1) < lo ||
      lua_tonumber(L_, -1) > hi) {
    error(field, std::string("must be ") + hint);
    return false;
  }
  out = lua_tonumber(L_, -1);
  return true;
}

bool FieldReader::duration(std::string_view field, Millis& out) {
  if (lua_type(L_, -1) == LUA_TNUMBER) {
    double v = lua_tonumber(L_, -1);
    if (std::isfinite(v) && v >= 0 && v < 1e12) {
      out = static_cast<Millis>(std::llround(v * 1000));
      return true;
    }
  } else if (lua_type(L_, -1) == LUA_TSTRING) {
    if (auto ms = parse_duration(lua_tostring(L_, -1))) {
      out = *ms;
      return true;
    }
    error(field, ": " + quote(lua_tostring(L_, -1)) +
                     " is not a duration (like \"90s\", \"30m\", \"4h\", \"2d\", \"1h30m\": units d h m s in that "
                     "order, no decimals)");
    return false;
  }
  error(field, "must be a duration: hours(4), minutes(30) or a string like \"1h30m\"");
  return false;
}

bool FieldReader::string_list(std::string_view field, std::vector<std::string>& out) {
  if (lua_type(L_, -1) != LUA_TTABLE) {
    error(field, "must be a list of strings such as { \"api\" }");
    return false;
  }
  for (lua_Integer i = 1; lua_rawgeti(L_, -1, i) != LUA_TNIL; ++i) {
    if (lua_type(L_, -1) != LUA_TSTRING) {
      error(field, "must be a list of strings; item " + std::to_string(i) + " is a " + luaL_typename(L_, -1));
      lua_pop(L_, 1);  // the item; the list stays, for the caller to pop as on success
      return false;
    }
    out.emplace_back(lua_tostring(L_, -1));
    lua_pop(L_, 1);
  }
  lua_pop(L_, 1);
  return true;
}

}  // namespace vow
