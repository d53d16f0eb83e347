#include "workspace/load.hpp"

#include "ledger/ledger.hpp"

namespace vow {

void load_events(Engine& engine, const std::filesystem::path& store) {
  Ledger(store.string(), Ledger::Access::Read).for_each([&](Event&& e) { engine.add_event(std::move(e)); });
}

}  // namespace vow
