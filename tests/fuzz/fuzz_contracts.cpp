// `vow check` on one arbitrary contract file: run it in the sandbox, then
// resolve its calendars, tiers and contracts into terms.
#include <cstdint>
#include <string>

#include "contracts/contract_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Smaller than the command's limits so an endless loop or a memory bomb
  // costs milliseconds, not seconds: the limits' enforcement is under test,
  // not their size.
  vow::SandboxLimits limits;
  limits.instructions_per_call = 1'000'000;
  limits.memory_per_call = 16u << 20;
  limits.memory_total = 64u << 20;
  limits.seconds_per_call = 2;
  vow::ContractSet set(limits);
  set.add_source("rules/fuzz.lua", std::string(reinterpret_cast<const char*>(data), size));
  set.resolve();
  return 0;
}
