#include "serve/checkpointer.hpp"

#include "serve/log.hpp"

namespace vow::serve {

Checkpointer::Checkpointer(Workspace& ws, Log& log, std::chrono::milliseconds every)
    : ws_(ws), log_(log), every_(every) {
  thread_ = std::thread([this] { run(); });
  ws_.checkpoint_apart(true);  // once a thread is there to do it
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  // The workspace may outlive the server: its ingests checkpoint again.
  ws_.checkpoint_apart(false);
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
      // What is committed stays in the -wal, read as before, and the next
      // turn tries again. Said once, not every second.
      try {
        if (failed_ != e.what()) log_.write("error", "the ledger's checkpoint could not run", {{"error", e.what()}});
        failed_ = e.what();
      } catch (...) {  // no memory to say it: the next turn tries again
      }
    } catch (...) {  // not one of vow's: the next turn tries again
    }
  }
}

}  // namespace vow::serve
