// Errors that cross the public API carry the exit code `vow` would exit with
// (docs/cli.md, "Exit codes"; 3 is ADR 0014).
#pragma once

#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vow {

// DoesNotApply: a draft whose premise is false (no credit owed, an outage not
// over yet) is refused, and nothing is written (docs/adr/0014).
enum class Exit : int { Ok = 0, Internal = 1, Usage = 2, DoesNotApply = 3, BadData = 65, BadConfig = 78 };

// One piece of a message: words, or an input the message is about (a
// field of a request: "period", "customer"), which each front end may call
// by its own name: the command line says "--period" where the library says
// "period" (docs/embedding.md, "Errors").
struct Said {
  std::string text;                                    // the library's words
  std::string field;                                   // empty: plain words
  Said(std::string words) : text(std::move(words)) {}  // NOLINT: plain words convert
  Said(const char* words) : text(words) {}             // NOLINT
  Said(std::string words, std::string field_name) : text(std::move(words)), field(std::move(field_name)) {}
};

// The input `name`, called `words` in the library's own message (`name` when empty).
inline Said field(std::string name, std::string words = {}) {
  std::string text = words.empty() ? name : std::move(words);
  return Said(std::move(text), std::move(name));
}

class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message) : std::runtime_error(message), code_(code), parts_{Said(message)} {}
  // A message that names inputs: what() says them in the library's words.
  Error(Exit code, std::vector<Said> parts)
      : std::runtime_error(join(parts, {})), code_(code), parts_(std::move(parts)) {}
  Error(Exit code, std::initializer_list<Said> parts) : Error(code, std::vector<Said>(parts)) {}

  Exit code() const { return code_; }

  // The inputs the message is about, in the order it names them.
  std::vector<std::string> fields() const {
    std::vector<std::string> out;
    for (const auto& p : parts_)
      if (!p.field.empty()) out.push_back(p.field);
    return out;
  }

  // The message with each input called `name(field)` (its library words
  // where that is empty).
  std::string worded(const std::function<std::string(const std::string& field)>& name) const {
    return join(parts_, name);
  }

 private:
  static std::string join(const std::vector<Said>& parts,
                          const std::function<std::string(const std::string& field)>& name) {
    std::string out;
    for (const auto& p : parts) {
      std::string own = p.field.empty() || !name ? std::string() : name(p.field);
      out += own.empty() ? p.text : own;
    }
    return out;
  }

  Exit code_;
  std::vector<Said> parts_;
};

}  // namespace vow
