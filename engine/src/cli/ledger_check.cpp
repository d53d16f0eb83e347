#include "cli/ledger_check.hpp"

#include <iostream>

#include "ledger/ledger.hpp"
#include "vow/error.hpp"

namespace vow::cli {

bool check_ledger(const std::filesystem::path& store) {
  std::error_code ec;
  if (!std::filesystem::exists(store, ec) && !ec) {
    std::cout << store.string() << ": no ledger yet (vow ingest creates it)\n";
    return true;
  }
  LedgerCheck found;
  try {
    Ledger ledger(store.string(), Ledger::Access::Read);
    found = ledger.verify();
  } catch (const Error& e) {
    found.problems.push_back(e.what());
  }
  for (const auto& p : found.problems) std::cerr << p << "\n";
  if (!found.problems.empty()) return false;
  std::cout << store.string() << ": " << found.events << " events, "
            << (found.version >= 2 ? "every checksum verified"
                                   : "schema version 1: no checksums yet (the next vow ingest adds them)")
            << "\n";
  return true;
}

}  // namespace vow::cli
