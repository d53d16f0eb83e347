// The benchmarks' peak memory: the process's maximum resident set so far.
#pragma once

#include <sys/resource.h>

inline long peak_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}
