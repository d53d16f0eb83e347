// Moves the server's commits into the ledger's main file on a thread of its
// own, every `every` (ADR 0062): a checkpoint after each small commit
// synced the disk twice per POST, and the next POST waited for both.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "vow/workspace.hpp"

namespace vow::serve {

class Log;

class Checkpointer {
 public:
  // While it lives, `ws`'s ingests leave their checkpoints to this thread.
  Checkpointer(Workspace& ws, Log& log, std::chrono::milliseconds every = std::chrono::seconds(1));
  // Stops the thread after one last checkpoint.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  void run();

  Workspace& ws_;
  Log& log_;
  std::chrono::milliseconds every_;
  std::mutex m_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::string failed_;  // the last error logged
  std::thread thread_;
};

}  // namespace vow::serve
