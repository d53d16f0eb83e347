// Loads contract files into one sandboxed Lua state and resolves their
// calendars, tiers and contracts into terms (spec/contracts.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compliance/terms.hpp"
#include "contracts/diagnostics.hpp"
#include "contracts/registry_ref.hpp"
#include "contracts/sandbox.hpp"
#include "vow/report.hpp"

namespace vow {

struct Definition {
  // An Amendment is one table of a contract's `amendments` (1.1), read as a
  // layer over the contract: `name` is the contract's, `from` its month.
  enum class Kind { Calendar, Tier, Contract, Amendment } kind;
  std::string name;
  SourceRef at;
  RegistryRef table;
  std::string from{};
};

// Calendars by (name, time zone): a calendar without a zone of its own
// opens in each contract's zone. Targets point into it.
using CalendarStore = std::map<std::pair<std::string, std::string>, std::unique_ptr<Calendar>>;

class ContractSet {
 public:
  explicit ContractSet(SandboxLimits limits = {});
  ~ContractSet();

  // Runs one contract file; `name` is how messages refer to it.
  void add_source(const std::string& name, std::string source);
  // Resolves every definition; problems go to diagnostics().
  void resolve();

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_.all(); }
  const std::vector<Contract>& contracts() const { return contracts_; }
  const Contract* find(std::string_view id) const;
  Sandbox& sandbox() { return sandbox_; }

  // Used by the Lua-facing definition functions and the resolver.
  void record(Definition def);
  void report(const SourceRef& at, std::string message);
  // The first line of `field =` in the definition at `def`, from line `from`
  // on (0: the definition's own), whose value begins with `value` when it is
  // given; the definition's line when there is none.
  int line_of_field(const SourceRef& def, std::string_view field, int from = 0, std::string_view value = {}) const;

 private:
  Sandbox sandbox_;                                        // first: the registry references below go before the state
  std::map<std::string, std::vector<std::string>> lines_;  // file -> its lines
  std::vector<Definition> definitions_;
  // The lines definitions start at, by file: where line_of_field() stops
  // looking. A portfolio made in a loop has thousands of definitions.
  std::map<std::string, std::set<int>, std::less<>> starts_;
  DiagnosticSink diagnostics_;
  std::vector<Contract> contracts_;
  // contracts_ by id, made by resolve(): a live round looks up a hundred
  // customers, and a binary search over whole contracts missed the cache
  // at each step.
  std::unordered_map<std::string_view, const Contract*> by_id_;
  CalendarStore calendars_;
};

// "rules/a.lua:12: what" split into its parts; nullopt when the text does
// not start with a location.
struct Located {
  std::string file;
  int line = 0;
  std::string message;
};
std::optional<Located> split_location(std::string_view text);

// The known name closest to `word` by edit distance, or "" when none is close.
std::string nearest(std::string_view word, const std::vector<std::string_view>& known);

}  // namespace vow
