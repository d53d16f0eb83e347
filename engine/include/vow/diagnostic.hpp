// A problem found in an input, pointing at where it is: contract files,
// event lines, plugin output.
#pragma once

#include <string>

namespace vow {

struct Diagnostic {
  enum class Severity { Error, Warning };

  std::string file;  // as the user named it (relative to the project when it can be)
  int line = 0;      // 1-based; 0 when the problem is about the whole file
  std::string message;
  int column = 0;         // 1-based byte column in the line; 0 when unknown
  std::string field{};    // the field at fault ("customers", "credit.schedule"); "" when none
  std::string excerpt{};  // the offending text as it stands in the input; "" when none
  Severity severity = Severity::Error;

  // "FILE:LINE: message", or "FILE:LINE:COLUMN: message" when the column is known.
  std::string str() const {
    std::string s = file + ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
    return s + ": " + (severity == Severity::Warning ? "warning: " : "") + message;
  }
};

}  // namespace vow
