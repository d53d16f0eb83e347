// Errors that cross the public API carry the exit code of spec/cli.md.
#pragma once

#include <stdexcept>
#include <string>

namespace vow {

enum class Exit : int { Ok = 0, Internal = 1, Usage = 2, BadData = 65, BadConfig = 78 };

class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Exit code() const { return code_; }

 private:
  Exit code_;
};

}  // namespace vow
