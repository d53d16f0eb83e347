// How the builders of contract terms read one field's Lua value (on top of
// the stack) and report what is wrong with it: at the line of the field, in
// the text of the definition that wrote it (a contract's own or its tier's).
#pragma once

#include <lua.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/contract_set.hpp"
#include "contracts/diagnostics.hpp"

namespace vow {

// `t[key]` pushed without metamethods; returns its Lua type.
int rawfield(lua_State* L, int t, const char* key);
// " (did you mean "x"?)" for the known name nearest `word`, or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known);

class FieldReader {
 public:
  FieldReader(lua_State* L, const ContractSet& lines, DiagnosticSink& sink) : L_(L), lines_(lines), sink_(sink) {}

  lua_State* lua() const { return L_; }
  // How messages name the definition being built: "contract "acme"".
  void name(std::string what) { what_ = std::move(what); }
  // Whose text the next messages point into.
  // `from_line`: where in it the table being read begins (one term of a
  // list), so that a field is found there rather than in an earlier term.
  void point_at(const Definition* origin, int from_line = 0) {
    origin_ = origin;
    from_line_ = from_line;
  }
  // The line of `field = value` in the origin, from line `from` on (0: none).
  int line_of_value(std::string_view field, std::string_view value, int from = 0) const;
  const Definition* origin() const { return origin_; }
  // Where `leaf =` is written in the origin's text.
  SourceRef line_of(std::string_view leaf) const;

  // "<what>: field "<field>" <msg>", at the line of the field's last part.
  void error(std::string_view field, const std::string& msg);
  // The same, at the line of `leaf` (a key inside the field's table).
  void error_at(std::string_view leaf, std::string_view field, const std::string& msg);
  // The definition's name in messages, with the amendment the origin is.
  std::string who() const;

  // Reports each key of the table at `t` that `known` lacks as
  // "<field>.<key>" (with the nearest known name); false when there was one.
  bool known_keys(int t, const std::string& field, const std::vector<std::string_view>& known);

  // The value on top of the stack, checked and copied into `out`; on a
  // problem, reports it and returns false. None of them pops the value.
  bool number(std::string_view field, double& out, double lo, double hi, const char* hint);
  // Seconds as a number, or a duration string ("1h30m").
  bool duration(std::string_view field, Millis& out);
  bool string_list(std::string_view field, std::vector<std::string>& out);

 private:
  lua_State* L_;
  const ContractSet& lines_;  // for line_of_field only
  DiagnosticSink& sink_;
  const Definition* origin_ = nullptr;
  int from_line_ = 0;
  std::string what_;
};

}  // namespace vow
