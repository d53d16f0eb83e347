// One apply_credits (`vow credits --apply`) at a time per ledger (ADR 6): two at once would
// both find a credit unrecorded and both deliver it.
#pragma once

#include <functional>
#include <string>

namespace vow {

// An exclusive flock on `<store>.apply.lock`, held until destroyed. Waits
// for another run to finish, calling `waiting` when that takes more than a moment.
// A lock file that cannot be created is exit 78 naming it.
class ApplyLock {
 public:
  ApplyLock(const std::string& store, const std::function<void()>& waiting);
  ~ApplyLock();
  ApplyLock(const ApplyLock&) = delete;
  ApplyLock& operator=(const ApplyLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace vow
