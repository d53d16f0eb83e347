#include "serve/checkpointer.hpp"

#include "serve/log.hpp"

namespace vow::serve {

Checkpointer::Checkpointer(Workspace& ws, Log& log, std::chrono::milliseconds every)
    : ws_(ws), log_(log), every_(every) {
  ws_.checkpoint_apart();
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Checkpointer::run() {
  for (bool last = false; !last;) {
    {
      std::unique_lock lock(m_);
      last = wake_.wait_for(lock, every_, [this] { return stop_; });
    }
    try {
      ws_.checkpoint();
      failed_.clear();
    } catch (const std::exception& e) {
      // The ledger could not be opened for it: what is committed stays in
      // the -wal, read as before, and the next turn tries again. Said once.
      if (failed_ != e.what()) log_.write("error", "the ledger's checkpoint could not run", {{"error", e.what()}});
      failed_ = e.what();
    }
  }
}

}  // namespace vow::serve
