// vow import-slo's reading of OpenSLO and Sloth YAML on arbitrary bytes:
// whatever the input, an import result (Lua, refusals, notes), never a crash.
#include <cstdint>
#include <string>

#include "slo/import_slo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (bool as_uptime : {false, true}) vow::slo::import_slo({{"fuzz.yaml", text}}, as_uptime);
  return 0;
}
