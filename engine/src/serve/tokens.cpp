#include "serve/tokens.hpp"

#include <cstdint>

#include "vow/error.hpp"

namespace vow::serve {

std::vector<Credential> resolve_tokens(const WorkspaceConfig& config,
                                       const std::function<const char*(const char*)>& env) {
  std::vector<Credential> out;
  for (const auto& t : config.serve.tokens) {
    Credential c{t.name, t.token, false, false};
    for (const auto& s : t.scopes) (s == "ingest" ? c.ingest : c.read) = true;
    if (!t.token_env.empty()) {
      const char* v = env(t.token_env.c_str());
      std::string where =
          config.file.string() + ":" + std::to_string(t.line) + ": serve.tokens.token_env of \"" + t.name + "\": ";
      if (!v || !*v) throw Error(Exit::BadConfig, where + "the environment variable " + t.token_env + " is not set");
      c.secret = v;
      // Its value is never said: it is a secret.
      bool plain =
          c.secret.size() >= 16 && c.secret.size() <= 4096 && c.secret.find_first_of(" \t\r\n,\"") == std::string::npos;
      if (!plain)
        throw Error(Exit::BadConfig, where + "the value of " + t.token_env +
                                         " is not a usable token (16 to 4096 characters, no spaces or quotes)");
    }
    for (const auto& other : out)
      if (same_secret(other.secret, c.secret))
        throw Error(Exit::BadConfig, config.file.string() + ":" + std::to_string(t.line) + ": serve.tokens: \"" +
                                         t.name + "\" has the same secret as \"" + other.name +
                                         "\": give each its own");
    out.push_back(std::move(c));
  }
  return out;
}

bool same_secret(std::string_view a, std::string_view b) {
  std::size_t n = a.size() > b.size() ? a.size() : b.size();
  // Volatile: the compiler may not stop the loop once a difference is seen.
  volatile std::uint8_t diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    auto x = static_cast<std::uint8_t>(i < a.size() ? a[i] : 0);
    auto y = static_cast<std::uint8_t>(i < b.size() ? b[i] : 0);
    diff = static_cast<std::uint8_t>(diff | (x ^ y));
  }
  return diff == 0;
}

const Credential* find_credential(const std::vector<Credential>& all, std::string_view presented) {
  const Credential* found = nullptr;
  for (const auto& c : all) {
    bool same = same_secret(c.secret, presented);
    found = same ? &c : found;
  }
  return found;
}

std::optional<std::string_view> bearer_token(std::string_view h) {
  constexpr std::string_view scheme = "bearer ";
  if (h.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    char c = h[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != scheme[i]) return std::nullopt;
  }
  h.remove_prefix(scheme.size());
  while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.remove_prefix(1);
  while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.remove_suffix(1);
  if (h.empty()) return std::nullopt;
  return h;
}

}  // namespace vow::serve
