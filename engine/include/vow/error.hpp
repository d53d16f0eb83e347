// Errors that cross the public API carry the exit code of spec/cli.md (and
// 3, which the spec does not list: ADR 0014).
#pragma once

#include <stdexcept>
#include <string>

namespace vow {

// DoesNotApply: a draft whose premise is false (no credit owed, an outage not
// over yet) is refused, and nothing is written (docs/adr/0014).
enum class Exit : int { Ok = 0, Internal = 1, Usage = 2, DoesNotApply = 3, BadData = 65, BadConfig = 78 };

class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Exit code() const { return code_; }

 private:
  Exit code_;
};

}  // namespace vow
