// One `vow credits --apply` at a time per ledger (ADR 6): two at once would
// both find a credit unrecorded and both deliver it.
#pragma once

#include <string>

namespace vow::cli {

// An exclusive flock on `<store>.apply.lock`, held until destroyed. Waits
// for another run to finish, saying so when that takes more than a moment.
// A lock file that cannot be created is exit 78 naming it.
class ApplyLock {
 public:
  explicit ApplyLock(const std::string& store);
  ~ApplyLock();
  ApplyLock(const ApplyLock&) = delete;
  ApplyLock& operator=(const ApplyLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace vow::cli
