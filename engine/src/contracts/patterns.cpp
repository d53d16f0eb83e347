#include "contracts/patterns.hpp"

#include <cctype>
#include <cstring>

#include "contracts/bounded_library.hpp"

namespace vow {
namespace {

// One single-character class of a pattern: ".", "x", "%a" or "[set]".
bool class_matches(unsigned char c, char cl) {
  bool yes;
  switch (std::tolower(static_cast<unsigned char>(cl))) {
    case 'a':
      yes = std::isalpha(c);
      break;
    case 'c':
      yes = std::iscntrl(c);
      break;
    case 'd':
      yes = std::isdigit(c);
      break;
    case 'g':
      yes = std::isgraph(c);
      break;
    case 'l':
      yes = std::islower(c);
      break;
    case 'p':
      yes = std::ispunct(c);
      break;
    case 's':
      yes = std::isspace(c);
      break;
    case 'u':
      yes = std::isupper(c);
      break;
    case 'w':
      yes = std::isalnum(c);
      break;
    case 'x':
      yes = std::isxdigit(c);
      break;
    default:
      return static_cast<unsigned char>(cl) == c;  // an escaped literal such as "%."
  }
  return std::isupper(static_cast<unsigned char>(cl)) ? !yes : yes;
}

// `set` is "[...]" including both brackets.
bool set_matches(unsigned char c, std::string_view set) {
  size_t i = 1, end = set.size() - 1;
  bool negate = i < end && set[i] == '^';
  if (negate) ++i;
  for (; i < end; ++i) {
    if (set[i] == '%' && i + 1 < end) {
      if (class_matches(c, set[++i])) return !negate;
    } else if (i + 2 < end && set[i + 1] == '-') {
      if (static_cast<unsigned char>(set[i]) <= c && c <= static_cast<unsigned char>(set[i + 2])) return !negate;
      i += 2;
    } else if (static_cast<unsigned char>(set[i]) == c) {
      return !negate;
    }
  }
  return negate;
}

bool single_matches(unsigned char c, std::string_view item) {
  if (item == ".") return true;
  if (item[0] == '%') return class_matches(c, item[1]);
  if (item[0] == '[') return set_matches(c, item);
  return static_cast<unsigned char>(item[0]) == c;
}

// The end of the class starting at `i`, or npos when malformed.
size_t class_end(std::string_view p, size_t i) {
  if (p[i] == '%') return i + 1 < p.size() ? i + 2 : std::string_view::npos;
  if (p[i] != '[') return i + 1;
  size_t k = i + 1;
  if (k < p.size() && p[k] == '^') ++k;
  do {  // a ']' right after '[' or '[^' is a member, not the end
    if (k >= p.size()) return std::string_view::npos;
    if (p[k] == '%') ++k;
    ++k;
  } while (k < p.size() && p[k] != ']');
  return k < p.size() ? k + 1 : std::string_view::npos;
}

// The longest run of subject bytes the class matches: how far one
// repetition of it can expand from any start.
double longest_run(std::string_view s, std::string_view item) {
  size_t best = 0, run = 0;
  for (unsigned char c : s) {
    run = single_matches(c, item) ? run + 1 : 0;
    if (run > best) best = run;
  }
  return static_cast<double>(best);
}

}  // namespace

double pattern_cost(std::string_view s, std::string_view p, bool anchored_allowed) {
  const double n = static_cast<double>(s.size()) + 1;
  const double refused = 1e30;
  bool anchored = anchored_allowed && !p.empty() && p[0] == '^';
  const double starts = anchored ? 1 : n;
  double per_start = static_cast<double>(p.size()) + 1;
  // The estimate only grows, so stop as soon as it is over the budget; and
  // the estimate's own scans of the subject count too (they run in C as well).
  double own_work = 0;
  auto over = [&] { return per_start * starts > kPatternBudget || own_work > kPatternBudget; };
  if (over()) return refused;
  size_t i = anchored ? 1 : 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '(' || c == ')') {
      ++i;
      continue;
    }
    if (c == '%' && i + 1 < p.size() && p[i + 1] == 'b') {  // %bxy scans, without backtracking
      if (i + 3 >= p.size()) return -1;
      per_start *= n;
      i += 4;
    } else if (c == '%' && i + 1 < p.size() && p[i + 1] == 'f') {  // %f[set] looks at one position
      if (i + 2 >= p.size() || p[i + 2] != '[') return -1;
      size_t e = class_end(p, i + 2);
      if (e == std::string_view::npos) return -1;
      i = e;
    } else if (c == '%' && i + 1 < p.size() && std::isdigit(static_cast<unsigned char>(p[i + 1]))) {
      per_start *= n;  // a back-reference compares up to the whole capture
      i += 2;
    } else if (c == '$' && i + 1 == p.size()) {
      break;
    } else {
      size_t e = class_end(p, i);
      if (e == std::string_view::npos) return -1;
      std::string_view item = p.substr(i, e - i);
      i = e;
      if (i < p.size() && (p[i] == '*' || p[i] == '+' || p[i] == '-')) {
        own_work += n * static_cast<double>(item.size());
        if (over()) return refused;
        per_start *= longest_run(s, item) + 1;
        ++i;
      } else if (i < p.size() && p[i] == '?') {
        per_start *= 2;
        ++i;
      }
    }
    if (over()) return refused;
  }
  return per_start * starts;
}

namespace {

// Lua's plain find compares the needle at every candidate (n times m bytes
// at worst); glibc's memmem is linear. Same arguments and results as
// string.find(s, p, init, true).
int plain_find(lua_State* L, std::string_view s, std::string_view p) {
  lua_Integer init = luaL_optinteger(L, 3, 1);
  auto len = static_cast<lua_Integer>(s.size());
  lua_Integer start = init > 0 ? init : init == 0 || init < -len ? 1 : len + init + 1;
  if (start > len + 1) {
    lua_pushnil(L);
    return 1;
  }
  auto from = static_cast<size_t>(start - 1);
  const void* at = p.empty() ? s.data() + from : memmem(s.data() + from, s.size() - from, p.data(), p.size());
  if (!at) {
    lua_pushnil(L);
    return 1;
  }
  auto pos = static_cast<lua_Integer>(static_cast<const char*>(at) - s.data());
  lua_pushinteger(L, pos + 1);
  lua_pushinteger(L, pos + static_cast<lua_Integer>(p.size()));
  return 2;
}

bool has_specials(std::string_view p) {
  return p.find_first_of("^$*+?.([%-") != std::string_view::npos;
}

}  // namespace

namespace {

// The original function is upvalue 1; upvalue 2 names it for messages.
// Whether '^' anchors: not in gmatch, which iterates over the whole subject.
template <bool Anchors>
int bounded(lua_State* L) {
  size_t ns = 0, np = 0;
  const char* s = luaL_checklstring(L, 1, &ns);
  const char* p = luaL_checklstring(L, 2, &np);
  bool is_find = lua_tostring(L, lua_upvalueindex(2))[0] == 'f';
  if (is_find && (lua_toboolean(L, 4) || !has_specials(std::string_view(p, np))))
    return plain_find(L, std::string_view(s, ns), std::string_view(p, np));
  {
    double cost = pattern_cost(std::string_view(s, ns), std::string_view(p, np), Anchors);
    if (cost < 0) return luaL_error(L, "malformed pattern (a '%%' at its end, or a '[' without its ']')");
    if (cost > kPatternBudget)
      return luaL_error(L,
                        "string.%s: this pattern could backtrack for too long on a subject of %d bytes "
                        "(repetitions such as '.-' or '.*' multiply the work); shorten the subject or "
                        "use fewer repetitions",
                        lua_tostring(L, lua_upvalueindex(2)), static_cast<int>(ns));
  }
  return call_original(L);
}

}  // namespace

void install_bounded_patterns(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  for (const char* name : {"find", "match", "gmatch", "gsub"}) {
    lua_getfield(L, idx, name);
    lua_pushstring(L, name);
    lua_pushcclosure(L, name[1] == 'm' ? bounded<false> : bounded<true>, 2);
    lua_setfield(L, idx, name);
  }
}

}  // namespace vow
