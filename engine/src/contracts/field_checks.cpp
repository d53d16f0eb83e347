#include "contracts/field_checks.hpp"

#include <algorithm>
#include <map>

#include "contracts/fields.hpp"
#include "model/utf8.hpp"

namespace vow {
namespace {

// One definition's table, walked for names it does not know and text it cannot keep.
class FieldChecker {
 public:
  FieldChecker(lua_State* state, const ContractSet& lines, DiagnosticSink& sink)
      : L(state), lines_(lines), sink_(sink) {}

  bool check(const Definition& d) {
    d.table.push(L);
    int t = lua_gettop(L);
    check_text(d, t, "", 0);
    check_keys(d, t, field_names(d.kind), "");
    for (const auto& f : field_specs(d.kind)) {
      if (f.keys.empty()) continue;
      std::string name(f.name);
      if (rawfield(t, name.c_str()) == LUA_TTABLE) {
        int v = lua_gettop(L);
        // `uptime` may be a list of terms (contract language 1.1): each is checked.
        bool list = name == "uptime" && lua_rawgeti(L, v, 1) != LUA_TNIL;
        if (name == "uptime") lua_pop(L, 1);
        if (list) {
          for (lua_Integer i = 1; lua_rawgeti(L, v, i) == LUA_TTABLE; ++i) {
            check_keys(d, lua_gettop(L), f.keys, name + "[" + std::to_string(i) + "]");
            lua_pop(L, 1);
          }
          lua_pop(L, 1);
        } else {
          check_keys(d, v, f.keys, name);
        }
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return !bad_text_;
  }

 private:
  lua_State* L;
  const ContractSet& lines_;
  DiagnosticSink& sink_;
  bool bad_text_ = false;

  int rawfield(int t, const char* key) {
    lua_pushstring(L, key);
    return lua_rawget(L, t);
  }

  void check_keys(const Definition& d, int idx, const std::vector<std::string_view>& known, const std::string& prefix) {
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      lua_pop(L, 1);
      if (lua_type(L, -1) != LUA_TSTRING) {
        sink_.report(d.at, describe(d) + ": " + (prefix.empty() ? "fields" : "field " + quote(prefix) + ": keys") +
                               " must be names, not list items");
        continue;
      }
      std::string key = lua_tostring(L, -1);
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        auto near = nearest(key, known);
        std::string full = prefix.empty() ? key : prefix + "." + key;
        sink_.report({d.at.file, lines_.line_of_field(d.at, key)},
                     describe(d) + ": unknown field " + quote(full) +
                         (near.empty() ? "" : " (did you mean " + quote(near) + "?)"));
      }
    }
  }

  // Every text of a definition reaches reports in JSON, Markdown and HTML,
  // and is kept in memory per account: UTF-8, and at most kMaxFieldBytes.
  // Nested tables are walked a few levels deep (no cycles).
  static constexpr size_t kMaxFieldBytes = 1000;

  void check_text(const Definition& d, int idx, const std::string& prefix, int depth) {
    auto text_of = [&](int i) {
      return lua_type(L, i) == LUA_TSTRING ? std::string_view(lua_tostring(L, i), lua_rawlen(L, i))
                                           : std::string_view();
    };
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      std::string key = lua_type(L, -2) == LUA_TSTRING   ? clip_text(text_of(-2), 64)
                        : lua_type(L, -2) == LUA_TNUMBER ? "[" + std::to_string(lua_tointeger(L, -2)) + "]"
                                                         : "?";
      std::string field = prefix.empty() ? key : prefix + "." + key;
      std::string_view k = text_of(-2), v = text_of(-1);
      std::string problem = !valid_utf8(k) || !valid_utf8(v) ? "is not valid UTF-8 text (save the file as UTF-8)"
                            : k.size() > kMaxFieldBytes || v.size() > kMaxFieldBytes
                                ? "is " + std::to_string(std::max(k.size(), v.size())) + " bytes long; at most " +
                                      std::to_string(kMaxFieldBytes) + " are allowed"
                                : "";
      if (!problem.empty()) bad_text_ = true;
      if (!problem.empty())
        sink_.report({d.at.file, lines_.line_of_field(d.at, key)},
                     describe(d) + ": field " + quote(field) + " " + problem);
      else if (lua_type(L, -1) == LUA_TTABLE && depth < 4)
        check_text(d, lua_gettop(L), field, depth + 1);
      lua_pop(L, 1);
    }
  }
};

}  // namespace

void check_duplicates(const std::vector<Definition>& definitions, DiagnosticSink& sink) {
  std::map<std::pair<Definition::Kind, std::string>, const Definition*> first;
  for (const auto& d : definitions) {
    auto [it, fresh] = first.emplace(std::make_pair(d.kind, d.name), &d);
    if (!fresh) sink.report(d.at, describe(d) + " is already defined at " + it->second->at.str());
    if (d.kind == Definition::Kind::Calendar && d.name == "24x7")
      sink.report(d.at, "calendar \"24x7\" is built in and cannot be redefined");
  }
}

bool check_fields(lua_State* L, const Definition& d, const ContractSet& lines, DiagnosticSink& sink) {
  return FieldChecker(L, lines, sink).check(d);
}

}  // namespace vow
